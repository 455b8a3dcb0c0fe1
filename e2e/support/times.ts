import type { Page } from '@playwright/test'
import { FORMATS } from '../../lib/i18n/formats'
import type { Locale } from '../../lib/i18n/locales'
import { normalize, readerFor } from './catalogue'

/** The formats that name the zone (everything but a bare date). */
export const ZONED_FORMATS = ['time', 'precise', 'clock'] as const satisfies (keyof typeof FORMATS.dateTime)[]

/** A moment as the portal may show it to a reader of `locale` in `timeZone`: every named format (lib/i18n/formats.ts). */
export function renderings(locale: Locale, timeZone: string, at: Date, formats = Object.keys(FORMATS.dateTime) as (keyof typeof FORMATS.dateTime)[]): string[] {
  const { format } = readerFor(locale, timeZone)
  return formats.map((name) => normalize(format.dateTime(at, name)))
}

/** Every second from `from` to `to`, for a time the server stamped while a test waited. */
export function secondsBetween(from: Date, to: Date): Date[] {
  const seconds: Date[] = []
  for (let at = Math.floor(from.getTime() / 1000) * 1000; at <= to.getTime() + 1000; at += 1000) seconds.push(new Date(at))
  return seconds
}

/** A <time> element: its machine-readable moment, its text, and its title (a relative time, "5 minutes ago", carries the time there). */
export type RenderedTime = { dateTime: string; text: string; title: string }

/** The <time> elements of a page as the browser shows them. */
export function timesOnPage(page: Page): Promise<RenderedTime[]> {
  return page.locator('time').evaluateAll((elements) =>
    elements.map((element) => ({
      dateTime: element.getAttribute('datetime') ?? '',
      text: element.textContent ?? '',
      title: element.getAttribute('title') ?? '',
    })),
  )
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", nbsp: '\u00a0' }
const decode = (html: string) => html.replace(/&(amp|lt|gt|quot|#39|#x27|nbsp);/g, (_, name: string) => ENTITIES[name]!)

/** The <time> elements of a page's HTML as the server sent it, before any script ran. */
export function timesInHtml(html: string): RenderedTime[] {
  return [...html.matchAll(/<time\b([^>]*)>([\s\S]*?)<\/time>/gi)].map(([, attributes, inner]) => ({
    dateTime: /\bdatetime="([^"]*)"/i.exec(attributes!)?.[1] ?? '',
    text: decode(inner!.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]+>/g, '')),
    title: decode(/\btitle="([^"]*)"/i.exec(attributes!)?.[1] ?? ''),
  }))
}

import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser'
import { createFormatter, createTranslator } from 'use-intl/core'
import { FORMATS } from '../../lib/i18n/formats'
import { LOCALES, PSEUDO_LOCALE, type Locale } from '../../lib/i18n/locales'
import { pseudoCatalogue } from '../../lib/i18n/pseudo'

/**
 * The catalogues as the tests read them: a string the English page shows
 * today is looked up by its English wording (which stays what it was), and
 * read back in another language from that message's key. Tests so name what
 * they check in English and never copy a translation: a better German word
 * changes the catalogue, not the test.
 */

type Tree = { [key: string]: string | Tree }

/**
 * The catalogue files as the server reads them (lib/i18n/catalogue.ts), read
 * from disk: the test runner's module loader takes no JSON imports.
 */
const DIRECTORY = path.resolve('lib/i18n/messages')
const AREAS = readdirSync(path.join(DIRECTORY, 'en'))
  .filter((file) => file.endsWith('.json'))
  .map((file) => file.slice(0, -'.json'.length))
export type Area = string
const read = (locale: string): Tree =>
  Object.fromEntries(AREAS.map((area) => [area, JSON.parse(readFileSync(path.join(DIRECTORY, locale, `${area}.json`), 'utf8')) as Tree]))
const CATALOGUES = Object.fromEntries(LOCALES.map((locale) => [locale, read(locale)])) as Record<Locale, Tree>
CATALOGUES[PSEUDO_LOCALE] = pseudoCatalogue(CATALOGUES.en)

/** Words and formats as a reader of `locale` in `timeZone` gets them (lib/i18n/translator.ts). */
export function readerFor(locale: Locale, timeZone: string) {
  const messages = CATALOGUES[locale]
  return {
    t: createTranslator({ locale, messages, timeZone, formats: FORMATS, onError: () => undefined }) as unknown as {
      markup: (key: string, values: object) => string
    },
    format: createFormatter({ locale, timeZone, formats: FORMATS }),
  }
}
type Value = string | number
type Found = { key: string; values: Record<string, Value>; tags: string[] }

/** Whitespace as a page's text reads: runs become one space, no space at either end. */
export const normalize = (text: string) => text.replace(/\s+/g, ' ').trim()

/** For finding a message by its English text: whitespace normalised, and a typewriter apostrophe the same as a typographic one. */
const comparable = (text: string) => normalize(text).replace(/’/g, "'")

function flatten(tree: Tree, prefix: string, into: Map<string, string>): Map<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    const path = `${prefix}.${key}`
    if (typeof value === 'string') into.set(path, value)
    else flatten(value, path, into)
  }
  return into
}

const english = new Map<Area, Map<string, string>>(AREAS.map((area) => [area, flatten(CATALOGUES.en[area] as Tree, area, new Map())]))

/** A message's value in a locale's catalogue by its full key, or undefined. */
function lookup(locale: Locale, key: string): string | undefined {
  let node: unknown = CATALOGUES[locale]
  for (const part of key.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined
  return typeof node === 'string' ? node : undefined
}

type Group = { name: string; argument: string; kind: 'text' | 'number' | 'option'; option?: string }

const escapeLiteral = (text: string) =>
  text
    .replace(/’/g, "'")
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\s+/g, '\\s+')

/**
 * A regular expression that reads a rendered English message back: each
 * argument a named group, each plural or select option an alternative marked
 * by an empty group, tags as their text.
 */
function pattern(elements: MessageFormatElement[], groups: Group[], tags: Set<string>, plural?: string): string {
  const group = (argument: string, kind: Group['kind'], option?: string) => {
    const name = `g${groups.length}`
    groups.push({ name, argument, kind, option })
    return name
  }
  return elements
    .map((element) => {
      switch (element.type) {
        case TYPE.literal:
          return escapeLiteral(element.value)
        case TYPE.argument:
        case TYPE.date:
        case TYPE.time:
          return `(?<${group(element.value, 'text')}>.+?)`
        case TYPE.number:
          return `(?<${group(element.value, 'number')}>[\\d.,\\s]+?)`
        case TYPE.pound:
          return `(?<${group(plural!, 'number')}>\\d[\\d.,]*)`
        case TYPE.tag:
          tags.add(element.value)
          return pattern(element.children, groups, tags, plural)
        case TYPE.plural:
        case TYPE.select: {
          const options = Object.entries(element.options).sort(([a], [b]) => Number(b.startsWith('=')) - Number(a.startsWith('=')))
          const inner = element.type === TYPE.plural ? element.value : plural
          return `(?:${options.map(([key, option]) => `(?<${group(element.value, 'option', key)}>)${pattern(option.value, groups, tags, inner)}`).join('|')})`
        }
        default:
          return '.+?'
      }
    })
    .join('')
}

const PLURAL_STAND_INS: Record<string, number> = { zero: 0, one: 1, two: 2, few: 3, many: 11, other: 5 }

const literalLetters = (elements: MessageFormatElement[]): boolean =>
  elements.some(
    (element) =>
      (element.type === TYPE.literal && /[A-Za-z]/.test(element.value)) ||
      (element.type === TYPE.tag && literalLetters(element.children)) ||
      ((element.type === TYPE.plural || element.type === TYPE.select) && Object.values(element.options).some((option) => literalLetters(option.value))),
  )

const markupValues = (values: Record<string, Value>, tags: string[]) => ({
  ...values,
  ...Object.fromEntries(tags.map((tag) => [tag, (chunks: string) => chunks])),
})

/** Renders one message of a locale's catalogue, as the server would. */
export function render(locale: Locale, key: string, values: Record<string, Value> = {}, tags: string[] = []): string {
  return normalize(readerFor(locale, 'UTC').t.markup(key, markupValues(values, tags)))
}

/** The English messages that render as `text`, with the argument values that make them read so. */
function find(text: string, areas: Area[]): Found[] {
  const wanted = comparable(text)
  const found: Found[] = []
  for (const area of areas) {
    for (const [key, message] of english.get(area)!) {
      const ast = parse(message)
      if (!literalLetters(ast)) continue
      const groups: Group[] = []
      const tags = new Set<string>()
      const match = new RegExp(`^${pattern(ast, groups, tags)}$`, 's').exec(wanted)
      if (!match) continue
      const values: Record<string, Value> = {}
      for (const { name, argument, kind } of groups) {
        const raw = match.groups?.[name]
        if (raw === undefined || kind === 'option') continue
        values[argument] = kind === 'number' ? Number(raw.replace(/[,\s]/g, '')) : raw
      }
      for (const { name, argument, kind, option } of groups) {
        if (kind !== 'option' || match.groups?.[name] === undefined || argument in values) continue
        values[argument] = option!.startsWith('=') ? Number(option!.slice(1)) : (PLURAL_STAND_INS[option!] ?? option!)
      }
      // The values read back must render the very text (a guess at a plural's number may not).
      let rendered: string | undefined
      try {
        rendered = render('en', key, values, [...tags])
      } catch {
        rendered = undefined
      }
      if (rendered !== undefined && comparable(rendered) === wanted) found.push({ key, values, tags: [...tags] })
    }
  }
  // The message whose own words say the most comes first: "Enter this code on the sign-in page:" itself, not
  // "{browser} on {system}" with the rest taken for its arguments.
  const ownWords = ({ values }: Found) => comparable(text).length - Object.values(values).reduce<number>((sum, value) => sum + String(value).length, 0)
  return found.sort((a, b) => ownWords(b) - ownWords(a))
}

const ALL_AREAS = [...english.keys()]

/**
 * How the English `text` reads in `locale`: every distinct rendering of the
 * catalogue messages that read `text` in English (usually one). Throws when
 * no English message reads so (the text still comes from the code) or the
 * locale's catalogue lacks the message.
 */
export function inLocale(locale: Locale, text: string, areas: Area[] = ALL_AREAS): string[] {
  const found = find(text, areas)
  if (found.length === 0)
    throw new Error(`No message in the English catalogue (${areas.join(', ')}) reads “${normalize(text)}”: the text does not come from a catalogue yet.`)
  const missing = found.filter(({ key }) => lookup(locale, key) === undefined).map(({ key }) => key)
  if (missing.length === found.length) throw new Error(`The ${locale} catalogue has no ${missing.join(' or ')} (English: “${normalize(text)}”).`)
  return [...new Set(found.filter(({ key }) => !missing.includes(key)).map(({ key, values, tags }) => render(locale, key, values, tags)))]
}

/** One rendering of `text` in `locale` (the first, when messages of several keys read the same in English). */
export function say(locale: Locale, text: string, areas?: Area[]): string {
  return inLocale(locale, text, areas)[0]!
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')

/** A RegExp for any rendering of the English `text` in `locale`: the whole text (a name or a label), or `within` a longer one. */
export function saying(locale: Locale, text: string, options: { areas?: Area[]; within?: boolean } = {}): RegExp {
  const alternatives = inLocale(locale, text, options.areas).map(escapeRegExp).join('|')
  return options.within ? new RegExp(`(?:${alternatives})`) : new RegExp(`^\\s*(?:${alternatives})\\s*$`)
}

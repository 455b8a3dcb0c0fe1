import type { Page } from '@playwright/test'

/**
 * What the i18n tests read off a rendered page, in the page itself: text that
 * did not come from a catalogue (in the pseudo-locale), and text a layout
 * cuts off.
 */

export type Finding = { text: string; where: string }

/**
 * Every text on the page (text nodes, the title, and the aria-label, title,
 * placeholder, alt and button-value attributes) with ASCII letters outside
 * the pseudo-locale's ⟦ ⟧ fences. Data sits in translate="no" and is skipped,
 * as is text marked with a language of its own (lang) and text without a
 * Latin letter. A message split by markup (a link in a
 * sentence, a name in translate="no") is read as one: a fence opened in an
 * element stays open through its descendants.
 */
export function unfencedTexts(page: Page): Promise<Finding[]> {
  return page.evaluate((appNames) => {
    // Data (translate="no"), text marked as another language than the page's (a language's name in itself, in the
    // switcher), and the node recharts measures label widths with (never shown).
    const SKIP = `script, style, noscript, template, [translate="no"], [lang]:not([lang="${document.documentElement.lang}"]), #recharts_measurement_span`
    const LETTER = /[A-Za-z]/
    const findings = new Map<string, { text: string; where: string }>()
    const describe = (element: Element) => {
      const testId = element.getAttribute('data-testid')
      const role = element.getAttribute('role')
      return `<${element.tagName.toLowerCase()}${testId ? ` data-testid="${testId}"` : ''}${role ? ` role="${role}"` : ''}>`
    }
    const note = (text: string, where: string) => {
      const clean = text.replace(/\s+/g, ' ').trim().slice(0, 200)
      findings.set(`${where} ${clean}`, { text: clean, where })
    }
    const blockOf = (element: Element): Element => {
      for (let current: Element | null = element; current && current !== document.body; current = current.parentElement) {
        const display = getComputedStyle(current).display
        if (display !== 'inline' && display !== 'contents') return current
      }
      return document.body
    }
    /** Reads `text` from fence depth `depth`; whether a Latin letter stood outside every fence, and the depth after it. */
    const scan = (text: string, depth: number): { outside: boolean; depth: number } => {
      let outside = false
      for (const character of text) {
        if (character === '⟦') depth++
        else if (character === '⟧') depth = Math.max(0, depth - 1)
        else if (depth === 0 && LETTER.test(character)) outside = true
      }
      return { outside, depth }
    }

    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) =>
        node.parentElement && !node.parentElement.closest(SKIP) && node.textContent!.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT,
    })
    let depth = 0
    let opened: Element | null = null
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement!
      const block = blockOf(parent)
      // A fence left open by a message cut short ends with the element it opened in.
      if (depth > 0 && opened && !opened.contains(block)) depth = 0
      const before = depth
      const result = scan(node.textContent!, depth)
      if (before === 0 && result.depth > 0) opened = block
      depth = result.depth
      if (result.outside) note(node.textContent!, describe(parent))
    }

    const ATTRIBUTES = ['aria-label', 'aria-description', 'aria-placeholder', 'aria-roledescription', 'title', 'placeholder', 'alt']
    for (const element of document.body.querySelectorAll('*')) {
      if (element.closest(SKIP)) continue
      for (const name of ATTRIBUTES) {
        const value = element.getAttribute(name)
        if (value && scan(value, 0).outside) note(value, `${describe(element)} ${name}`)
      }
      if (element instanceof HTMLInputElement && ['submit', 'button', 'reset'].includes(element.type) && scan(element.value, 0).outside)
        note(element.value, `${describe(element)} value`)
    }
    // A title ends with the configured name of the portal or the app (data, like a person's name): "⟦Šîĝñ îñ⟧ · Passkey Portal".
    const title = appNames.reduce((text, name) => text.split(name).join(''), document.title)
    if (scan(title, 0).outside) note(document.title, '<title>')
    return [...findings.values()]
  }, APP_NAMES)
}

/** The names the servers under test are configured with (APP_NAME, the demo app's name): data in a page's title. */
const APP_NAMES = ['Passkey Portal', 'Acme Expenses']

/**
 * Text the layout cuts off at the page's width: an element whose overflow is
 * hidden (or clipped, or ellipsed) with more text than room, on either axis,
 * and the page itself wider than the window. Elements whose text is all data
 * (translate="no", e.g. an address shortened with an ellipsis on purpose) and
 * visually hidden ones (sr-only) are not counted.
 */
export function clippedTexts(page: Page): Promise<Finding[]> {
  return page.evaluate(() => {
    const findings: { text: string; where: string }[] = []
    const describe = (element: Element) => {
      const testId = element.getAttribute('data-testid')
      const classes = (element.getAttribute('class') ?? '').split(/\s+/).filter(Boolean).slice(0, 4).join('.')
      return `<${element.tagName.toLowerCase()}${testId ? ` data-testid="${testId}"` : ''}${classes ? ` class="${classes}"` : ''}>`
    }
    /** The element's own words: its text without what sits in translate="no". */
    const words = (element: Element): string => {
      if (element.closest('[translate="no"]')) return ''
      const copy = element.cloneNode(true) as Element
      for (const data of copy.querySelectorAll('[translate="no"], script, style')) data.remove()
      return (copy.textContent ?? '').replace(/\s+/g, ' ').trim()
    }
    for (const element of document.body.querySelectorAll('*')) {
      if (!(element instanceof HTMLElement) || !element.checkVisibility()) continue
      const style = getComputedStyle(element)
      const hides = (overflow: string) => overflow === 'hidden' || overflow === 'clip'
      const hidesX = hides(style.overflowX) || style.textOverflow === 'ellipsis'
      const hidesY = hides(style.overflowY)
      if (!hidesX && !hidesY) continue
      const box = element.getBoundingClientRect()
      // Visually hidden for everyone but screen readers (sr-only): 1 px and clipped.
      if (box.width <= 1 || box.height <= 1 || (style.position === 'absolute' && style.clip !== 'auto')) continue
      const text = words(element)
      if (!/\p{L}/u.test(text)) continue
      if (hidesX && element.scrollWidth > element.clientWidth + 1)
        findings.push({
          text: text.slice(0, 120),
          where: `${describe(element)} cut off at the side (${element.scrollWidth} px of text in ${element.clientWidth} px)`,
        })
      else if (hidesY && element.scrollHeight > element.clientHeight + 1)
        findings.push({
          text: text.slice(0, 120),
          where: `${describe(element)} cut off below (${element.scrollHeight} px of text in ${element.clientHeight} px)`,
        })
    }
    const width = window.innerWidth
    if (document.documentElement.scrollWidth > width) {
      // The innermost elements that reach past either edge of the window.
      const outside = [...document.body.querySelectorAll('*')].filter((element) => {
        if (!(element instanceof HTMLElement) || !element.checkVisibility()) return false
        const box = element.getBoundingClientRect()
        return box.width > 0 && (box.right > width + 1 || box.left < -1)
      })
      const innermost = outside.filter((element) => !outside.some((other) => other !== element && element.contains(other)))
      for (const element of innermost.slice(0, 8)) {
        const box = element.getBoundingClientRect()
        findings.push({
          text: (element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 120),
          where: `${describe(element)} runs past the ${width} px window (${Math.round(box.left)}–${Math.round(box.right)} px; page ${document.documentElement.scrollWidth} px wide)`,
        })
      }
      if (innermost.length === 0) findings.push({ text: '', where: `the page is ${document.documentElement.scrollWidth} px wide in a ${width} px window` })
    }
    return findings
  })
}

/** Findings as lines for a failure message. */
export const listed = (findings: Finding[]) => findings.map(({ text, where }) => `  ${where}: “${text}”`).join('\n')

/**
 * A guide sentence as data: plain words, a control to press, a field and what
 * to type in it, data (names, addresses: never translated), or a link. The
 * page renders each as text (React escapes it); a browser test follows the
 * same pieces, so it does only what the guide says.
 */
export type GuideSegment =
  | { kind: 'text'; text: string }
  | { kind: 'press'; text: string }
  | { kind: 'field'; text: string }
  | { kind: 'type'; text: string }
  | { kind: 'data'; text: string }
  | { kind: 'link'; text: string; href: string; newTab: boolean }

/** Where a link tag in a guide sentence leads; `newTab` for another site (the demo app), so the guide stays open here. */
export type GuideLinks = Record<string, { href: string; newTab?: boolean }>

// Tags are marked with control characters no catalogue text or data value may hold (values are stripped of them).
const OPEN = '\u0001'
const MIDDLE = '\u0002'
const CLOSE = '\u0003'
const TAGGED = /\u0001([a-zA-Z]+)\u0002([^\u0001\u0002\u0003]*)\u0003/g
const MARKS = /[\u0001\u0002\u0003]/g

/** Every tag a guide sentence may use: the kinds above, and the links the view fills in (./view.ts). */
export const GUIDE_TAG_NAMES = ['press', 'field', 'type', 'data', 'signIn', 'passkeys', 'recovery', 'mailbox', 'helpdesk', 'rollout', 'acme'] as const

/** The tag functions for t.markup(): each wraps its words in the marks `segmentsOf` reads. */
export function markupTags(names: readonly string[]): Record<string, (chunks: string) => string> {
  return Object.fromEntries(names.map((name) => [name, (chunks: string) => `${OPEN}${name}${MIDDLE}${chunks}${CLOSE}`]))
}

/** A value for a guide sentence, with any mark characters taken out (a name can never open a tag). */
export function plain(value: string): string {
  return value.replace(MARKS, '')
}

const KINDS = new Set(['press', 'field', 'type', 'data'])

/** The segments of a sentence made by t.markup() with `markupTags`. */
export function segmentsOf(marked: string, links: GuideLinks): GuideSegment[] {
  const segments: GuideSegment[] = []
  let last = 0
  for (const match of marked.matchAll(TAGGED)) {
    if (match.index > last) segments.push({ kind: 'text', text: marked.slice(last, match.index) })
    const [, tag, text] = match as unknown as [string, string, string]
    const link = links[tag]
    if (link) segments.push({ kind: 'link', text, href: link.href, newTab: link.newTab ?? false })
    else if (KINDS.has(tag)) segments.push({ kind: tag as 'press' | 'field' | 'type' | 'data', text })
    else segments.push({ kind: 'text', text })
    last = match.index + match[0].length
  }
  if (last < marked.length) segments.push({ kind: 'text', text: marked.slice(last) })
  return segments.map((segment) => ({ ...segment, text: segment.text.replace(MARKS, '') }))
}

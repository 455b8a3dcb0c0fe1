import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser'
import { printAST } from '@formatjs/icu-messageformat-parser/printer.js'

/**
 * The pseudo-locale's catalogue, made from English (ADR 26): every letter
 * accented, each message fenced in ⟦ ⟧ and lengthened by a third with
 * non-breaking filler, so a page in this locale shows at a glance (and a
 * test finds) any text that did not come from a catalogue, and where a
 * layout breaks once text grows. ICU arguments, plurals and tags are kept
 * as they are; only their literal text changes.
 */

const ACCENTED: Record<string, string> = Object.fromEntries(
  [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((letter, index) => [
    letter,
    [...'àƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÀƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ'][index]!,
  ]),
)

export const PSEUDO_OPEN = '⟦'
export const PSEUDO_CLOSE = '⟧'

const accent = (text: string) => [...text].map((character) => ACCENTED[character] ?? character).join('')

function literalLength(elements: MessageFormatElement[]): number {
  let length = 0
  for (const element of elements) {
    if (element.type === TYPE.literal) length += element.value.length
    else if (element.type === TYPE.tag) length += literalLength(element.children)
    else if (element.type === TYPE.plural || element.type === TYPE.select) {
      const first = Object.values(element.options)[0]
      if (first) length += literalLength(first.value)
    }
  }
  return length
}

function accentAll(elements: MessageFormatElement[]): MessageFormatElement[] {
  return elements.map((element) => {
    if (element.type === TYPE.literal) return { ...element, value: accent(element.value) }
    if (element.type === TYPE.tag) return { ...element, children: accentAll(element.children) }
    if (element.type === TYPE.plural || element.type === TYPE.select)
      return {
        ...element,
        options: Object.fromEntries(Object.entries(element.options).map(([key, option]) => [key, { ...option, value: accentAll(option.value) }])),
      }
    return element
  })
}

/** One English message in the pseudo-locale. */
export function pseudoMessage(message: string): string {
  const ast = parse(message)
  const filler = '·'.repeat(Math.ceil(literalLength(ast) / 3))
  return `${PSEUDO_OPEN}${printAST(accentAll(ast))}${filler}${PSEUDO_CLOSE}`
}

type Tree = { [key: string]: string | Tree }

/** A whole catalogue in the pseudo-locale, same keys. */
export function pseudoCatalogue<T extends Tree>(catalogue: T): T {
  return Object.fromEntries(
    Object.entries(catalogue).map(([key, value]) => [key, typeof value === 'string' ? pseudoMessage(value) : pseudoCatalogue(value)]),
  ) as T
}

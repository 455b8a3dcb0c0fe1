import { isStructurallySame, parse } from '@formatjs/icu-messageformat-parser'
import { describe, expect, it } from 'vitest'
import { CATALOGUES } from './catalogue'
import { LOCALES } from './locales'
import { messagesFor } from './messages'
import { pseudoMessage } from './pseudo'
import { translatorFor } from './translator'

type Tree = { [key: string]: string | Tree }

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') out.set(path, value)
    else for (const [inner, text] of flatten(value, path)) out.set(inner, text)
  }
  return out
}

const english = flatten(CATALOGUES.en as unknown as Tree)

describe('the message catalogues', () => {
  it('English parses as ICU MessageFormat throughout', () => {
    for (const [key, message] of english) expect(() => parse(message), key).not.toThrow()
  })

  const areas = Object.keys(CATALOGUES.en) as (keyof typeof CATALOGUES.en)[]
  for (const locale of LOCALES.filter((locale) => locale !== 'en'))
    describe.each(areas)(`${locale}: %s`, (area) => {
      it('has every English key and no other, each with the same arguments, plurals and tags', () => {
        const english = flatten({ [area]: CATALOGUES.en[area] } as unknown as Tree)
        const translated = flatten({ [area]: CATALOGUES[locale][area] } as unknown as Tree)
        expect(
          [...translated.keys()].filter((key) => !english.has(key)),
          'keys English does not have',
        ).toEqual([])
        expect(
          [...english.keys()].filter((key) => !translated.has(key)),
          'keys not translated',
        ).toEqual([])
        for (const [key, message] of translated) {
          const same = isStructurallySame(parse(english.get(key)!), parse(message))
          expect(same.success ? 'same' : String(same.error), `${locale}: ${key}`).toBe('same')
          expect(message.trim(), `${locale}: ${key} is empty`).not.toBe('')
        }
      })
    })

  it('the pseudo-locale keeps arguments and plurals, fences and lengthens the text', () => {
    expect(pseudoMessage('Sign in')).toBe('⟦Šîĝñ îñ···⟧')
    const t = translatorFor('en-XA', 'UTC').t
    expect(t('common.wait.minutes', { count: 3 })).toBe('⟦3 ɱîñûţéš···⟧')
    expect(messagesFor('en-XA')).toBe(messagesFor('en-XA'))
  })

  it('formats times in the reader’s zone with the zone named', () => {
    const at = new Date('2026-12-06T15:30:00Z')
    expect(translatorFor('en', 'America/New_York').format.dateTime(at, 'time')).toBe('Dec 6, 2026, 10:30 AM EST')
    expect(translatorFor('de', 'Europe/Berlin').format.dateTime(at, 'time')).toMatch(/^6\. Dez\. 2026, 16:30 MEZ$/)
  })
})

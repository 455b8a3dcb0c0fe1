import { describe, expect, it } from 'vitest'
import { translatorFor } from '../i18n/translator'
import { listMethods, policyChanges, policySummary, presetWords, previewPerson } from './explain'
import { presetForGroup } from './floors'
import { PRESETS, SEEDED_GROUPS, findPreset } from './presets'
import type { Policy } from './schema'

const seeded = (id: (typeof SEEDED_GROUPS)[number]['id']) => SEEDED_GROUPS.find((group) => group.id === id)!.policy as Policy
const german = translatorFor('de', 'Europe/Berlin')
const arabic = translatorFor('ar', 'Asia/Riyadh')

describe('policies in the reader’s words', () => {
  it('English stays what the history records, without a reader', () => {
    expect(listMethods(['passkey', 'email_code', 'email_link'])).toBe('passkey, emailed code or emailed link')
    expect(policySummary(seeded('administrators'))).toBe(
      'Signs in by passkey or emailed code · passkey required · confirms with a passkey within 5 minutes · sessions 15 minutes idle, 12 hours in all',
    )
  })

  it('German: the summary, the preview and what a preset keeps at the floor', () => {
    expect(listMethods(['passkey', 'email_code', 'email_link'], german)).toBe('Passkey, E-Mail-Code oder E-Mail-Link')
    expect(policySummary(seeded('administrators'), german)).toBe(
      'Anmeldung per Passkey oder E-Mail-Code · Passkey erforderlich · bestätigt mit einem Passkey innerhalb von 5 Minuten · Sitzungen 15 Minuten inaktiv, 12 Stunden insgesamt',
    )
    const lines = previewPerson(
      {
        groupName: 'Administratoren',
        policy: seeded('administrators'),
        passkeys: 0,
        syncedPasskeys: 0,
        hasRecoveryCodes: false,
        hasTotp: false,
        status: 'active',
      },
      german,
    )
    expect(lines.find((line) => line.label === 'Abgemeldet nach')?.value).toBe('15 Minuten inaktiv, 12 Stunden insgesamt')
    expect(lines.find((line) => line.label === 'Nach der Anmeldung')?.why).toBe(
      'die Richtlinie der Gruppe Administratoren verlangt einen Passkey, und dieses Konto hat keinen',
    )
    const { kept } = presetForGroup('administrators', seeded('administrators'), findPreset('workforce-3')!, german)
    expect(kept).toContainEqual({
      key: 'stepUp.methods',
      label: 'Identität bestätigen',
      kept: 'nur Passkey',
      instead: 'Passkey oder E-Mail-Code',
      why: 'Administratoren gehen nie darunter',
    })
  })

  it('Arabic: durations take the number’s form, and the changes are the same settings as in English', () => {
    expect(policySummary(seeded('customers'), arabic)).toContain('7 أيام')
    const after = presetForGroup('employees', seeded('employees'), findPreset('workforce-4')!).policy
    expect(policyChanges(seeded('employees'), after, arabic).map((change) => change.key)).toEqual(
      policyChanges(seeded('employees'), after).map((change) => change.key),
    )
  })

  it('every preset has its name and summary in every language', () => {
    for (const preset of PRESETS) {
      expect(presetWords(preset, translatorFor('en', 'UTC'))).toEqual({ name: preset.name, summary: preset.summary })
      for (const words of [german, arabic]) expect(presetWords(preset, words).name).not.toBe(preset.name)
    }
  })
})

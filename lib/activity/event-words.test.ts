import { describe, expect, it } from 'vitest'
import { db } from '../db'
import { translatorFor } from '../i18n/translator'
import { describeEvent, EVENT_TYPES, eventTypeTitle } from './event-words'
import { listActivity } from './history'

const de = translatorFor('de', 'Europe/Berlin').t
const en = translatorFor('en', 'UTC').t
const row = (fields: Partial<Parameters<typeof describeEvent>[0]> & { type: string }) => ({
  result: 'success',
  method: null,
  reason: null,
  detail: null,
  ...fields,
})

describe('event words', () => {
  it('say in German what happened, how and why it failed', () => {
    const failed = row({ type: 'sign_in', result: 'failure', method: 'email_code', reason: 'code_wrong' })
    expect(describeEvent(failed, de)).toMatchObject({ title: 'Anmeldung fehlgeschlagen', note: 'E-Mail-Code · falscher Code', icon: 'email' })
    // English stays as it was.
    expect(describeEvent(failed, en)).toMatchObject({ title: 'Sign-in failed', note: 'Email code · wrong code' })
    expect(describeEvent(row({ type: 'passkey_renamed', detail: JSON.stringify({ from: 'Alt', to: 'Laptop' }) }), de)).toMatchObject({
      title: 'Passkey umbenannt',
      note: 'jetzt „Laptop“',
    })
    expect(describeEvent(row({ type: 'session_revoked', detail: JSON.stringify({ count: 3, scope: 'others' }) }), de).note).toBe('3 Sitzungen')
    expect(describeEvent(row({ type: 'activity_reported', detail: JSON.stringify({ signedOut: 1 }) }), de)).toMatchObject({
      title: 'Unbekannte Aktivität gemeldet',
      note: '1 andere Sitzung abgemeldet',
    })
    expect(describeEvent(row({ type: 'data_exported', detail: JSON.stringify({ format: 'csv' }) }), de).note).toBe('Verlauf als CSV')
  })

  it('name the payment an app sign-in approved, as the app asked for it', () => {
    const approval = { app: 'Acme Expenses', approvalType: 'payment_approval', amount: '12500.00', currency: 'EUR', payee: 'Northwind Traders' }
    const approved = row({ type: 'app_sign_in', method: 'passkey', detail: JSON.stringify(approval) })
    expect(describeEvent(approved, en).note).toBe('Passkey · Acme Expenses · approved 12500.00 EUR to “Northwind Traders”')
    expect(describeEvent(approved, de).note).toBe('Passkey · Acme Expenses · Freigabe von 12500.00 EUR an „Northwind Traders“')
    // The app's words are data, shown as they are, never as ours.
    expect(
      describeEvent(approved, en)
        .parts.filter((part) => part.data)
        .map((part) => part.text),
    ).toEqual(['Acme Expenses', 'approved 12500.00 EUR to “Northwind Traders”'])
  })

  it('tell a language or time zone change from a name change', () => {
    const language = row({ type: 'profile_updated', detail: JSON.stringify({ setting: 'locale', from: null, to: 'de' }) })
    const zone = row({ type: 'profile_updated', detail: JSON.stringify({ setting: 'timeZone', from: 'UTC', to: 'Europe/Berlin' }) })
    const name = row({ type: 'profile_updated', detail: JSON.stringify({ from: 'Ann', to: 'Anna' }) })
    expect(describeEvent(language, de)).toMatchObject({ title: 'Sprache geändert', note: 'jetzt „Deutsch“' })
    expect(describeEvent(language, en)).toMatchObject({ title: 'Language changed', note: 'now “Deutsch”' })
    expect(describeEvent(zone, de)).toMatchObject({ title: 'Zeitzone geändert', note: 'jetzt „Europe/Berlin“' })
    expect(describeEvent(zone, en).title).toBe('Time zone changed')
    expect(describeEvent(name, de)).toMatchObject({ title: 'Name geändert', note: 'jetzt „Anna“' })
    expect(describeEvent(name, en)).toMatchObject({ title: 'Name changed', note: 'now “Anna”' })
    expect(eventTypeTitle('profile_updated', de)).toBe('Profil geändert')
  })

  it('mark names and apps as data, apart from the words around them', () => {
    const words = describeEvent(row({ type: 'app_sign_in', method: 'passkey', detail: JSON.stringify({ app: 'Acme Expenses' }) }), de)
    expect(words.parts).toEqual([
      { text: 'Passkey', data: false },
      { text: 'Acme Expenses', data: true },
    ])
    expect(describeEvent(row({ type: 'passkey_removed', detail: JSON.stringify({ name: 'iPhone' }) }), de).parts).toEqual([{ text: '„iPhone“', data: true }])
    // A reason from before the vocabulary was closed is shown as it was stored.
    expect(describeEvent(row({ type: 'sign_in', result: 'failure', reason: 'old_reason' }), de).parts).toEqual([{ text: 'old reason', data: true }])
  })

  it('give every event type a German title of its own', () => {
    for (const type of EVENT_TYPES) {
      const title = describeEvent(row({ type }), de).title
      expect(title, type).not.toBe(describeEvent(row({ type }), en).title)
      expect(title, type).not.toContain('activity.event')
    }
  })

  it('reach the history page in the reader’s language', async () => {
    const user = await db().user.create({ data: { email: `words-${Math.random().toString(36).slice(2, 10)}@example.com` }, select: { id: true } })
    await db().auditEvent.createMany({
      data: [
        { userId: user.id, type: 'passkey_added', result: 'failure', reason: 'passkey_exists', createdAt: new Date('2026-03-01T10:00:00Z') },
        { userId: user.id, type: 'profile_updated', result: 'success', detail: JSON.stringify({ setting: 'timeZone', from: null, to: 'Asia/Tokyo' }) },
      ],
    })
    const page = await listActivity(user.id, null, {}, null, de)
    expect(page.items.map((item) => [item.title, item.note])).toEqual([
      ['Zeitzone geändert', 'jetzt „Asia/Tokyo“'],
      ['Passkey nicht hinzugefügt', 'Passkey bereits hinzugefügt'],
    ])
  })
})

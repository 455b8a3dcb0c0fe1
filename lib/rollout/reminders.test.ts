import { describe, expect, it } from 'vitest'
import { testContext, TEST_REQUEST } from '../../testing/use-case'
import { recordEvent } from '../audit/record'
import { db } from '../db'
import { sendPasskeyReminders } from './reminders'

const unique = () => Math.random().toString(36).slice(2, 10)

async function administrator() {
  const user = await db().user.create({ data: { email: `admin-${unique()}@example.com`, role: 'admin' }, select: { id: true } })
  return { user, sessionId: `admin-session-${unique()}` }
}

describe('passkey reminders for a group’s people still to enrol', () => {
  it('go after the response to active people without a passkey, at most once a week each, and are in their history', async () => {
    const group = (await db().group.create({ data: { name: `Reminders ${unique()}`, policy: '{}' }, select: { id: true } })).id
    const make = (name: string, status: 'active' | 'suspended' = 'active') =>
      db().user.create({ data: { email: `${name}-${group}@example.com`.toLowerCase(), groupId: group, status }, select: { id: true, email: true } })
    const [waiting, enrolled, suspended, remindedLately] = [
      await make('waiting'),
      await make('enrolled'),
      await make('suspended', 'suspended'),
      await make('lately'),
    ]
    await db().passkey.create({
      data: {
        userId: enrolled.id,
        credentialId: `k-${enrolled.id}`,
        publicKey: new Uint8Array([0]),
        aaguid: '0',
        name: 'Key',
        backupEligible: true,
        backedUp: true,
        createdAt: new Date(),
      },
    })
    await recordEvent({ type: 'passkey_reminder_sent', result: 'success', userId: remindedLately.id }, new Date(Date.now() - 3 * 86_400_000))
    const admin = await administrator()
    const ctx = testContext({ caller: admin })

    expect(await sendPasskeyReminders({ groupId: group }, ctx)).toEqual({ ok: true, recipients: 1 })
    expect(await db().mailboxMessage.count({ where: { to: waiting.email } })).toBe(0)
    expect(ctx.pending).toHaveLength(1)
    await ctx.runLater()

    const message = await db().mailboxMessage.findFirstOrThrow({ where: { to: waiting.email } })
    expect(message.subject).toMatch(/^Set up a passkey for /)
    expect(message.text).toContain('/account/passkeys')
    for (const other of [enrolled, suspended, remindedLately]) expect(await db().mailboxMessage.count({ where: { to: other.email } })).toBe(0)
    const rows = await db().auditEvent.findMany({ where: { userId: waiting.id, type: 'passkey_reminder_sent' }, select: { result: true, actorId: true } })
    expect(rows).toEqual([{ result: 'success', actorId: admin.user.id }])

    // Once reminded, not again within the week: nobody is left to remind.
    expect(await sendPasskeyReminders({ groupId: group }, ctx)).toEqual({ ok: false, reason: 'reminders_none' })
    expect(ctx.pending).toEqual([])
  })

  it('are refused for an unknown group', async () => {
    expect(await sendPasskeyReminders({ groupId: 'no-such-group' }, testContext())).toEqual({ ok: false, reason: 'group_not_found' })
  })

  it('are in each person’s saved language, else the organisation’s, never the administrator’s', async () => {
    const group = (await db().group.create({ data: { name: `Reminders ${unique()}`, policy: '{}' }, select: { id: true } })).id
    const make = (name: string, locale: string | null) =>
      db().user.create({ data: { email: `${name}-${group}@example.com`.toLowerCase(), groupId: group, locale }, select: { email: true } })
    const [german, unsaved] = [await make('german', 'de'), await make('unsaved', null)]
    const ctx = testContext({ caller: await administrator(), request: { ...TEST_REQUEST, preferences: { locale: 'ar', timeZone: 'Asia/Dubai' } } })
    expect(await sendPasskeyReminders({ groupId: group }, ctx)).toEqual({ ok: true, recipients: 2 })
    await ctx.runLater()
    const subjectTo = async (to: string) => (await db().mailboxMessage.findFirstOrThrow({ where: { to }, select: { subject: true } })).subject
    expect(await subjectTo(german.email)).toBe('Richten Sie einen Passkey für Passkey Portal ein')
    expect(await subjectTo(unsaved.email)).toBe('Set up a passkey for Passkey Portal')
  })
})

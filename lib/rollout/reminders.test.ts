import { describe, expect, it } from 'vitest'
import { recordEvent } from '../audit/record'
import { db } from '../db'
import { reminderRecipients, sendPasskeyReminders } from './reminders'

describe('passkey reminders for a group’s people still to enrol', () => {
  it('go to active people without a passkey, at most once a week each, and are in their history', async () => {
    const group = (await db().group.create({ data: { name: `Reminders ${Math.random()}`, policy: '{}' }, select: { id: true } })).id
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

    const recipients = await reminderRecipients(group)
    expect(recipients).toEqual([waiting])
    expect(suspended.id).not.toBe(waiting.id)

    const recorded: unknown[] = []
    const sent = await sendPasskeyReminders(recipients, async (event) => recorded.push(event))
    expect(sent).toBe(1)
    expect(recorded).toEqual([expect.objectContaining({ type: 'passkey_reminder_sent', result: 'success', userId: waiting.id })])
    const message = await db().mailboxMessage.findFirstOrThrow({ where: { to: waiting.email }, orderBy: { createdAt: 'desc' } })
    expect(message.subject).toMatch(/^Set up a passkey for /)
    expect(message.text).toContain('/account/passkeys')

    // Once reminded, not again within the week.
    await recordEvent({ type: 'passkey_reminder_sent', result: 'success', userId: waiting.id })
    expect(await reminderRecipients(group)).toEqual([])
  })
})

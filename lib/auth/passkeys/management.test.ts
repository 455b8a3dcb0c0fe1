import { describe, expect, it } from 'vitest'
import { db } from '../../db'
import { enrolSoftPasskey, newPerson, sessionOf, type TestPerson } from '../../../testing/passkeys'
import { failAuditRowsOf } from '../../../testing/audit'
import { testContext } from '../../../testing/use-case'
import { removePasskey, renamePasskey } from './management'
import { relyingParty, userHandleFor } from './webauthn'

const history = (userId: string, type: 'passkey_renamed' | 'passkey_removed') =>
  db().auditEvent.findMany({ where: { userId, type }, orderBy: { id: 'asc' }, select: { result: true, reason: true, sessionId: true, detail: true } })
const mailTo = (address: string) => db().mailboxMessage.findMany({ where: { to: address }, select: { subject: true } })

async function signedIn(person: TestPerson) {
  const session = await sessionOf(person)
  return { session, ctx: testContext({ caller: session }) }
}

describe('renaming a passkey', () => {
  it('renames the person’s own passkey and records both names', async () => {
    const person = await newPerson()
    const { passkeyId } = await enrolSoftPasskey(person)
    const { session, ctx } = await signedIn(person)
    expect(await renamePasskey({ passkeyId, name: 'Work laptop' }, session, ctx)).toEqual({ ok: true })
    expect(await db().passkey.findUniqueOrThrow({ where: { id: passkeyId }, select: { name: true } })).toEqual({ name: 'Work laptop' })
    expect(await history(person.id, 'passkey_renamed')).toEqual([
      { result: 'success', reason: null, sessionId: session.sessionId, detail: JSON.stringify({ passkeyId, from: 'Chrome on Linux', to: 'Work laptop' }) },
    ])
  })

  it('answers not_found for someone else’s passkey, changing and recording nothing', async () => {
    const owner = await newPerson()
    const { passkeyId } = await enrolSoftPasskey(owner)
    const stranger = await newPerson()
    const { session, ctx } = await signedIn(stranger)
    expect(await renamePasskey({ passkeyId, name: 'Mine now' }, session, ctx)).toEqual({ ok: false, reason: 'not_found' })
    expect(await db().passkey.findUniqueOrThrow({ where: { id: passkeyId }, select: { name: true } })).toEqual({ name: 'Chrome on Linux' })
    expect(await history(stranger.id, 'passkey_renamed')).toEqual([])
  })
})

describe('removing a passkey', () => {
  it('removes it with its history row, tells the person, and gives the browser what its provider needs', async () => {
    const person = await newPerson()
    const first = await enrolSoftPasskey(person)
    const second = await enrolSoftPasskey(person)
    const { session, ctx } = await signedIn(person)
    expect(await removePasskey({ passkeyId: first.passkeyId }, session, ctx)).toEqual({
      ok: true,
      name: 'Chrome on Linux',
      removedCredentialId: first.soft.credentialId,
      signals: {
        rpId: relyingParty().id,
        userId: userHandleFor(person.id),
        name: person.email,
        displayName: person.email,
        acceptedCredentialIds: [second.soft.credentialId],
      },
    })
    expect(await db().passkey.count({ where: { id: first.passkeyId } })).toBe(0)
    expect(await history(person.id, 'passkey_removed')).toEqual([
      { result: 'success', reason: null, sessionId: session.sessionId, detail: JSON.stringify({ passkeyId: first.passkeyId, name: 'Chrome on Linux' }) },
    ])
    expect(await mailTo(person.email)).toEqual([])
    await ctx.runLater()
    expect((await mailTo(person.email)).map((mail) => mail.subject)).toContainEqual(expect.stringContaining('A passkey was removed'))
  })

  it('refuses the last way to sign in, but allows it once email sign-in is proven', async () => {
    const invited = await newPerson({ emailVerified: false })
    const only = await enrolSoftPasskey(invited)
    const { session, ctx } = await signedIn(invited)
    expect(await removePasskey({ passkeyId: only.passkeyId }, session, ctx)).toEqual({ ok: false, reason: 'last_method' })
    expect(await history(invited.id, 'passkey_removed')).toEqual([{ result: 'failure', reason: 'last_method', sessionId: session.sessionId, detail: null }])
    expect(ctx.pending).toHaveLength(0)
    const second = await enrolSoftPasskey(invited)
    expect(await removePasskey({ passkeyId: only.passkeyId }, session, ctx)).toMatchObject({
      ok: true,
      signals: { acceptedCredentialIds: [second.soft.credentialId] },
    })
    expect(await removePasskey({ passkeyId: second.passkeyId }, session, ctx)).toEqual({ ok: false, reason: 'last_method' })

    const verified = await newPerson()
    const theirs = await enrolSoftPasskey(verified)
    const own = await signedIn(verified)
    expect(await removePasskey({ passkeyId: theirs.passkeyId }, own.session, own.ctx)).toMatchObject({ ok: true, signals: { acceptedCredentialIds: [] } })
  })

  it('answers not_found for someone else’s passkey, and records the refusal', async () => {
    const owner = await newPerson()
    const { passkeyId } = await enrolSoftPasskey(owner)
    const stranger = await newPerson()
    const { session, ctx } = await signedIn(stranger)
    expect(await removePasskey({ passkeyId }, session, ctx)).toEqual({ ok: false, reason: 'not_found' })
    expect(await db().passkey.count({ where: { id: passkeyId } })).toBe(1)
    expect(await history(stranger.id, 'passkey_removed')).toEqual([{ result: 'failure', reason: 'not_found', sessionId: session.sessionId, detail: null }])
    expect(ctx.pending).toHaveLength(0)
  })

  it('keeps the passkey when its history row cannot be written: one transaction', async () => {
    const person = await newPerson()
    const { passkeyId } = await enrolSoftPasskey(person)
    const { session, ctx } = await signedIn(person)
    const restore = await failAuditRowsOf('passkey_removed')
    try {
      await expect(removePasskey({ passkeyId }, session, ctx)).rejects.toThrow()
    } finally {
      await restore()
    }
    expect(await db().passkey.count({ where: { id: passkeyId } })).toBe(1)
    expect(ctx.pending).toHaveLength(0)
  })
})

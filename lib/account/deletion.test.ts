import { describe, expect, it } from 'vitest'
import { MemoryCookieJar, TEST_REQUEST, testContext } from '../../testing/use-case'
import { sessionCookie } from '../auth/session/cookie'
import { issueSession } from '../auth/session/store'
import { db } from '../db'
import { deleteOwnAccount } from './deletion'

async function signedInBrowser() {
  const email = `leaving-${Math.random().toString(36).slice(2, 10)}@example.com`
  const user = await db().user.create({ data: { email, emailVerifiedAt: new Date() }, select: { id: true, email: true } })
  const { secret, sessionId } = await issueSession(user.id, 'passkey', TEST_REQUEST)
  await db().auditEvent.create({ data: { userId: user.id, type: 'sign_in', result: 'success', sessionId, ipAddress: TEST_REQUEST.ipAddress } })
  const session = { user, sessionId }
  return { session, ctx: testContext({ caller: session, cookies: new MemoryCookieJar({ [sessionCookie().name]: secret }) }) }
}

const mailTo = (to: string) => db().mailboxMessage.findMany({ where: { to }, select: { subject: true, text: true } })

describe('deleteOwnAccount', () => {
  it('refuses a confirmation that is not the account’s address, and keeps everything', async () => {
    const { session, ctx } = await signedInBrowser()
    for (const confirmation of ['someone-else@example.com', '', 'not an address']) {
      expect(await deleteOwnAccount({ confirmation }, session, ctx)).toEqual({ ok: false, reason: 'delete_confirmation' })
    }
    expect(await db().user.count({ where: { id: session.user.id } })).toBe(1)
    expect(ctx.cookies.has(sessionCookie().name)).toBe(true)
    expect(ctx.pending).toEqual([])
  })

  it('deletes the account on its address typed in any case, anonymises its history, clears the cookie and sends the confirmation after the response', async () => {
    const { session, ctx } = await signedInBrowser()
    const history = (await db().auditEvent.findMany({ where: { userId: session.user.id }, select: { id: true } })).map((event) => event.id)

    expect(await deleteOwnAccount({ confirmation: `  ${session.user.email.toUpperCase()} ` }, session, ctx)).toEqual({ ok: true })
    expect(await db().user.count({ where: { id: session.user.id } })).toBe(0)
    expect(await db().session.count({ where: { id: session.sessionId } })).toBe(0)
    expect(await db().auditEvent.findMany({ where: { id: { in: history } }, select: { userId: true, ipAddress: true, sessionId: true } })).toEqual([
      { userId: null, ipAddress: null, sessionId: null },
    ])
    expect(ctx.cookies.has(sessionCookie().name)).toBe(false)

    expect(await mailTo(session.user.email)).toEqual([])
    expect(ctx.pending).toHaveLength(1)
    await ctx.runLater()
    const [notice] = await mailTo(session.user.email)
    expect(notice!.subject).toMatch(/account was deleted/)
    expect(notice!.text).toContain('can’t be undone')
  })
})

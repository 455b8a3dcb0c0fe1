import { describe, expect, it } from 'vitest'
import { testContext } from '../../testing/use-case'
import { invitePeople } from '../admin/inviting'
import { db } from '../db'
import { signInWithInvitation } from './invitation-sign-in'
import { sessionCookie } from './session/cookie'

const admin = { user: { email: 'admin@example.com' } }

async function invited(groupId = 'customers', now?: Date) {
  const email = `invited-${Math.random().toString(36).slice(2, 10)}@example.com`
  const [outcome] = await invitePeople([{ email, name: null, groupId }], admin, testContext(), { now })
  return { userId: outcome!.userId!, token: outcome!.token! }
}

const rowsOf = (type: string, ipAddress: string) =>
  db().auditEvent.findMany({ where: { type, ipAddress }, select: { result: true, reason: true }, orderBy: { createdAt: 'asc' } })

const browser = (n: number) => testContext({ request: { ipAddress: `198.51.100.${n}`, userAgent: 'Chrome' } })

describe('signInWithInvitation', () => {
  it('accepts a valid invitation once and signs the browser in, as the account’s first sign-in (no new-sign-in notice)', async () => {
    const { userId, token } = await invited()
    const ctx = browser(1)
    expect(await signInWithInvitation({ token }, ctx)).toEqual({ ok: true })
    expect(ctx.cookies.values.has(sessionCookie().name)).toBe(true)
    expect(ctx.pending).toHaveLength(0)
    expect(await db().user.findUniqueOrThrow({ where: { id: userId }, select: { status: true } })).toEqual({ status: 'active' })
    expect(await rowsOf('invitation_accepted', '198.51.100.1')).toEqual([{ result: 'success', reason: null }])
    const signIn = await db().auditEvent.findFirstOrThrow({ where: { type: 'sign_in', userId }, select: { method: true } })
    expect(signIn.method).toBe('invitation')
  })

  it('refuses a used invitation and records why', async () => {
    const { token } = await invited()
    await signInWithInvitation({ token }, browser(2))
    const ctx = browser(3)
    expect(await signInWithInvitation({ token }, ctx)).toEqual({ ok: false, reason: 'invitation_used' })
    expect(ctx.cookies.values.size).toBe(0)
    expect(await rowsOf('invitation_accepted', '198.51.100.3')).toEqual([{ result: 'failure', reason: 'invitation_used' }])
  })

  it('refuses an expired invitation and records why', async () => {
    // Customers' invitations live 72 hours: this one was sent four days ago.
    const { userId, token } = await invited('customers', new Date(Date.now() - 96 * 3_600_000))
    const ctx = browser(4)
    expect(await signInWithInvitation({ token }, ctx)).toEqual({ ok: false, reason: 'invitation_expired' })
    expect(ctx.cookies.values.size).toBe(0)
    expect(await rowsOf('invitation_accepted', '198.51.100.4')).toEqual([{ result: 'failure', reason: 'invitation_expired' }])
    expect(await db().user.findUniqueOrThrow({ where: { id: userId }, select: { status: true } })).toEqual({ status: 'invited' })
  })
})

import { describe, expect, it } from 'vitest'
import { auditFor } from '../../testing/audit'
import { testContext } from '../../testing/use-case'
import { db } from '../db'
import { acceptInvitation, describeInvitation } from './invitations'
import { invitePeople } from './inviting'

const address = () => `invite-${Math.random().toString(36).slice(2)}@example.com`
const admin = { user: { email: 'admin@example.com' } }
const ctx = testContext()

describe('invitations', () => {
  it('are accepted once, even by ten presses at the same time, and only before they expire', async () => {
    const email = address()
    const [outcome] = await invitePeople([{ email, name: null, groupId: 'customers' }], admin, ctx)
    const token = outcome!.token!
    expect(await describeInvitation(token)).toEqual({ state: 'ready', email })
    const results = await Promise.all(Array.from({ length: 10 }, () => acceptInvitation(token, auditFor())))
    expect(results.filter((result) => result.ok)).toHaveLength(1)
    expect(await describeInvitation(token)).toEqual({ state: 'used' })
    expect((await db().user.findUniqueOrThrow({ where: { email } })).status).toBe('active')

    const later = address()
    const [second] = await invitePeople([{ email: later, name: null, groupId: 'contractors' }], admin, ctx)
    // Contractors' invitations live 72 hours by their policy.
    expect(second!.expiresAt!.getTime() - Date.now()).toBeGreaterThan(71 * 3_600_000)
    expect(await acceptInvitation(second!.token!, auditFor(), new Date(Date.now() + 73 * 3_600_000))).toEqual({ ok: false, state: 'expired' })
  })

  it('do not touch an account already in use, and a new link replaces the old one', async () => {
    const member = await db().user.create({ data: { email: address() } })
    expect((await invitePeople([{ email: member.email, name: null, groupId: 'customers' }], admin, ctx))[0]!.result).toBe('already_member')
    const email = address()
    const [first] = await invitePeople([{ email, name: null, groupId: 'customers' }], admin, ctx)
    const [second] = await invitePeople([{ email, name: null, groupId: 'customers' }], admin, ctx)
    expect(second!.result).toBe('reinvited')
    expect(await describeInvitation(first!.token!)).toEqual({ state: 'revoked' })
    expect(await describeInvitation(second!.token!)).toMatchObject({ state: 'ready' })
  })
})

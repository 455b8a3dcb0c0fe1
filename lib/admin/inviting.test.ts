import { describe, expect, it } from 'vitest'
import { testContext, TEST_REQUEST } from '../../testing/use-case'
import { db } from '../db'
import { translatorFor } from '../i18n/translator'
import { describeInvitation } from './invitations'
import { inviteFromFile, invitePerson, resendInvitation, revokeInvitation } from './inviting'

/**
 * An administrator's invitations: the accounts, links and history rows at
 * once, the emails only after the response.
 */

const unique = () => Math.random().toString(36).slice(2, 10)
const address = (name = 'invitee') => `${name}-${unique()}@example.com`

async function administrator() {
  const user = await db().user.create({ data: { email: address('admin'), role: 'admin', groupId: 'administrators' }, select: { id: true, email: true } })
  return { user, sessionId: `admin-session-${unique()}` }
}

/** The links emailed to an address. */
async function linksTo(to: string): Promise<string[]> {
  const messages = await db().mailboxMessage.findMany({ where: { to }, select: { subject: true, text: true } })
  return messages.map((message) => {
    expect(message.subject).toMatch(/^You are invited to /)
    return /\/invite\?token=([A-Za-z0-9_-]{43})/.exec(message.text)![1]!
  })
}

const sentRows = (userId: string) => db().auditEvent.findMany({ where: { userId, type: 'invitation_sent' }, select: { actorId: true, detail: true } })
const accountOf = (email: string) => db().user.findUnique({ where: { email }, select: { id: true, status: true, groupId: true } })

describe('inviting one person', () => {
  it('creates the invited account and its history row at once, and emails the link after the response', async () => {
    const admin = await administrator()
    const email = address()
    const ctx = testContext({ caller: admin })

    const before = Date.now()
    const invited = await invitePerson({ email, name: 'Ada Lovelace', groupId: 'contractors' }, admin, ctx)
    // The link works for the group's invitation lifetime (Contractors: 72 hours), as the admin is told.
    expect(invited).toEqual({ ok: true, expiresAt: expect.any(Date) })
    const lifetime = invited.ok ? invited.expiresAt.getTime() - before : 0
    expect(lifetime).toBeGreaterThanOrEqual(72 * 3_600_000 - 60_000)
    expect(lifetime).toBeLessThanOrEqual(72 * 3_600_000 + 60_000)

    const account = await accountOf(email)
    expect(account).toMatchObject({ status: 'invited', groupId: 'contractors' })
    const [row] = await sentRows(account!.id)
    expect(row!.actorId).toBe(admin.user.id)
    expect(JSON.parse(row!.detail!)).toEqual({ by: admin.user.email, groupId: 'contractors' })
    expect(await linksTo(email)).toEqual([])
    await ctx.runLater()
    const [token] = await linksTo(email)
    expect(await describeInvitation(token!)).toEqual({ state: 'ready', email })
  })

  it('refuses an unknown group, and someone whose account is already in use, without writing or sending anything', async () => {
    const admin = await administrator()
    const member = await db().user.create({ data: { email: address('member') }, select: { id: true, email: true } })
    const ctx = testContext({ caller: admin })
    const email = address()

    expect(await invitePerson({ email, name: null, groupId: 'no-such-group' }, admin, ctx)).toEqual({ ok: false, reason: 'group_not_found' })
    expect(await accountOf(email)).toBeNull()
    expect(await invitePerson({ email: member.email, name: null, groupId: 'customers' }, admin, ctx)).toEqual({ ok: false, reason: 'invite_member' })
    expect(await sentRows(member.id)).toEqual([])
    expect(ctx.pending).toEqual([])
  })
})

describe('inviting from a file', () => {
  it('invites each new address, leaves accounts in use alone, gives every line a result, and emails after the response', async () => {
    const admin = await administrator()
    const member = await db().user.create({ data: { email: address('member') }, select: { email: true } })
    const [first, second] = [address(), address()]
    const ctx = testContext({ caller: admin })
    const text = `email,name,group\n${first},First,Employees\n${second},,\n${member.email},,\nnot-an-address,,\n`

    const outcome = await inviteFromFile({ text, groupId: 'customers' }, admin, ctx)

    expect(outcome).toMatchObject({ ok: true, invited: 2 })
    expect(outcome.ok && outcome.results.map((row) => [row.line, row.result])).toEqual([
      [1, 'invited'],
      [2, 'invited'],
      [3, 'already_member'],
      [4, 'invalid_address'],
    ])
    // Each invited line says when its link stops working; the others have no link.
    expect(outcome.ok && outcome.results.map((row) => row.expiresAt instanceof Date)).toEqual([true, true, false, false])
    expect(await accountOf(first)).toMatchObject({ status: 'invited', groupId: 'employees' })
    expect(await accountOf(second)).toMatchObject({ status: 'invited', groupId: 'customers' })
    expect(JSON.parse((await sentRows((await accountOf(first))!.id))[0]!.detail!)).toEqual({ by: admin.user.email, file: true })
    expect(ctx.pending).toHaveLength(1)
    await ctx.runLater()
    expect(await linksTo(first)).toHaveLength(1)
    expect(await linksTo(second)).toHaveLength(1)
    expect(await db().mailboxMessage.count({ where: { to: member.email } })).toBe(0)
  })

  it('invites nobody from an empty file or into an unknown group', async () => {
    const admin = await administrator()
    const ctx = testContext({ caller: admin })
    const email = address()
    expect(await inviteFromFile({ text: 'email,name,group\n', groupId: 'customers' }, admin, ctx)).toEqual({ ok: false, reason: 'csv_empty' })
    expect(await inviteFromFile({ text: `${email}\n`, groupId: 'no-such-group' }, admin, ctx)).toEqual({ ok: false, reason: 'group_not_found' })
    expect(await accountOf(email)).toBeNull()
    expect(ctx.pending).toEqual([])
  })
})

describe('sending an invitation again, and withdrawing it', () => {
  it('a new link replaces the old one, for someone still invited only', async () => {
    const admin = await administrator()
    const email = address()
    const ctx = testContext({ caller: admin })
    await invitePerson({ email, name: null, groupId: 'customers' }, admin, ctx)
    await ctx.runLater()
    const [first] = await linksTo(email)
    const { id } = (await accountOf(email))!

    expect(await resendInvitation({ userId: id }, admin, ctx)).toEqual({ ok: true, expiresAt: expect.any(Date) })
    await ctx.runLater()
    const second = (await linksTo(email)).find((token) => token !== first)
    expect(await describeInvitation(first!)).toEqual({ state: 'revoked' })
    expect(await describeInvitation(second!)).toEqual({ state: 'ready', email })
    expect((await sentRows(id)).map((row) => JSON.parse(row.detail!))).toContainEqual({ by: admin.user.email, resent: true })

    const member = await db().user.create({ data: { email: address('member') }, select: { id: true } })
    expect(await resendInvitation({ userId: member.id }, admin, ctx)).toEqual({ ok: false, reason: 'person_wrong_status' })
    expect(await resendInvitation({ userId: 'nobody' }, admin, ctx)).toEqual({ ok: false, reason: 'person_not_found' })
    expect(ctx.pending).toEqual([])
  })

  it('withdrawing stops the open link, with the history row; with none open it is refused', async () => {
    const admin = await administrator()
    const email = address()
    const ctx = testContext({ caller: admin })
    await invitePerson({ email, name: null, groupId: 'customers' }, admin, ctx)
    await ctx.runLater()
    const [token] = await linksTo(email)
    const { id } = (await accountOf(email))!

    expect(await revokeInvitation({ userId: id }, admin, ctx)).toEqual({ ok: true })
    expect(await describeInvitation(token!)).toEqual({ state: 'revoked' })
    const rows = await db().auditEvent.findMany({ where: { userId: id, type: 'invitation_revoked' }, select: { actorId: true, detail: true } })
    expect(rows).toEqual([{ actorId: admin.user.id, detail: JSON.stringify({ by: admin.user.email }) }])
    expect(await revokeInvitation({ userId: id }, admin, ctx)).toEqual({ ok: false, reason: 'person_wrong_status' })
  })
})

describe('the invitation email', () => {
  it('is in the organisation’s language and zone, named, never the administrator’s; someone invited again who chose a language gets it', async () => {
    const admin = await administrator()
    const request = { ...TEST_REQUEST, preferences: { locale: 'ar', timeZone: 'Asia/Dubai' } } as const
    const email = address()
    const ctx = testContext({ caller: admin, request })
    expect(await invitePerson({ email, name: null, groupId: 'customers' }, admin, ctx)).toMatchObject({ ok: true, expiresAt: expect.any(Date) })
    await ctx.runLater()
    const [message] = await db().mailboxMessage.findMany({ where: { to: email }, select: { subject: true, html: true, text: true } })
    expect(message!.html).toMatch(/<html[^>]*\blang="en"/)
    const invitation = await db().invitation.findFirstOrThrow({ where: { user: { email } }, select: { expiresAt: true, userId: true } })
    expect(message!.text).toContain(`at ${translatorFor('en', 'UTC').format.dateTime(invitation.expiresAt, 'time')}.`)
    expect(message!.text).toMatch(/at [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d [AP]M UTC\./)

    await db().user.update({ where: { id: invitation.userId }, data: { locale: 'de', timeZone: 'Europe/Berlin' }, select: { id: true } })
    const again = testContext({ caller: admin, request })
    expect(await resendInvitation({ userId: invitation.userId }, admin, again)).toMatchObject({ ok: true, expiresAt: expect.any(Date) })
    await again.runLater()
    const german = await db().mailboxMessage.findFirstOrThrow({ where: { to: email, subject: { startsWith: 'Sie sind zu' } }, select: { text: true } })
    const renewed = await db().invitation.findFirstOrThrow({ where: { userId: invitation.userId, revokedAt: null }, select: { expiresAt: true } })
    expect(german.text).toContain(translatorFor('de', 'Europe/Berlin').format.dateTime(renewed.expiresAt, 'time'))
  })
})

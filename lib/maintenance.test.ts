import { describe, expect, it } from 'vitest'
import { db } from './db'
import { env } from './env'
import { runMaintenance } from './maintenance'
import { PrismaOidcAdapter } from './oidc/adapter'

const NOW = new Date('2026-11-22T12:00:00Z')
const ago = (ms: number) => new Date(NOW.getTime() - ms)
const DAY = 86_400_000

describe('npm run maintenance', () => {
  it('prunes expired rows and old history, keeps the rest, marks unused access codes expired once, and is idempotent', async () => {
    const user = await db().user.create({ data: { email: `maint-${Math.random().toString(36).slice(2, 10)}@example.com` }, select: { id: true } })
    const retentionMs = env().historyRetentionSeconds * 1000
    const idleMs = env().session.idleTimeoutSeconds * 1000
    const challenge = (id: string, createdAt: Date) => ({
      id,
      email: 'someone@example.com',
      codeHash: id,
      linkTokenHash: `${id}-link`,
      createdAt,
      expiresAt: new Date(createdAt.getTime() + 10 * 60_000),
    })
    await db().emailChallenge.createMany({ data: [challenge(`old-${user.id}`, ago(2 * DAY)), challenge(`new-${user.id}`, ago(60_000))] })
    await db().webAuthnChallenge.createMany({
      data: [
        { id: `wa-old-${user.id}`, challenge: 'x', purpose: 'sign_in', createdAt: ago(7_500_000), expiresAt: ago(7_200_000) },
        // Expired, but kept an hour for servers whose clocks lag: its claim still refuses a second answer there.
        { id: `wa-lagging-${user.id}`, challenge: 'z', purpose: 'sign_in', createdAt: ago(600_000), expiresAt: ago(300_000) },
        { id: `wa-new-${user.id}`, challenge: 'y', purpose: 'sign_in', createdAt: NOW, expiresAt: new Date(NOW.getTime() + 300_000) },
      ],
    })
    await db().rateLimit.createMany({
      data: [
        { key: `rl-old-${user.id}`, points: 3, expire: BigInt(NOW.getTime() - 1000) },
        { key: `rl-new-${user.id}`, points: 3, expire: BigInt(NOW.getTime() + 60_000) },
      ],
    })
    const session = (id: string, lastSeenAt: Date, expiresAt: Date) => ({
      id: `${id}-${user.id}`,
      userId: user.id,
      method: 'email_code' as const,
      createdAt: lastSeenAt,
      lastSeenAt,
      expiresAt,
    })
    await db().session.createMany({
      data: [
        session('expired', ago(DAY), ago(1000)),
        session('idle', ago(idleMs + 1000), new Date(NOW.getTime() + DAY)),
        session('live', ago(60_000), new Date(NOW.getTime() + DAY)),
      ],
    })
    await db().auditEvent.createMany({
      data: [
        { userId: user.id, type: 'sign_in', result: 'success', createdAt: ago(retentionMs + DAY) },
        { userId: user.id, type: 'sign_in', result: 'success', createdAt: ago(retentionMs - DAY) },
      ],
    })
    const code = (status: string, expiresAt: Date) => ({
      userId: user.id,
      status,
      requestedById: 'agent',
      verification: 'checked',
      checks: '[]',
      validMinutes: 60,
      createdAt: ago(DAY),
      expiresAt,
    })
    await db().accessCode.createMany({ data: [code('active', ago(1000)), code('active', new Date(NOW.getTime() + 60_000)), code('used', ago(1000))] })

    const first = await runMaintenance(NOW)
    expect(first).toMatchObject({ webAuthnChallenges: expect.any(Number), accessCodesExpired: 1 })
    expect(await db().emailChallenge.findMany({ where: { id: { in: [`old-${user.id}`, `new-${user.id}`] } }, select: { id: true } })).toEqual([
      { id: `new-${user.id}` },
    ])
    expect(
      await db().webAuthnChallenge.findMany({
        where: { id: { startsWith: 'wa-' }, AND: { id: { endsWith: user.id } } },
        select: { id: true },
        orderBy: { id: 'asc' },
      }),
    ).toEqual([{ id: `wa-lagging-${user.id}` }, { id: `wa-new-${user.id}` }])
    expect(await db().rateLimit.findMany({ where: { key: { endsWith: user.id } }, select: { key: true } })).toEqual([{ key: `rl-new-${user.id}` }])
    expect(await db().session.findMany({ where: { userId: user.id }, select: { id: true } })).toEqual([{ id: `live-${user.id}` }])
    const history = await db().auditEvent.findMany({ where: { userId: user.id }, select: { type: true, createdAt: true }, orderBy: { createdAt: 'asc' } })
    expect(history.map((event) => event.type)).toEqual(['sign_in', 'access_code_expired'])
    expect(
      (await db().accessCode.findMany({ where: { userId: user.id }, select: { status: true }, orderBy: { status: 'asc' } })).map((row) => row.status),
    ).toEqual(['active', 'expired', 'used'])

    // A second run has nothing left to do for these rows.
    const second = await runMaintenance(NOW)
    expect(second.accessCodesExpired).toBe(0)
    expect(await db().auditEvent.count({ where: { userId: user.id } })).toBe(2)
    expect(await db().session.count({ where: { userId: user.id } })).toBe(1)
    expect(await db().emailChallenge.count({ where: { id: `new-${user.id}` } })).toBe(1)
  })

  it('ends the provider session of a timed-out portal session, and that browser’s grants, before deleting the session', async () => {
    const user = await db().user.create({ data: { email: `maint-${Math.random().toString(36).slice(2, 10)}@example.com` }, select: { id: true } })
    const idleMs = env().session.idleTimeoutSeconds * 1000
    const providerSession = (id: string, grantId: string) =>
      new PrismaOidcAdapter('Session').upsert(id, { accountId: user.id, authorizations: { app_x: { grantId } } }, 3600)
    const grant = (id: string) => new PrismaOidcAdapter('Grant').upsert(id, { accountId: user.id, clientId: 'app_x' }, 3600)
    await providerSession(`ps-old-${user.id}`, `g-old-${user.id}`)
    await providerSession(`ps-live-${user.id}`, `g-live-${user.id}`)
    await grant(`g-old-${user.id}`)
    await grant(`g-live-${user.id}`)
    const base = { userId: user.id, method: 'passkey' as const, createdAt: ago(idleMs + 60_000), expiresAt: new Date(NOW.getTime() + DAY) }
    await db().session.createMany({
      data: [
        { ...base, id: `timed-out-${user.id}`, lastSeenAt: ago(idleMs + 1000), appSessionId: `ps-old-${user.id}` },
        { ...base, id: `live-${user.id}`, lastSeenAt: ago(60_000), appSessionId: `ps-live-${user.id}` },
      ],
    })

    const report = await runMaintenance(NOW)

    expect(report.appSessionsEnded).toBe(1)
    const left = await db().oidcPayload.findMany({ where: { accountId: user.id }, select: { id: true }, orderBy: { id: 'asc' } })
    expect(left.map((row) => row.id)).toEqual([`g-live-${user.id}`, `ps-live-${user.id}`])
    expect(await db().session.findMany({ where: { userId: user.id }, select: { id: true } })).toEqual([{ id: `live-${user.id}` }])
  })

  it('keeps the grant of an app whose refresh tokens outlive the portal session, and ends the others of that session', async () => {
    const user = await db().user.create({ data: { email: `maint-${Math.random().toString(36).slice(2, 10)}@example.com` }, select: { id: true } })
    const keeper = `app_sync_${user.id}`
    await db().oidcApp.create({
      data: { id: keeper, name: 'Sync', redirectUris: '[]', clientType: 'public', refreshOutlivesSession: true, createdAt: NOW, createdBy: 'test' },
    })
    const authorizations = { app_x: { grantId: `g-x-${user.id}`, sid: 's1' }, [keeper]: { grantId: `g-sync-${user.id}`, sid: 's2' } }
    await new PrismaOidcAdapter('Session').upsert(`ps-${user.id}`, { accountId: user.id, authorizations }, 3600)
    await new PrismaOidcAdapter('Grant').upsert(`g-x-${user.id}`, { accountId: user.id, clientId: 'app_x' }, 3600)
    await new PrismaOidcAdapter('Grant').upsert(`g-sync-${user.id}`, { accountId: user.id, clientId: keeper }, 3600)
    await new PrismaOidcAdapter('RefreshToken').upsert(`rt-sync-${user.id}`, { accountId: user.id, clientId: keeper, grantId: `g-sync-${user.id}` }, 3600)
    const idleMs = env().session.idleTimeoutSeconds * 1000
    await db().session.create({
      data: {
        id: `timed-out-${user.id}`,
        userId: user.id,
        method: 'passkey',
        createdAt: ago(idleMs + 60_000),
        lastSeenAt: ago(idleMs + 1000),
        expiresAt: new Date(NOW.getTime() + DAY),
        appSessionId: `ps-${user.id}`,
      },
    })

    expect((await runMaintenance(NOW)).appSessionsEnded).toBe(1)

    const left = await db().oidcPayload.findMany({ where: { accountId: user.id }, select: { id: true }, orderBy: { id: 'asc' } })
    expect(left.map((row) => row.id)).toEqual([`g-sync-${user.id}`, `rt-sync-${user.id}`])
    await db().oidcApp.delete({ where: { id: keeper } })
  })

  it("keeps the provider's delivery news 90 days and webhook ids a day", async () => {
    const tag = Math.random().toString(36).slice(2, 10)
    const delivery = (id: string, sentAt: Date) => ({ id: `${id}-${tag}`, kind: 'notice', status: 'delivered', sentAt, updatedAt: sentAt })
    await db().emailDelivery.createMany({ data: [delivery('old', ago(91 * DAY)), delivery('kept', ago(89 * DAY))] })
    await db().emailWebhookEvent.createMany({
      data: [
        { id: `old-${tag}`, receivedAt: ago(DAY + 1000) },
        { id: `kept-${tag}`, receivedAt: ago(DAY - 60_000) },
      ],
    })
    await runMaintenance(NOW)
    expect(await db().emailDelivery.findMany({ where: { id: { endsWith: tag } }, select: { id: true } })).toEqual([{ id: `kept-${tag}` }])
    expect(await db().emailWebhookEvent.findMany({ where: { id: { endsWith: tag } }, select: { id: true } })).toEqual([{ id: `kept-${tag}` }])
  })
})

import { describe, expect, it } from 'vitest'
import { testContext } from '../../testing/use-case'
import { db } from '../db'
import { appInputSchema, clientMetadata, disableApp, registerApp, replaceAppSecret, secretMatches } from './apps'

/** An administrator's apps: registered, given a new secret, turned off; each with its history row. */

const unique = () => Math.random().toString(36).slice(2, 10)

async function administrator() {
  const user = await db().user.create({ data: { email: `admin-${unique()}@example.com`, role: 'admin' }, select: { id: true, email: true } })
  return { user, sessionId: `admin-session-${unique()}` }
}

const input = (overrides: Record<string, unknown> = {}) =>
  appInputSchema.parse({
    name: `App ${unique()}`,
    redirectUris: 'https://app.example/callback',
    clientType: 'confidential',
    allowedGroups: [],
    minimumLevel: 'email',
    signingAlg: 'ES256',
    ...overrides,
  })

const rowsOf = (type: string, clientId: string) =>
  db().auditEvent.findMany({ where: { type, detail: { contains: clientId } }, select: { result: true, userId: true, actorId: true, detail: true } })

async function registered(admin: Awaited<ReturnType<typeof administrator>>, overrides: Record<string, unknown> = {}) {
  const outcome = await registerApp(input(overrides), admin, testContext({ caller: admin }))
  if (!outcome.ok) throw new Error(outcome.reason)
  return outcome
}

describe('registering an app', () => {
  it('is open only to groups that exist: an unknown one registers nothing', async () => {
    const admin = await administrator()
    const app = input({ allowedGroups: ['employees', 'no-such-group'] })
    expect(await registerApp(app, admin, testContext({ caller: admin }))).toEqual({ ok: false, reason: 'app_groups' })
    expect(await db().oidcApp.count({ where: { name: app.name } })).toBe(0)
  })

  it('stores the app with who registered it, and the history row names the administrator', async () => {
    const admin = await administrator()
    const { app, secret } = await registered(admin, { allowedGroups: ['employees'] })
    expect(app).toMatchObject({ createdBy: admin.user.email, allowedGroups: ['employees'], clientType: 'confidential' })
    expect(secret).toMatch(/^pps_/)
    const [row] = await rowsOf('app_registered', app.id)
    expect(row).toMatchObject({ result: 'success', userId: null, actorId: admin.user.id })
    expect(JSON.parse(row!.detail!)).toMatchObject({ clientId: app.id, name: app.name, groups: 1 })
  })
})

describe('replacing an app’s secret', () => {
  it('gives a new secret; the old one no longer works', async () => {
    const admin = await administrator()
    const { app, secret: old } = await registered(admin)
    const replaced = await replaceAppSecret({ clientId: app.id }, testContext({ caller: admin }))
    expect(replaced).toEqual({ ok: true, secret: expect.stringMatching(/^pps_/) })

    const stored = (await clientMetadata(app.id))!.client_secret as string
    expect(secretMatches(stored, old!)).toBe(false)
    expect(secretMatches(stored, replaced.ok ? replaced.secret : '')).toBe(true)
    const [row] = await rowsOf('app_secret_replaced', app.id)
    expect(row).toMatchObject({ result: 'success', actorId: admin.user.id })
  })

  it('is refused for an app without a secret, one turned off, or none at all', async () => {
    const admin = await administrator()
    const ctx = testContext({ caller: admin })
    const { app: spa } = await registered(admin, { clientType: 'public' })
    const { app: off } = await registered(admin)
    await disableApp({ clientId: off.id }, ctx)
    for (const clientId of [spa.id, off.id, 'app_missing']) expect(await replaceAppSecret({ clientId }, ctx)).toEqual({ ok: false, reason: 'app_not_found' })
    expect(await rowsOf('app_secret_replaced', off.id)).toEqual([])
  })
})

describe('turning an app off', () => {
  it('stops it at once, with its grants, once; the history row names the administrator', async () => {
    const admin = await administrator()
    const ctx = testContext({ caller: admin })
    const { app } = await registered(admin)
    expect(await disableApp({ clientId: app.id }, ctx)).toEqual({ ok: true, name: app.name })
    expect(await clientMetadata(app.id)).toBeUndefined()
    expect(await disableApp({ clientId: app.id }, ctx)).toEqual({ ok: false, reason: 'app_not_found' })
    expect(await rowsOf('app_disabled', app.id)).toEqual([expect.objectContaining({ result: 'success', actorId: admin.user.id })])
  })
})

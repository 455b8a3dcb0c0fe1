import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../db'
import { analyze, explain, fullScans } from '../../testing/explain'
import { captureStatements } from '../../testing/query-count'
import { testContext } from '../../testing/use-case'
import { PrismaOidcAdapter, deleteExpiredOidcPayloads } from './adapter'
import { endAppSessions } from './app-sessions'
import { appInputSchema, clientMetadata, disableApp, registerApp, secretMatches, type AppInput } from './apps'
import { appsWithAccess } from './grants'
import { acrOf, amrOf, EMAIL_BASED, meetsAcr, PHISHING_RESISTANT, requiredAcr } from './levels'

const ctx = testContext()
const admin = { user: { email: 'admin@example.com' } }

/** Registers an app as an administrator would. */
async function register(input: AppInput) {
  const registered = await registerApp(input, admin, ctx)
  if (!registered.ok) throw new Error(registered.reason)
  return registered
}

const unique = () => Math.random().toString(36).slice(2, 10)

const rawInput = (overrides: Record<string, unknown> = {}) => ({
  name: 'Expenses',
  redirectUris: 'https://expenses.example/callback',
  postLogoutRedirectUris: '',
  backchannelLogoutUri: '',
  clientType: 'confidential',
  allowedGroups: [],
  minimumLevel: 'email',
  signingAlg: 'ES256',
  ...overrides,
})
const appInput = (overrides: Record<string, unknown> = {}) => appInputSchema.parse(rawInput(overrides))

describe('the provider’s storage (adapter)', () => {
  it('stores, finds by id and uid, consumes once, expires, destroys, and revokes a grant’s artifacts', async () => {
    const codes = new PrismaOidcAdapter('AuthorizationCode')
    const sessions = new PrismaOidcAdapter('Session')
    const grantId = `grant-${unique()}`
    const accountId = `account-${unique()}`
    await codes.upsert('code-1', { grantId, accountId, clientId: 'app_x', scope: 'openid' }, 60)
    await codes.upsert('code-2', { grantId, accountId, clientId: 'app_x' }, 60)
    await sessions.upsert('session-1', { uid: `uid-${grantId}`, accountId, authorizations: {} }, 3600)

    expect(await codes.find('code-1')).toMatchObject({ grantId, accountId, scope: 'openid' })
    expect(await codes.find('code-1')).not.toHaveProperty('consumed')
    expect(await sessions.findByUid(`uid-${grantId}`)).toMatchObject({ accountId })
    expect(await codes.find('missing')).toBeUndefined()

    await codes.consume('code-1')
    const consumed = (await codes.find('code-1'))!.consumed
    expect(consumed).toEqual(expect.any(Number))
    // A second consume keeps the first moment: the provider sees the replay.
    await codes.consume('code-1')
    expect((await codes.find('code-1'))!.consumed).toBe(consumed)

    await codes.upsert('code-old', { grantId: `other-${grantId}` }, -1)
    expect(await codes.find('code-old')).toBeUndefined()
    expect(await deleteExpiredOidcPayloads()).toBeGreaterThanOrEqual(1)

    await codes.revokeByGrantId(grantId)
    expect(await codes.find('code-1')).toBeUndefined()
    expect(await codes.find('code-2')).toBeUndefined()
    expect(await sessions.findByUid(`uid-${grantId}`)).toBeDefined()
    await sessions.destroy('session-1')
    expect(await sessions.findByUid(`uid-${grantId}`)).toBeUndefined()
  })

  it('ends a person’s app sessions: all of them, all but this browser’s, or this browser’s only', async () => {
    const accountId = (await db().user.create({ data: { email: `oidc-${unique()}@example.com` }, select: { id: true } })).id
    const put = async (model: string, id: string, payload: Record<string, unknown>) => new PrismaOidcAdapter(model).upsert(id, { accountId, ...payload }, 3600)
    const seed = async () => {
      for (const [session, grant, client] of [
        ['s-here', 'g-here', 'app_a'],
        ['s-there', 'g-there', 'app_b'],
      ] as const) {
        await put('Session', `${session}-${accountId}`, { authorizations: { [client]: { sid: `sid-${session}`, grantId: `${grant}-${accountId}` } } })
        await put('Grant', `${grant}-${accountId}`, { clientId: client })
        await put('RefreshToken', `rt-${grant}-${accountId}`, { grantId: `${grant}-${accountId}`, clientId: client })
      }
    }
    const left = async () => (await db().oidcPayload.findMany({ where: { accountId }, select: { id: true }, orderBy: { id: 'asc' } })).map((row) => row.id)

    await seed()
    const elsewhere = await endAppSessions(accountId, { keepSession: `s-here-${accountId}` })
    expect(elsewhere).toEqual([{ clientId: 'app_b', accountId, sid: 'sid-s-there' }])
    expect(await left()).toEqual([`g-here-${accountId}`, `rt-g-here-${accountId}`, `s-here-${accountId}`])

    await seed()
    const here = await endAppSessions(accountId, { onlySession: `s-here-${accountId}` })
    expect(here).toEqual([{ clientId: 'app_a', accountId, sid: 'sid-s-here' }])
    expect(await left()).toEqual([`g-there-${accountId}`, `rt-g-there-${accountId}`, `s-there-${accountId}`])

    await seed()
    expect((await endAppSessions(accountId)).map((logout) => logout.sid).sort()).toEqual(['sid-s-here', 'sid-s-there'])
    expect(await left()).toEqual([])
  })
})

describe('registered apps', () => {
  it('keep only the secret’s hash, compare it in constant time, and stop working once turned off', async () => {
    const { app, secret } = await register(appInput())
    expect(secret).toMatch(/^pps_[A-Za-z0-9_-]{43}$/)
    const row = await db().oidcApp.findUniqueOrThrow({ where: { id: app.id } })
    expect(row.secretHash).not.toContain(secret)
    const metadata = (await clientMetadata(app.id))!
    expect(metadata).toMatchObject({
      token_endpoint_auth_method: 'client_secret_basic',
      response_types: ['code'],
      grant_types: ['authorization_code', 'refresh_token'],
    })
    expect(secretMatches(metadata.client_secret as string, secret!)).toBe(true)
    expect(secretMatches(metadata.client_secret as string, `${secret}x`)).toBe(false)
    expect(secretMatches(metadata.client_secret as string, row.secretHash!)).toBe(false)

    const { app: spa, secret: none } = await register(appInput({ clientType: 'public' }))
    expect(none).toBeNull()
    expect(await clientMetadata(spa.id)).toMatchObject({ token_endpoint_auth_method: 'none' })
    expect(await clientMetadata(spa.id)).not.toHaveProperty('client_secret')

    await new PrismaOidcAdapter('RefreshToken').upsert(`rt-${app.id}`, { clientId: app.id, grantId: 'g' }, 3600)
    expect(await disableApp({ clientId: app.id }, ctx)).toEqual({ ok: true, name: app.name })
    expect(await disableApp({ clientId: app.id }, ctx)).toEqual({ ok: false, reason: 'app_not_found' })
    expect(await clientMetadata(app.id)).toBeUndefined()
    expect(await db().oidcPayload.count({ where: { clientId: app.id } })).toBe(0)
  })

  it('refuse return addresses that are not exact https (or loopback http) URLs', () => {
    for (const bad of [
      'javascript:alert(1)',
      'http://expenses.example/cb',
      'https://expenses.example/cb#x',
      'https://user:pw@expenses.example/',
      'not a url',
      '',
    ]) {
      const parsed = appInputSchema.safeParse(rawInput({ redirectUris: bad }))
      expect(parsed.success, bad).toBe(false)
    }
    expect(appInputSchema.parse(rawInput({ redirectUris: 'http://127.0.0.1:8080/cb\n\nhttps://a.example/cb' })).redirectUris).toEqual([
      'http://127.0.0.1:8080/cb',
      'https://a.example/cb',
    ])
    expect(appInputSchema.safeParse(rawInput({ redirectUris: Array.from({ length: 11 }, (_, i) => `https://a.example/${i}`).join('\n') })).success).toBe(false)
    // Bidi and control characters do not reach the name shown on the consent page.
    expect(appInputSchema.parse(rawInput({ name: 'Pay\u202Eroll\u0007' })).name).toBe('Payroll')
  })
})

describe('sign-in levels (acr, amr)', () => {
  it('say phishing-resistant only when a passkey was used, and which kind', () => {
    expect(acrOf({ method: 'email_code', verifiedMethod: 'email_code', passkeyDeviceBound: null })).toBe(EMAIL_BASED)
    expect(acrOf({ method: 'email_code', verifiedMethod: 'passkey', passkeyDeviceBound: true })).toBe(PHISHING_RESISTANT)
    expect(acrOf({ method: 'recovery', verifiedMethod: 'recovery', passkeyDeviceBound: null })).toBe(EMAIL_BASED)
    expect(amrOf({ method: 'passkey', verifiedMethod: 'passkey', passkeyDeviceBound: true })).toEqual(['hwk', 'user'])
    expect(amrOf({ method: 'passkey', verifiedMethod: 'passkey', passkeyDeviceBound: false })).toEqual(['swk', 'user'])
    expect(amrOf({ method: 'magic_link', verifiedMethod: 'magic_link', passkeyDeviceBound: null })).toEqual(['otp'])
    // A texted code is the email level, and says so: the weakest channel, which an app may refuse.
    expect(acrOf({ method: 'sms_code', verifiedMethod: 'sms_code', passkeyDeviceBound: null })).toBe(EMAIL_BASED)
    expect(amrOf({ method: 'sms_code', verifiedMethod: 'sms_code', passkeyDeviceBound: null })).toEqual(['sms'])
    expect(requiredAcr('email', `foo ${PHISHING_RESISTANT}`)).toBe(PHISHING_RESISTANT)
    expect(requiredAcr('email', 'urn:unknown')).toBe(EMAIL_BASED)
    expect(requiredAcr('phishing-resistant', undefined)).toBe(PHISHING_RESISTANT)
    expect(meetsAcr(EMAIL_BASED, PHISHING_RESISTANT)).toBe(false)
    expect(meetsAcr(PHISHING_RESISTANT, EMAIL_BASED)).toBe(true)
    expect(meetsAcr(undefined, EMAIL_BASED)).toBe(false)
  })
})

describe('the provider’s lookups at scale', () => {
  let accountId = ''
  beforeAll(async () => {
    accountId = (await db().user.create({ data: { email: `oidc-scale-${unique()}@example.com` }, select: { id: true } })).id
    const rows = Array.from({ length: 20_000 }, (_, index) => ({
      model: ['Session', 'Grant', 'AccessToken', 'RefreshToken'][index % 4]!,
      id: `scale-${index}`,
      payload: '{}',
      grantId: `grant-${index % 5000}`,
      uid: index % 4 === 0 ? `uid-${index}` : null,
      accountId: `person-${index % 5000}`,
      clientId: `app_${index % 20}`,
      expiresAt: new Date(Date.now() + 3_600_000),
    }))
    for (let start = 0; start < rows.length; start += 1000) await db().oidcPayload.createMany({ data: rows.slice(start, start + 1000) })
    await analyze('OidcPayload')
  }, 120_000)

  it('reads by index: an artifact, a session by uid, a grant’s tokens, a person’s sessions and apps', async () => {
    const adapter = new PrismaOidcAdapter('Session')
    const work: (() => Promise<unknown>)[] = [
      () => new PrismaOidcAdapter('AccessToken').find('scale-2'),
      () => adapter.findByUid('uid-4'),
      () => new PrismaOidcAdapter('RefreshToken').revokeByGrantId('grant-9'),
      () => endAppSessions('person-17'),
      () => appsWithAccess(accountId),
    ]
    for (const step of work) {
      const { queries } = await captureStatements(step)
      for (const query of queries.filter((q) => q.query.includes('OidcPayload'))) {
        expect(fullScans(await explain(query)), query.query).toEqual([])
      }
    }
  })
})

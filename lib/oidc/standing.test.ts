import { describe, expect, it } from 'vitest'
import { testContext } from '../../testing/use-case'
import { db } from '../db'
import { moveMembersToGroup } from '../admin/group-moves'
import { patchGroup } from '../scim/groups'
import { HR } from '../../testing/scim'
import { PrismaOidcAdapter } from './adapter'
import { changeAppGroups } from './app-groups'
import { appInputSchema, registerApp } from './apps'
import { EMAIL_BASED, PHISHING_RESISTANT, proofOf, sameProof } from './levels'

/**
 * An app's access follows the person's standing: leaving the app's allowed
 * groups (a move, or the app's groups changing) revokes its grants and every
 * token hanging off them; and a provider session speaks only for the portal
 * session whose proof it carries.
 */

const unique = () => Math.random().toString(36).slice(2, 10)
const ctx = testContext()

async function appFor(allowedGroups: string[]) {
  const input = appInputSchema.parse({
    name: `App ${unique()}`,
    redirectUris: 'https://app.example/callback',
    postLogoutRedirectUris: '',
    backchannelLogoutUri: '',
    clientType: 'confidential',
    allowedGroups,
    minimumLevel: 'email',
    signingAlg: 'ES256',
  })
  const registered = await registerApp(input, { user: { email: 'admin@example.com' } }, ctx)
  if (!registered.ok) throw new Error(registered.reason)
  return registered.app.id
}

async function personIn(groupId: string) {
  return db().user.create({ data: { email: `p-${unique()}@example.com`, groupId }, select: { id: true, email: true } })
}

/** A grant with a refresh token and an access token, as the provider stores them. */
async function grantFor(accountId: string, clientId: string) {
  const grantId = `grant-${unique()}`
  await new PrismaOidcAdapter('Grant').upsert(grantId, { accountId, clientId, openid: { scope: 'openid offline_access' } }, 3600)
  await new PrismaOidcAdapter('RefreshToken').upsert(`rt-${grantId}`, { grantId, accountId, clientId }, 3600)
  await new PrismaOidcAdapter('AccessToken').upsert(`at-${grantId}`, { grantId, accountId, clientId }, 600)
  return grantId
}

const artifacts = (accountId: string, clientId: string) => db().oidcPayload.count({ where: { accountId, clientId } })

describe('an app’s grants follow the person’s group', () => {
  it('a move out of the app’s groups revokes its grant and tokens; other apps and other people keep theirs', async () => {
    const staffApp = await appFor(['employees'])
    const everyoneApp = await appFor([])
    const mover = await personIn('employees')
    const stayer = await personIn('employees')
    for (const person of [mover, stayer]) {
      await grantFor(person.id, staffApp)
      await grantFor(person.id, everyoneApp)
    }
    expect(await artifacts(mover.id, staffApp)).toBe(3)

    await moveMembersToGroup({ emails: [mover.email], groupId: 'customers' }, { user: { email: 'SCIM: HR' } }, ctx)

    expect(await artifacts(mover.id, staffApp)).toBe(0)
    expect(await artifacts(mover.id, everyoneApp)).toBe(3)
    expect(await artifacts(stayer.id, staffApp)).toBe(3)
  })

  it('a SCIM group PATCH does the same, in the request’s transaction', async () => {
    const staffApp = await appFor(['employees'])
    const person = await personIn('employees')
    await grantFor(person.id, staffApp)
    await patchGroup(
      'contractors',
      { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'add', path: 'members', value: [{ value: person.id }] }] },
      HR,
    )
    expect(await artifacts(person.id, staffApp)).toBe(0)
  })

  it('a move into a group the app allows keeps the grant', async () => {
    const app = await appFor(['employees', 'contractors'])
    const person = await personIn('employees')
    await grantFor(person.id, app)
    await moveMembersToGroup({ emails: [person.email], groupId: 'contractors' }, { user: { email: 'admin@example.com' } }, ctx)
    expect(await artifacts(person.id, app)).toBe(3)
  })

  it('narrowing an app’s groups revokes the grants of the people left outside, in one change', async () => {
    const app = await appFor([])
    const employee = await personIn('employees')
    const customer = await personIn('customers')
    await grantFor(employee.id, app)
    await grantFor(customer.id, app)

    const outcome = await changeAppGroups({ clientId: app, allowedGroups: ['employees'] }, ctx)

    expect(outcome).toMatchObject({ ok: true, revokedPeople: 1 })
    expect(await artifacts(employee.id, app)).toBe(3)
    expect(await artifacts(customer.id, app)).toBe(0)
    expect(JSON.parse((await db().oidcApp.findUniqueOrThrow({ where: { id: app } })).allowedGroups)).toEqual(['employees'])
    expect(await changeAppGroups({ clientId: 'app_missing', allowedGroups: [] }, ctx)).toEqual({ ok: false, reason: 'app_not_found' })
  })
})

describe('a provider session speaks for one portal session', () => {
  const at = new Date('2026-12-01T10:00:00.400Z')
  const passkeySession = { method: 'passkey' as const, verifiedMethod: 'passkey' as const, passkeyDeviceBound: true, verifiedAt: at }
  const emailSession = {
    method: 'email_code' as const,
    verifiedMethod: 'email_code' as const,
    passkeyDeviceBound: null,
    verifiedAt: new Date(at.getTime() + 3_600_000),
  }

  it('carries the portal session’s level, methods and proof time', () => {
    expect(proofOf(passkeySession)).toEqual({ acr: PHISHING_RESISTANT, amr: ['hwk', 'user'], ts: Math.floor(at.getTime() / 1000) })
    expect(proofOf(emailSession).acr).toBe(EMAIL_BASED)
  })

  it('an earlier passkey session’s provider session does not match a later email sign-in', () => {
    const provider = { acr: PHISHING_RESISTANT, amr: ['hwk', 'user'], loginTs: Math.floor(at.getTime() / 1000) }
    expect(sameProof(provider, proofOf(passkeySession))).toBe(true)
    expect(sameProof(provider, proofOf(emailSession))).toBe(false)
    // Same level but a newer proof (a step-up since): auth_time would be wrong, so it does not match either.
    expect(sameProof(provider, proofOf({ ...passkeySession, verifiedAt: new Date(at.getTime() + 60_000) }))).toBe(false)
    expect(sameProof({ ...provider, amr: ['swk', 'user'] }, proofOf(passkeySession))).toBe(false)
  })

  it('a session that follows a recovery is at the email level until a passkey is used', () => {
    expect(proofOf({ method: 'recovered', verifiedMethod: 'recovered', passkeyDeviceBound: null, verifiedAt: at }).acr).toBe(EMAIL_BASED)
    expect(proofOf({ method: 'recovered', verifiedMethod: 'passkey', passkeyDeviceBound: false, verifiedAt: at }).acr).toBe(PHISHING_RESISTANT)
  })
})

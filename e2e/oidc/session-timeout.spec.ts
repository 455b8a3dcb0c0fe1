import { jwtVerify, createRemoteJWKSet } from 'jose'
import * as oidc from 'openid-client'
import { db } from '../../lib/db'
import { env } from '../../lib/env'
import { endTimedOutAppSessions } from '../../lib/maintenance'
import { expect, test } from '../fixtures'
import { APP } from '../support/servers'
import { discover, registerTestApp, signInToApp, startReceiver, type Receiver, type TestApp } from '../support/relying-party'

/**
 * No silent end (ADR 37): a portal session that times out ends the app
 * sessions it backed. Maintenance (its step, here) finds it, the apps get
 * logout tokens, and refresh tokens stop working, except for an app
 * registered to keep them past the portal session.
 */

let receiver: Receiver
const apps: TestApp[] = []
const WITH_REFRESH_TOKEN = { scope: 'openid offline_access', prompt: 'consent' }

test.beforeAll(async () => {
  receiver = await startReceiver()
})

test.afterAll(async () => {
  for (const app of apps) await app.remove()
  await receiver.close()
})

test('a timed-out portal session sends its apps logout tokens, and their refresh tokens are refused unless registered to outlive it', async ({
  context,
  page,
  user,
  signIn,
}) => {
  test.setTimeout(90_000)
  const ending = await registerTestApp(receiver, { name: 'Ends with the session' })
  const syncing = await registerTestApp(receiver, { name: 'Background sync', refreshOutlivesSession: true })
  apps.push(ending, syncing)
  const [endingConfig, syncingConfig] = await Promise.all([discover(ending), discover(syncing)])
  const { sessionId } = await signIn(context)
  const endingTokens = (await signInToApp(page, endingConfig, ending, WITH_REFRESH_TOKEN)).tokens
  const syncingTokens = (await signInToApp(page, syncingConfig, syncing, WITH_REFRESH_TOKEN)).tokens
  const sent = receiver.logoutTokens.length

  // Idle for longer than the idle timeout: the test moves the session's last activity back.
  const idle = new Date(Date.now() - (env().session.idleTimeoutSeconds + 60) * 1000)
  await db().session.update({ where: { id: sessionId }, data: { lastSeenAt: idle } })
  expect(await endTimedOutAppSessions()).toBe(1)

  // Both apps are told, with logout tokens signed by the portal for this person.
  const tokens = receiver.logoutTokens.slice(sent)
  expect(tokens).toHaveLength(2)
  const jwks = createRemoteJWKSet(new URL(`${APP.url}/oidc/jwks`))
  const audiences = []
  for (const token of tokens) {
    const { payload } = await jwtVerify(token, jwks, { issuer: APP.url, typ: 'logout+jwt' })
    expect(payload.sub).toBe(user.id)
    audiences.push(payload.aud)
  }
  expect(audiences.sort()).toEqual([ending.clientId, syncing.clientId].sort())

  // The refresh token of the app that ends with the session is refused; the other's still works.
  await expect(oidc.refreshTokenGrant(endingConfig, endingTokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' })
  const refreshed = await oidc.refreshTokenGrant(syncingConfig, syncingTokens.refresh_token!)
  expect(refreshed.access_token).toBeTruthy()

  // And the browser is signed out of the portal.
  await page.goto('/account')
  await expect(page).toHaveURL(/\/sign-in/)
})

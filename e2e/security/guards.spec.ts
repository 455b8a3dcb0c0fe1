import { randomBytes } from 'node:crypto'
import type { APIResponse, BrowserContext } from '@playwright/test'
import { issueSession } from '../../lib/auth/session/store'
import { db } from '../../lib/db'
import { expect, test, type TestUser } from '../fixtures'
import { actionId, callAction } from '../support/server-actions'
import { APP } from '../support/servers'
import { ACTIONS, stateAndForm, storedPasskey } from './hostile-input/rows'
import { removeUsers } from '../support/users'

/**
 * The guard of every action runs before its input is read, and each refusal
 * leaves nothing changed. These are the chains that matter: a recovery
 * session reaching a signed-in action, a confirmation that went stale, a
 * plain user reaching the helpdesk, a signed-in browser driving a signed-out
 * flow for some other address.
 */

async function signInAs(context: BrowserContext, user: TestUser, method: 'fixture' | 'recovery') {
  const issued = await issueSession(user.id, method, { ipAddress: '127.0.0.1', userAgent: 'playwright fixture' })
  await context.addCookies([{ name: 'portal.session', value: issued.secret, url: APP.url, httpOnly: true, sameSite: 'Lax' }])
  return issued
}

/** Where an action's answer sends the browser, if it does (a redirect from a server action). */
function redirectedTo(response: APIResponse): string | null {
  return response.headers()['x-action-redirect'] ?? response.headers()['location'] ?? null
}

test('a recovery session can add a passkey but reaches no signed-in action: it is sent back to enrolment', async ({ context, user }) => {
  await signInAs(context, user, 'recovery')
  const passkey = await storedPasskey(user.id, 'Mine')

  const rename = await callAction(
    context.request,
    '/account/passkeys',
    actionId(ACTIONS.passkeys, 'renamePasskeyAction'),
    stateAndForm({ passkeyId: passkey.id, name: 'Taken over' }),
  )
  expect(redirectedTo(rename)).toContain('/recover/enroll')
  const remove = await callAction(
    context.request,
    '/account/passkeys',
    actionId(ACTIONS.passkeys, 'removePasskeyAction'),
    stateAndForm({ passkeyId: passkey.id }),
  )
  expect(redirectedTo(remove)).toContain('/recover/enroll')
  const signOutOthers = await callAction(context.request, '/account/sessions', actionId(ACTIONS.sessions, 'revokeOtherSessionsAction'), stateAndForm({}))
  expect(redirectedTo(signOutOthers)).toContain('/recover/enroll')

  expect(await db().passkey.findUniqueOrThrow({ where: { id: passkey.id }, select: { name: true } })).toEqual({ name: 'Mine' })
  const register = await context.request.post('/api/passkeys/register/options', { data: {}, headers: { origin: APP.url } })
  expect(register.status()).toBe(200)
})

test('a confirmation that went stale is asked for again, by actions and by routes, before anything changes', async ({ context, user }) => {
  const issued = await signInAs(context, user, 'fixture')
  await db().session.update({ where: { id: issued.sessionId }, data: { verifiedAt: new Date(Date.now() - 60 * 60 * 1000) } })
  const passkey = await storedPasskey(user.id, 'Mine')
  await storedPasskey(user.id, 'Other')

  const remove = await callAction(
    context.request,
    '/account/passkeys',
    actionId(ACTIONS.passkeys, 'removePasskeyAction'),
    stateAndForm({ passkeyId: passkey.id }),
  )
  expect(await remove.text()).toContain('"code":"step_up_required"')
  const backup = await callAction(
    context.request,
    '/account/recovery',
    actionId(ACTIONS.recovery, 'sendBackupEmailCodeAction'),
    stateAndForm({ email: `backup-${randomBytes(3).toString('hex')}@example.com` }),
  )
  expect(await backup.text()).toContain('"code":"step_up_required"')
  const register = await context.request.post('/api/passkeys/register/options', { data: {}, headers: { origin: APP.url } })
  expect(register.status()).toBe(403)
  expect((await register.json()).error).toBe('step_up_required')

  expect(await db().passkey.count({ where: { userId: user.id } })).toBe(2)
  expect(await db().emailChallenge.count({ where: { userId: user.id, purpose: 'backup_email' } })).toBe(0)
})

test('a user without a helpdesk role who finds the helpdesk action gets nothing, and no code is made', async ({ context, signIn }) => {
  await signIn(context)
  const target = await db().user.create({ data: { email: `target-${randomBytes(4).toString('hex')}@example.com` }, select: { id: true } })
  const form = stateAndForm({ userId: target.id, verification: 'Video call; matched the badge photo.', validHours: '1', checks: 'video_call' })
  const response = await callAction(context.request, '/admin/recovery', actionId(ACTIONS.helpdesk, 'issueAccessCodeAction'), form)
  expect(await response.text()).not.toContain('"status":"issued"')
  expect(await db().accessCode.count({ where: { userId: target.id } })).toBe(0)
  await removeUsers(target.id)
})

test('a signed-in browser cannot drive recovery for some other address: it is sent to its own account first', async ({ context, signIn }) => {
  await signIn(context)
  const other = await db().user.create({ data: { email: `other-${randomBytes(4).toString('hex')}@example.com` }, select: { id: true, email: true } })
  const response = await callAction(context.request, '/recover', actionId(ACTIONS.recover, 'requestRecoveryAction'), stateAndForm({ email: other.email }))
  expect(redirectedTo(response)).toContain('/account')
  expect(await db().emailChallenge.count({ where: { email: other.email } })).toBe(0)
  await removeUsers(other.id)
})

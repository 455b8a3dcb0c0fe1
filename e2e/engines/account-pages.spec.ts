import { issueSession } from '../../lib/auth/session/store'
import { db } from '../../lib/db'
import { passkeyRow } from '../policies/support'
import { APP } from '../support/servers'
import { expect, test } from './fixtures'

const FIREFOX_ON_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0'
const LAPTOP_IP = '203.0.113.7'

/** Where a request with only this session cookie ends up: the account, or sign-in once the session is gone. */
async function accountAnswerFor(secret: string): Promise<{ status: number; location: string | null }> {
  const response = await fetch(`${APP.url}/account`, { headers: { cookie: `portal.session=${secret}` }, redirect: 'manual' })
  return { status: response.status, location: response.headers.get('location') }
}

test('the account pages: overview, a new name saved, the passkeys, the history, and another session signed out', async ({ open, user, signInPage }) => {
  // Before: a passkey, and a laptop signed in by emailed code from another network (its session and its history row).
  await passkeyRow(user.id)
  const laptop = await issueSession(user.id, 'email_code', { ipAddress: LAPTOP_IP, userAgent: FIREFOX_ON_WINDOWS })
  await db().auditEvent.create({
    data: {
      userId: user.id,
      type: 'sign_in',
      result: 'success',
      method: 'email_code',
      sessionId: laptop.sessionId,
      ipAddress: LAPTOP_IP,
      userAgent: FIREFOX_ON_WINDOWS,
    },
  })
  expect((await accountAnswerFor(laptop.secret)).status).toBe(200)

  const page = await open()
  const { sessionId } = await signInPage(page, user)
  await page.goto('/account')
  await page.waitForText('Hello, Test Person')
  await page.waitForText(user.email)
  await page.waitForText(/^Signed in with Test sign-in on /)

  await page.press('Profile', 'link')
  await page.waitForUrl(/\/account\/profile$/)
  await page.fill('Your name', 'Ada Lovelace')
  await page.press('Save name')
  await page.waitForText('Name saved.')
  expect(await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { displayName: true } })).toEqual({ displayName: 'Ada Lovelace' })

  await page.press('Passkeys', 'link')
  await page.waitForUrl(/\/account\/passkeys$/)
  await page.waitForText('Your passkeys (1)')
  await page.waitForText(/^Row$/)
  await page.waitForText('Not used yet')

  await page.press('Activity', 'link')
  await page.waitForUrl(/\/account\/activity$/)
  await page.waitForText('Name changed')
  await page.waitForText(`Firefox on Windows · IP ${LAPTOP_IP}`)

  await page.press('Sessions', 'link')
  await page.waitForUrl(/\/account\/sessions$/)
  await page.waitForText('This device')
  await page.waitForText(new RegExp(`^Email code · IP ${LAPTOP_IP.replaceAll('.', '\\.')} · signed in `))
  await page.press('Sign out Firefox on Windows')
  await page.waitForText('Signed out. That browser will be asked to sign in on its next page.')
  expect(await db().session.findMany({ where: { userId: user.id }, select: { id: true } })).toEqual([{ id: sessionId }])
  expect(await db().auditEvent.count({ where: { userId: user.id, type: 'session_revoked', result: 'success' } })).toBe(1)
  // The laptop is asked to sign in on its next page; this browser stays signed in.
  expect((await accountAnswerFor(laptop.secret)).location).toMatch(/\/sign-in/)
  await page.goto('/account')
  await page.waitForText('Hello, Ada Lovelace')
})

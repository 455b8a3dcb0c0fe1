import { randomBytes } from 'node:crypto'
import type { Page } from '@playwright/test'
import { requestAccessCode } from '../../lib/recovery/access-codes'
import { auditFor } from '../../testing/audit'
import { db } from '../../lib/db'
import { expect, test, type TestUser } from '../fixtures'
import { addVirtualAuthenticator } from '../support/authenticator'
import { latestEmailTo } from '../support/mailbox'
import { actionId, callAction } from '../support/server-actions'
import { removeUsers } from '../support/users'

const context = { ipAddress: '203.0.113.9', userAgent: 'playwright' }

async function agent(role: 'helpdesk' | 'admin' = 'helpdesk'): Promise<TestUser & { role: 'helpdesk' | 'admin' }> {
  const email = `${role}-${randomBytes(4).toString('hex')}@example.com`
  const created = await db().user.create({ data: { email, displayName: `Agent ${role}`, role }, select: { id: true, email: true } })
  return { ...created, displayName: `Agent ${role}`, role }
}

/** The agent's side: find the person, record the checks, issue; returns the code shown once. */
async function issueFor(page: Page, email: string, verification = 'Video call at 14:05; face matched the badge photo.'): Promise<void> {
  await page.goto(`/admin/recovery?q=${encodeURIComponent(email)}`)
  const card = page.locator('li').filter({ has: page.getByTestId('helpdesk-user').filter({ hasText: email }) })
  await card.getByLabel('Saw the person on a video call and matched them to their photo').check()
  await card.getByLabel('In your words').fill(verification)
  await card.getByRole('button', { name: /Issue access code|Ask a second agent to approve/ }).click()
}

/** The person's side: the access code at /recover/access. */
async function redeem(page: Page, email: string, code: string): Promise<void> {
  await page.goto('/recover')
  await page.getByRole('link', { name: 'I have an access code' }).click()
  await expect(page.getByRole('heading', { name: 'Enter your access code' })).toBeVisible()
  await page.getByLabel('Your email address').fill(email)
  await page.getByLabel('Access code').fill(code)
  await page.getByRole('button', { name: 'Continue' }).click()
}

test('an agent issues an access code; the person redeems it once to add a passkey; everything is logged and emailed', async ({
  browser,
  context,
  page,
  user,
  signIn,
}) => {
  const helpdesk = await agent()
  await signIn(context, helpdesk)
  await issueFor(page, user.email)
  const code = (await page.getByTestId('access-code').textContent())!
  expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/)
  const notice = await latestEmailTo(user.email, /^A recovery code was issued for your account/)
  expect(notice.text).toContain(helpdesk.email)
  expect(notice.text).toContain("If you didn't ask for this")
  expect(notice.text).toMatch(/\/recover\/report\?token=[A-Za-z0-9_-]{43}/)

  const person = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '198.51.100.61' } })
  const phone = await person.newPage()
  await redeem(phone, user.email, code)
  await expect(phone).toHaveURL(/\/recover\/enroll$/)
  // What happened, in words: the helpdesk's code, not a recovery code the person never had.
  await expect(phone.getByText('You got here with the one-time access code from your helpdesk.')).toBeVisible()
  await expect(phone.getByText('You have no recovery codes. Make a set now')).toBeVisible()
  await expect(phone.getByText(/You used one|codes? left/)).toHaveCount(0)
  await addVirtualAuthenticator(phone)
  await phone.bringToFront()
  await phone.getByRole('button', { name: 'Create a passkey' }).click()
  await expect(phone).toHaveURL(/\/recover\/done$/)
  expect(await db().passkey.count({ where: { userId: user.id } })).toBe(1)

  const again = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '198.51.100.62' } })
  const other = await again.newPage()
  await redeem(other, user.email, code)
  await expect(other.getByText('This access code was already used.')).toBeVisible()

  const events = await db().auditEvent.findMany({
    where: { userId: user.id, type: { startsWith: 'access_code_' } },
    select: { type: true, result: true, detail: true },
  })
  expect(events.map((event) => `${event.type}:${event.result}`).sort()).toEqual(
    ['access_code_issued:success', 'access_code_requested:success', 'access_code_used:failure', 'access_code_used:success'].sort(),
  )
  const requested = events.find((event) => event.type === 'access_code_requested')!
  expect(JSON.parse(requested.detail!)).toMatchObject({
    agent: helpdesk.email,
    verification: 'Video call at 14:05; face matched the badge photo.',
    checks: 'video_call',
  })
  await person.close()
  await again.close()
  await removeUsers(helpdesk.id)
})

test('an expired access code does not work', async ({ page, user }) => {
  const helpdesk = await agent()
  const issued = await requestAccessCode({
    agent: helpdesk,
    userId: user.id,
    verification: 'Called back on the directory number.',
    checks: ['callback'],
    validHours: 1,
    context,
    audit: auditFor(context),
  })
  if (!issued.ok || issued.status !== 'active') throw new Error('not issued')
  await db().accessCode.update({ where: { id: issued.id }, data: { expiresAt: new Date(Date.now() - 1000) } })
  await redeem(page, user.email, issued.code)
  await expect(page.getByText('This access code has expired.')).toBeVisible()
  expect(await db().session.count({ where: { userId: user.id } })).toBe(0)
  await removeUsers(helpdesk.id)
})

test('no code for yourself, no helpdesk page for people who are not agents, and a code for an admin needs a second agent', async ({
  browser,
  context,
  page,
  signIn,
}) => {
  // A plain user: the page does not exist for them.
  await signIn(context)
  const denied = await page.goto('/admin/recovery')
  expect(denied?.status()).toBe(404)

  const admin = await agent('admin')
  const first = await agent()
  const second = await agent()
  const firstContext = await browser.newContext()
  await signIn(firstContext, first)
  const firstPage = await firstContext.newPage()
  await firstPage.goto(`/admin/recovery?q=${encodeURIComponent(first.email)}`)
  await expect(firstPage.getByText('You can’t issue an access code for your own account.')).toBeVisible()

  await issueFor(firstPage, admin.email, 'Checked ID <img src=x onerror="window.pwned=1"> in person.')
  await expect(firstPage.getByText('Asked for approval.')).toBeVisible()
  // Other tests' requests may be waiting too; the first agent must not see their own.
  await firstPage.goto('/admin/recovery')
  await expect(firstPage.getByTestId('pending-approval').filter({ hasText: admin.email })).toHaveCount(0)

  const secondContext = await browser.newContext()
  await signIn(secondContext, second)
  const secondPage = await secondContext.newPage()
  await secondPage.goto('/admin/recovery')
  const pending = secondPage.getByTestId('pending-approval').filter({ hasText: admin.email })
  await expect(pending).toContainText('Checked ID <img src=x onerror="window.pwned=1"> in person.')
  expect(await secondPage.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined()
  await pending.getByRole('button', { name: 'Approve and show the code' }).click()
  const code = (await secondPage.getByTestId('access-code').textContent())!
  await latestEmailTo(admin.email, /^A recovery code was issued for your account/)

  const adminPage = await (await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '198.51.100.63' } })).newPage()
  await redeem(adminPage, admin.email, code)
  await expect(adminPage).toHaveURL(/\/recover\/enroll$/)
  const row = await db().accessCode.findFirstOrThrow({ where: { userId: admin.id } })
  expect(row).toMatchObject({ requestedById: first.id, approvedById: second.id, status: 'used' })
  await firstContext.close()
  await secondContext.close()
  await removeUsers(admin.id, first.id, second.id)
})

test('the person’s email has a link to stop a code they did not ask for; opening it changes nothing, the button stops the code', async ({ page, user }) => {
  const helpdesk = await agent()
  const issued = await requestAccessCode({
    agent: helpdesk,
    userId: user.id,
    verification: 'Phone call from someone claiming to be them.',
    checks: ['callback'],
    validHours: 1,
    context,
    audit: auditFor(context),
  })
  if (!issued.ok || issued.status !== 'active') throw new Error('not issued')
  // The notice is sent by the action; here the code was issued directly, so the link is built the way the email builds it.
  await page.goto(`/recover/report?token=${issued.reportToken}`)
  await page.reload()
  expect(await db().accessCode.findUniqueOrThrow({ where: { id: issued.id }, select: { status: true } })).toEqual({ status: 'active' })
  await page.getByRole('button', { name: 'Stop the code' }).click()
  await expect(page.getByText('Done: the code no longer works.')).toBeVisible()
  await redeem(page, user.email, issued.code)
  await expect(page.getByText("That access code isn't right for this address.")).toBeVisible()
  expect(await db().auditEvent.count({ where: { userId: user.id, type: 'access_code_reported' } })).toBe(1)
  await page.goto(`/recover/report?token=${issued.reportToken}`)
  await expect(page.getByTestId('report-state')).toHaveText('This code was already reported and no longer works.')
  await removeUsers(helpdesk.id)
})

test('one helpdesk agent cannot become an administrator through a colleague’s account: the chain stops at its first step', async ({
  browser,
  context,
  page,
  signIn,
}) => {
  const attacker = await agent()
  const colleague = await agent()
  const third = await agent()
  const admin = await agent('admin')
  // Step 1: the attacker asks for a code for a colleague. It is not shown to them; it waits for a second agent.
  await signIn(context, attacker)
  await issueFor(page, colleague.email)
  await expect(page.getByText('Asked for approval.')).toBeVisible()
  await expect(page.getByTestId('access-code')).toHaveCount(0)
  expect(await db().accessCode.findFirstOrThrow({ where: { userId: colleague.id }, select: { status: true, hash: true } })).toEqual({
    status: 'awaiting_approval',
    hash: null,
  })

  // Suppose a third agent approves and the code still reaches the attacker: the colleague's account is recovered with a new passkey…
  const thirdContext = await browser.newContext()
  await signIn(thirdContext, third)
  const thirdPage = await thirdContext.newPage()
  await thirdPage.goto('/admin/recovery')
  await thirdPage.getByTestId('pending-approval').filter({ hasText: colleague.email }).getByRole('button', { name: 'Approve and show the code' }).click()
  const code = (await thirdPage.getByTestId('access-code').textContent())!
  // Every administrator gets this notice, so other tests' notices reach this admin too: pick the one about the colleague.
  const adminNotice = await latestEmailTo(admin.email, /^A recovery code was issued for an agent’s account/, colleague.email)
  expect(adminNotice.text).toContain(`issued for ${colleague.email}`)
  expect(adminNotice.text).toContain(attacker.email)

  const taken = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '198.51.100.64' } })
  const takenPage = await taken.newPage()
  await redeem(takenPage, colleague.email, code)
  await expect(takenPage).toHaveURL(/\/recover\/enroll$/)
  await addVirtualAuthenticator(takenPage)
  await takenPage.getByRole('button', { name: 'Create a passkey' }).click()
  await expect(takenPage).toHaveURL(/\/recover\/done$/)

  // …and the attacker asks for an admin's code, to approve it as the colleague. The page offers no approval, and the server refuses a direct post.
  await issueFor(page, admin.email)
  await expect(page.getByText('Asked for approval.')).toBeVisible()
  const forAdmin = await db().accessCode.findFirstOrThrow({ where: { userId: admin.id }, select: { id: true } })
  await takenPage.goto('/admin/recovery')
  const pending = takenPage.getByTestId('pending-approval').filter({ hasText: admin.email })
  await expect(pending.getByTestId('approver-cool-down')).toBeVisible()
  await expect(pending.getByRole('button', { name: 'Approve and show the code' })).toHaveCount(0)
  const id = actionId('app/(admin)/admin/recovery/actions.ts', 'approveAccessCodeAction')
  const direct = await callAction(taken.request, '/admin/recovery', id, {
    parts: [
      ['_1_requestId', forAdmin.id],
      ['0', '[{"status":"idle"},"$K1"]'],
    ],
  })
  expect(await direct.text()).toContain('"status":"error","code":"access_code_approver_recent"')
  expect(await db().accessCode.findUniqueOrThrow({ where: { id: forAdmin.id }, select: { status: true, hash: true } })).toEqual({
    status: 'awaiting_approval',
    hash: null,
  })
  await thirdContext.close()
  await taken.close()
  await removeUsers(attacker.id, colleague.id, third.id, admin.id)
})

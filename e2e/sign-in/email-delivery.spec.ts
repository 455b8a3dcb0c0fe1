import { randomBytes } from 'node:crypto'
import { db } from '../../lib/db'
import { expect, test } from '../fixtures'
import { requestEmail } from '../support/email-sign-in'
import { emailsTo, reportDelivery } from '../support/mailbox'
import { removeUsers } from '../support/users'
import { E2E_WEBHOOK_SECRET, emailEvent, signWebhook } from '../support/webhook-signing'

/**
 * Delivery status: the loopback provider reports a message the way Resend's
 * webhook does (signed), and the check-email page, the helpdesk's person
 * page and the rollout dashboard show what it said.
 */

test('a bounced sign-in email is said on the check-email page, in place, and the helpdesk sees it', async ({ browser, page, user, signIn }) => {
  await requestEmail(page, user.email)
  const note = page.getByTestId('email-delivery')
  await expect(note).toHaveCount(0)

  expect(await reportDelivery(user.email, 'email.delivered')).toBe(200)
  await expect(note).toHaveText(/^Delivered: your email provider has it\./)

  expect(await reportDelivery(user.email, 'email.bounced')).toBe(200)
  await expect(note).toHaveText(/^Bounced: this address could not take the email\./)
  await expect(note.getByRole('link', { name: 'Recover with your backup email' })).toHaveAttribute('href', '/recover')
  // Drawn by the server as well: a reload (or a browser without JavaScript) shows it at once.
  await page.reload()
  await expect(page.getByTestId('email-delivery')).toHaveAttribute('data-delivery', 'bounced')

  const email = `helpdesk-${randomBytes(4).toString('hex')}@example.com`
  const agent = await db().user.create({ data: { email, displayName: 'Agent helpdesk', role: 'helpdesk' }, select: { id: true, email: true } })
  try {
    const helpdesk = await browser.newContext()
    await signIn(helpdesk, { ...agent, displayName: 'Agent helpdesk' })
    const desk = await helpdesk.newPage()
    await desk.goto(`/admin/people/${user.id}`)
    await expect(desk.getByTestId('person-emails')).toContainText(/Sign-in code · bounced · Permanent \/ General/)
    await helpdesk.close()
  } finally {
    await removeUsers(agent.id)
  }
})

test('a forged or unsigned webhook is refused with 401 and changes nothing; a replay is applied once', async ({ page, request, user }) => {
  await requestEmail(page, user.email)
  const [sent] = await emailsTo(user.email)
  const bounce = emailEvent('email.bounced', sent!)
  const url = '/api/webhooks/resend'

  const unsigned = await request.post(url, { data: bounce, headers: { 'content-type': 'application/json' } })
  expect(unsigned.status()).toBe(401)
  // Larger than any event, signed or not: refused before it is read whole.
  expect((await request.post(url, { data: 'x'.repeat(300 * 1024), headers: { 'content-type': 'application/json' } })).status()).toBe(413)
  const otherKey = `whsec_${Buffer.from('not-the-secret-the-portal-was-given').toString('base64')}`
  const forged = signWebhook(otherKey, bounce)
  expect((await request.post(url, { data: forged.body, headers: forged.headers })).status()).toBe(401)
  const tampered = signWebhook(E2E_WEBHOOK_SECRET, emailEvent('email.delivered', sent!))
  expect((await request.post(url, { data: bounce, headers: tampered.headers })).status()).toBe(401)
  expect(await db().emailDelivery.count({ where: { id: sent!.id } })).toBe(0)
  await page.reload()
  await expect(page.getByTestId('email-delivery')).toHaveCount(0)

  const signed = signWebhook(E2E_WEBHOOK_SECRET, bounce)
  expect((await request.post(url, { data: signed.body, headers: signed.headers })).status()).toBe(200)
  expect((await request.post(url, { data: signed.body, headers: signed.headers })).status()).toBe(200)
  expect(await db().auditEvent.count({ where: { userId: user.id, type: 'email_failed', reason: 'email_bounced' } })).toBe(1)
  await expect(page.getByTestId('email-delivery')).toHaveAttribute('data-delivery', 'bounced')
})

test('the rollout dashboard counts bounces and delays, in its table and its download', async ({ browser, page, user, signIn }) => {
  await requestEmail(page, user.email)
  expect(await reportDelivery(user.email, 'email.delivery_delayed')).toBe(200)
  const email = `admin-${randomBytes(4).toString('hex')}@example.com`
  const admin = await db().user.create({ data: { email, displayName: 'Admin', role: 'admin' }, select: { id: true, email: true } })
  try {
    const console = await browser.newContext()
    await signIn(console, { ...admin, displayName: 'Admin' })
    const dashboard = await console.newPage()
    await dashboard.goto('/admin/rollout')
    const table = dashboard.getByRole('table', { name: 'Emails of the period by what the email provider last reported (all groups)' })
    const delayed = table.getByRole('row', { name: /Delayed, not yet delivered/ })
    await expect(delayed).toBeVisible()
    const count = Number((await delayed.getByRole('cell').last().textContent())!.replace(/\D/g, ''))
    expect(count).toBeGreaterThanOrEqual(1)
    const download = await dashboard.locator('#email-delivery-heading + a').getAttribute('href')
    const csv = await (await console.request.get(download!)).text()
    expect(csv).toContain(`"Delayed, not yet delivered","${count}"`)
    await console.close()
  } finally {
    await removeUsers(admin.id)
  }
})

import { randomBytes } from 'node:crypto'
import { enterCode, requestEmail } from '../support/email-sign-in'
import { signInEmailTo } from '../support/mailbox'
import { E2E_METRICS_TOKEN } from '../support/servers'
import { parseExposition, total } from '../support/metrics'
import { expect, test } from '../fixtures'

test('/metrics needs the bearer token and exposes the operations series, with no personal data in labels', async ({ page, request }) => {
  expect((await request.get('/metrics')).status()).toBe(404)
  expect((await request.get('/metrics', { headers: { authorization: 'Bearer wrong-token-of-a-plausible-length-000000' } })).status()).toBe(404)
  const read = async () => {
    const response = await request.get('/metrics', { headers: { authorization: `Bearer ${E2E_METRICS_TOKEN}` } })
    expect(response.status()).toBe(200)
    expect(response.headers()['content-type']).toContain('text/plain; version=0.0.4')
    return parseExposition(await response.text())
  }
  const before = await read()

  // A wrong code and then the right one: one failed and one successful email sign-in, and their requests timed.
  const email = `metrics-${randomBytes(4).toString('hex')}@example.com`
  await requestEmail(page, email)
  const { code } = await signInEmailTo(email)
  await enterCode(page, code === '000000' ? '111111' : '000000')
  await expect(page.getByText("That code isn't right. Check the latest email and try again.")).toBeVisible()
  await enterCode(page, code)
  await expect(page).toHaveURL('/account')

  const after = await read()
  const expected: [string, string][] = [
    ['portal_http_request_duration_seconds', 'histogram'],
    ['portal_db_query_duration_seconds', 'histogram'],
    ['portal_sign_ins_total', 'counter'],
    ['portal_step_ups_total', 'counter'],
    ['portal_recoveries_total', 'counter'],
    ['portal_email_sent_total', 'counter'],
    ['portal_email_failed_total', 'counter'],
    ['portal_rate_limit_refusals_total', 'counter'],
    ['portal_security_events_total', 'counter'],
    ['portal_nodejs_eventloop_lag_seconds', 'gauge'],
  ]
  for (const [name, type] of expected) expect(after.types.get(name), name).toBe(type)

  const counted = (metrics: typeof before, name: string, labels: Record<string, string>) => total(metrics.samples, name, labels)
  expect(counted(after, 'portal_sign_ins_total', { method: 'email_code', result: 'success' })).toBeGreaterThan(
    counted(before, 'portal_sign_ins_total', { method: 'email_code', result: 'success' }),
  )
  expect(counted(after, 'portal_sign_ins_total', { method: 'email_code', result: 'failure' })).toBeGreaterThan(
    counted(before, 'portal_sign_ins_total', { method: 'email_code', result: 'failure' }),
  )
  expect(counted(after, 'portal_email_sent_total', { transport: 'resend' })).toBeGreaterThan(
    counted(before, 'portal_email_sent_total', { transport: 'resend' }),
  )
  expect(counted(after, 'portal_http_request_duration_seconds_count', { route: '/sign-in/check-email' })).toBeGreaterThan(0)
  expect(counted(after, 'portal_db_query_duration_seconds_count', { model: 'EmailChallenge' })).toBeGreaterThan(0)

  // Labels come from closed sets: route patterns, never a path with an id, an address or a token in it.
  for (const sample of after.samples) {
    for (const value of Object.values(sample.labels)) expect(value, `${sample.name} ${JSON.stringify(sample.labels)}`).not.toMatch(/@|token=|\?/)
    const route = sample.labels.route
    if (route !== undefined) expect(route, sample.name).toMatch(/^(\/[\w./\[\]-]*|unmatched)$/)
  }
})

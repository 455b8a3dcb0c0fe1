import { expect, test } from '@playwright/test'
import { actionId, callAction } from '../support/server-actions'
import { stateAndForm } from '../security/hostile-input/rows'
import { APP, DEMO } from '../support/servers'

const SIGN_IN = 'app/(auth)/sign-in/actions.ts'

test('demo mode offers the demo organisation’s accounts on /sign-in, each signing in with one press', async ({ page }) => {
  await page.goto(`${DEMO.url}/sign-in`)
  const panel = page.getByRole('region', { name: 'Demo accounts' })
  for (const label of ['Administrator', 'Helpdesk agent', 'Employee', 'Contractor', 'Customer']) {
    await expect(panel.getByRole('button', { name: new RegExp(`^${label}: `) })).toBeVisible()
  }
  await panel.getByRole('button', { name: /^Employee: / }).click()
  await expect(page).toHaveURL(`${DEMO.url}/account`)
  await expect(page.getByTestId('signed-in-user')).toBeVisible()
})

test('a production server has no demo accounts panel and refuses the demo sign-in', async ({ page, request }) => {
  await page.goto(`${APP.url}/sign-in`)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Demo accounts' })).toHaveCount(0)
  const response = await callAction(request, '/sign-in', actionId(SIGN_IN, 'demoSignInAction'), stateAndForm({ account: 'demo-person-001' }))
  expect(await response.text()).toContain('"code":"not_found"')
  expect(response.headers()['set-cookie'] ?? '').not.toContain('portal.session')
})

test('the demo sign-in opens only the panel’s accounts', async ({ request }) => {
  const response = await request.post(`${DEMO.url}/sign-in`, {
    headers: { 'next-action': actionId(SIGN_IN, 'demoSignInAction'), origin: DEMO.url, accept: 'text/x-component' },
    multipart: { _1_account: 'demo-person-050', '0': '[{"status":"idle"},"$K1"]' },
    maxRedirects: 0,
  })
  expect(await response.text()).toContain('"code":"not_found"')
  expect(response.headers()['set-cookie'] ?? '').not.toContain('portal.session')
})

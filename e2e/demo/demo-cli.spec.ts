import { spawn } from 'node:child_process'
import { expect, test } from '@playwright/test'
import { demoCustomerWithPasskey } from '../support/demo-customer'
import { ACME, DEMO } from '../support/servers'

/**
 * `npm run demo:cli` against the running demo: Acme's command-line tool
 * shows a code, a person approves it in Chromium (a demo account with a
 * passkey on the virtual authenticator), and the tool prints who signed in
 * and what Acme Expenses' API answered to its token.
 */
test('npm run demo:cli signs in with a code approved in the browser, prints the person, and calls Acme’s API', async ({ page }) => {
  test.setTimeout(120_000)
  await demoCustomerWithPasskey(page)

  const cli = spawn('npm', ['run', '--silent', 'demo:cli'], { env: { ...process.env, PORTAL_URL: DEMO.url, ACME_URL: ACME.url } })
  let output = ''
  cli.stdout.on('data', (chunk) => (output += String(chunk)))
  cli.stderr.on('data', (chunk) => (output += String(chunk)))
  const exited = new Promise<number | null>((resolve) => cli.on('exit', resolve))
  try {
    await expect.poll(() => /type the code\s+([A-Z]{4}-[A-Z]{4})/.exec(output)?.[1], { timeout: 30_000 }).toBeTruthy()
    const code = /type the code\s+([A-Z]{4}-[A-Z]{4})/.exec(output)![1]!
    expect(output).toContain(`open   ${DEMO.url}/activate`)

    await page.goto(`${DEMO.url}/activate`)
    await page.getByLabel('Code from the device').fill(code)
    await page.getByRole('button', { name: 'Continue' }).click()
    await expect(page.getByRole('heading', { name: 'Sign in to Acme CLI on a device?' })).toBeVisible()
    await page.getByRole('button', { name: 'Approve and sign in' }).click()
    await page.getByRole('button', { name: 'Confirm with a passkey' }).click()
    await expect(page.getByRole('heading', { name: 'Acme CLI is signed in on your device' })).toBeVisible()

    expect(await exited).toBe(0)
    expect(output).toMatch(/Signed in as .+ \(groups: .+\)\./)
    expect(output).toContain("Acme Expenses' API lists 2 payments waiting for approval:")
    expect(output).toContain('Northwind Traders: EUR 12500.00')
  } finally {
    cli.kill('SIGTERM')
  }
})

import { expect, type Page } from '@playwright/test'
import { ACME } from './servers'

/**
 * Opens the portal's confirmation page for Acme's €12,500.00 payment whose
 * request was changed on its way (€1.00), as an attacker between app and
 * portal would: the page must show the payment as the portal received it.
 */
export async function openTamperedApproval(page: Page): Promise<void> {
  const started = await page.request.post(`${ACME.url}/approve`, { form: { payment: 'northwind' }, maxRedirects: 0 })
  const tampered = new URL(started.headers().location!)
  tampered.searchParams.set('authorization_details', tampered.searchParams.get('authorization_details')!.replace('"12500.00"', '"1.00"'))
  await page.goto(tampered.href)
  await expect(page.getByTestId('approval-summary')).toHaveText('Approve €1.00 to Northwind Traders')
}

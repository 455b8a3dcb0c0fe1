import { expect, type Page } from '@playwright/test'

/** Asks for a sign-in email on /sign-in (or another page with the same form). */
export async function requestEmail(page: Page, email: string, path = '/sign-in'): Promise<void> {
  await page.goto(path)
  await page.getByLabel('Email address').fill(email)
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible()
}

/** Types a code on the "Check your email" page and submits it. */
export async function enterCode(page: Page, code: string): Promise<void> {
  await page.getByLabel('6-digit code').fill(code)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
}

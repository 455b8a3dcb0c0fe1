import { randomBytes } from 'node:crypto'
import { db } from '../../lib/db'
import { signInEmailTo } from '../support/mailbox'
import type { EnginePage } from './support/engine-page'
import { expect, test } from './fixtures'

const newAddress = () => `engine-${randomBytes(5).toString('hex')}@example.com`

test('a new address signs in with the emailed code', async ({ open }) => {
  const page = await open()
  const email = newAddress()
  await page.goto('/sign-in')
  await page.fill('Email address', email)
  await page.press('Continue')
  await page.waitForText('Check your email')
  const { code } = await signInEmailTo(email)
  await page.fill('6-digit code', code)
  await page.press('Sign in')
  await page.waitForUrl(/\/account(\/welcome)?$/)
  expect(await db().session.count({ where: { user: { email }, method: 'email_code' } })).toBe(1)
})

/** Whether the page's own scripts ran: Next.js's inline scripts fill self.__next_f as the document is parsed. */
const scriptsRan = (page: EnginePage) => page.evaluate<boolean>(`() => document.scripts.length > 0 && typeof self.__next_f !== 'undefined'`)

test('without JavaScript, the email form and the code form sign in, and “Sign out” signs out', async ({ open, user }) => {
  const page = await open({ javaScript: false })
  await page.goto('/sign-in')
  expect(await scriptsRan(page)).toBe(false)
  await page.fill('Email address', user.email)
  await page.press('Continue')
  await page.waitForText('Check your email')
  await page.fill('6-digit code', 'abc')
  await page.press('Sign in')
  await page.waitForText('Enter the 6-digit code from the email.')
  const { code } = await signInEmailTo(user.email)
  await page.fill('6-digit code', code)
  await page.press('Sign in')
  await page.waitForUrl(/\/account$/)
  await page.waitForText(user.email)
  expect(await scriptsRan(page)).toBe(false)
  expect(await db().session.count({ where: { userId: user.id, method: 'email_code' } })).toBe(1)

  await page.press('Sign out')
  await page.waitForUrl(/\/sign-in\?signedOut=1$/)
  await page.waitForText('You are signed out.')
  expect(await db().session.count({ where: { userId: user.id } })).toBe(0)
})

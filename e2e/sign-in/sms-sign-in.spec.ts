import { randomBytes } from 'node:crypto'
import type { Page } from '@playwright/test'
import { db } from '../../lib/db'
import { expect, test } from '../fixtures'
import { groupWith, userIn } from '../policies/support'
import { TWILIO_URL } from '../support/servers'
import type { CapturedText } from '../support/twilio-server'
import { removeUsers } from '../support/users'

/** A UK mobile number of this test's own, as a person would type it, and as the portal stores it. */
function newNumber() {
  const digits = String(randomBytes(3).readUIntBE(0, 3) % 1_000_000).padStart(6, '0')
  return { typed: `07400 ${digits}`, e164: `+447400${digits}` }
}

async function textsTo(phone: string): Promise<CapturedText[]> {
  return (await fetch(`${TWILIO_URL}/__captured?to=${encodeURIComponent(phone)}`)).json()
}

/** The code in the newest text to `phone` once `count` have come (the sign-in text goes after the response). */
async function codeTextedTo(phone: string, count: number): Promise<string> {
  await expect.poll(async () => (await textsTo(phone)).length).toBe(count)
  const text = (await textsTo(phone)).at(-1)!
  return /^(\d{6}) /.exec(text.body)![1]!
}

async function askForText(page: Page, typed: string) {
  await page.goto('/sign-in')
  await page.getByRole('link', { name: 'Sign in with a text message' }).click()
  await expect(page.getByRole('heading', { name: 'Sign in with a text message' })).toBeVisible()
  await page.getByLabel('Mobile number').fill(typed)
  await page.getByRole('button', { name: 'Text me a code' }).click()
  await expect(page.getByRole('heading', { name: 'Check your phone' })).toBeVisible()
}

test('a person whose group allows it adds a number, then signs in with a texted code', async ({ page, browser, signIn }) => {
  const group = await groupWith({ sms: { purposes: ['sign_in'] } })
  const person = await userIn(group)
  const { typed, e164 } = newNumber()
  try {
    // Adding the number: a code is texted to it, and it counts once the code comes back.
    await signIn(page.context(), { ...person, displayName: person.displayName ?? 'Policy Person' })
    await page.goto('/account/recovery')
    await expect(page.getByRole('heading', { name: 'Phone for text-message codes' })).toBeVisible()
    await page.getByLabel('Mobile number').fill(typed)
    await page.getByRole('button', { name: 'Text me a code' }).click()
    await expect(page.getByTestId('phone-pending')).toContainText(`+44 •••• ••••${e164.slice(-2)}`)
    await page.getByLabel('Code from that text').fill(await codeTextedTo(e164, 1))
    await page.getByRole('button', { name: 'Add this number' }).click()
    await expect(page.getByTestId('phone-number')).toContainText(`+44 •••• ••••${e164.slice(-2)}`)
    expect(await db().user.findUniqueOrThrow({ where: { id: person.id }, select: { phone: true } })).toEqual({ phone: e164 })

    // Signing in, in a browser that never signed in here.
    const fresh = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '198.51.100.77' } })
    const other = await fresh.newPage()
    await askForText(other, typed)
    await expect(other.getByText(`+44 •••• ••••${e164.slice(-2)}`)).toBeVisible()
    const code = await codeTextedTo(e164, 2)
    // A wrong code first: said, and the right one still works.
    await other.getByLabel('6-digit code').fill(code === '000000' ? '111111' : '000000')
    await other.getByRole('button', { name: 'Sign in' }).click()
    await expect(other.getByText('Check the latest text message', { exact: false })).toBeVisible()
    await other.getByLabel('6-digit code').fill(code)
    await other.getByRole('button', { name: 'Sign in' }).click()
    await expect(other).toHaveURL(/\/account$/)
    const recorded = await db().auditEvent.findFirstOrThrow({ where: { userId: person.id, type: 'sign_in', result: 'success' }, select: { method: true } })
    expect(recorded.method).toBe('sms_code')
    await fresh.close()
  } finally {
    await removeUsers(person.id)
    await db().group.delete({ where: { id: group } })
  }
})

test('a number in a group without texts, or an administrator’s, gets the same screen and no text', async ({ page }) => {
  const texts = await groupWith({ sms: { purposes: ['sign_in'] } })
  const without = await userIn('customers')
  const admin = await userIn(texts, 'admin')
  const numbers = [newNumber(), newNumber()]
  await db().user.update({ where: { id: without.id }, data: { phone: numbers[0]!.e164, phoneVerifiedAt: new Date() } })
  await db().user.update({ where: { id: admin.id }, data: { phone: numbers[1]!.e164, phoneVerifiedAt: new Date() } })
  try {
    for (const { typed, e164 } of numbers) {
      await page.context().clearCookies()
      await askForText(page, typed)
      await expect(page.getByText(`+44 •••• ••••${e164.slice(-2)}`)).toBeVisible()
      // The request exists, and the portal decided no text goes out: nothing the page or its timing could tell.
      const request = await db().smsChallenge.findFirstOrThrow({ where: { phone: e164 }, select: { texted: true } })
      expect(request.texted).toBe(false)
      expect(await textsTo(e164)).toEqual([])
    }
  } finally {
    await removeUsers(without.id, admin.id)
    await db().group.delete({ where: { id: texts } })
  }
})

import { randomBytes } from 'node:crypto'
import { expect, test, type Page } from '@playwright/test'
import { db } from '../../lib/db'
import { normalize, say, saying } from '../support/catalogue'
import { latestEmailTo } from '../support/mailbox'
import { settle } from '../support/settle'
import { Visit } from '../support/site'
import { removeUsers } from '../support/users'

/**
 * A browser that asks for German or Arabic gets the portal in that language
 * from its first page: sign-in, the emailed code, an error, the account. The
 * words are read from the catalogues (e2e/support/catalogue.ts) by their
 * English text, so better wording changes no test.
 */

const NAMES = { de: 'German', ar: 'Arabic' } as const

for (const locale of ['de', 'ar'] as const) {
  test(`a browser asking for ${NAMES[locale]} signs up by email code in ${NAMES[locale]}: pages, an error and the email`, async ({ browser }) => {
    const visit = await Visit.open(browser, locale)
    const { page } = visit
    const address = `i18n-${locale}-${randomBytes(5).toString('hex')}@example.com`
    visit.later(async () => {
      const created = await db().user.findUnique({ where: { email: address }, select: { id: true } })
      if (created) await removeUsers(created.id)
    })
    try {
      await page.goto('/sign-in')
      await expect(page.locator('html')).toHaveAttribute('lang', locale)
      await expect(page.locator('html')).toHaveAttribute('dir', locale === 'ar' ? 'rtl' : 'ltr')
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(saying(locale, 'Sign in to Passkey Portal'))
      await expect(page.getByRole('link', { name: saying(locale, 'Lost your passkey?') })).toBeVisible()
      await expect(page.getByRole('button', { name: saying(locale, 'Sign in with a passkey') })).toBeVisible()
      await page.getByLabel(saying(locale, 'Email address')).fill(address)
      await page.getByRole('button', { name: saying(locale, 'Continue') }).click()

      await expect(page).toHaveURL(/\/sign-in\/check-email/)
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(saying(locale, 'Check your email'))
      await expect(page.getByRole('button', { name: saying(locale, 'Use a different email') })).toBeVisible()

      // The email: subject and body from the email catalogue, in the language the request asked for.
      const email = await latestEmailTo(address)
      expect(email.subject).toMatch(saying(locale, 'Sign in to Passkey Portal', { areas: ['email'] }))
      expect(email.subject).not.toBe('Sign in to Passkey Portal')
      expect(normalize(email.text)).toContain(say(locale, 'Enter this code on the sign-in page:', ['email']))
      expect(email.text).not.toContain('Enter this code')
      // The message says its language (and, in Arabic, its direction) to the mail client.
      expect(email.html).toMatch(new RegExp(`<html[^>]*\\blang="${locale}"`))
      if (locale === 'ar') expect(email.html).toMatch(/<html[^>]*\bdir="rtl"/)
      const code = email.text.match(/\b(\d{6})\b/)![1]!

      // An error, from the errors catalogue.
      await page.getByLabel(saying(locale, '6-digit code')).fill(code === '000000' ? '111111' : '000000')
      await page.getByRole('button', { name: saying(locale, 'Sign in') }).click()
      await expect(page.getByText(saying(locale, 'That code isn’t right. Check the latest email and try again.', { areas: ['errors'] }))).toBeVisible()

      await page.getByLabel(saying(locale, '6-digit code')).fill(code)
      await page.getByRole('button', { name: saying(locale, 'Sign in') }).click()
      await expect(page).toHaveURL(/\/account$/)
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(saying(locale, 'Your account'))
      await expect(page.getByRole('button', { name: saying(locale, 'Sign out') })).toBeVisible()
      const nav = page.getByRole('navigation', { name: saying(locale, 'Account') })
      for (const label of ['Overview', 'Passkeys', 'Recovery', 'Activity', 'Sessions', 'Profile'])
        await expect(nav.getByRole('link', { name: saying(locale, label) })).toBeVisible()

      // The account's other pages.
      for (const [path, title] of [
        ['/account/passkeys', 'Passkeys'],
        ['/account/recovery', 'Recovery'],
        ['/account/sessions', 'Sessions'],
        ['/account/profile', 'Profile'],
      ] as const) {
        await page.goto(path)
        await expect(page.locator('html'), path).toHaveAttribute('lang', locale)
        await expect(page.getByRole('heading', { level: 1 }), path).toHaveText(saying(locale, title))
      }
    } finally {
      await visit.close()
    }
  })
}

/**
 * Where a start-aligned text stands in its box: the ink of its last line
 * (the one least likely to fill the width), against the box's edges.
 */
async function startEdges(page: Page, selector: string) {
  return page
    .locator(selector)
    .first()
    .evaluate((element) => {
      const range = document.createRange()
      range.selectNodeContents(element)
      const rects = [...range.getClientRects()].filter((rect) => rect.width > 0)
      const bottom = Math.max(...rects.map((rect) => rect.bottom))
      const line = rects.filter((rect) => bottom - rect.bottom < 4)
      const box = element.getBoundingClientRect()
      return { fromLeft: Math.min(...line.map((rect) => rect.left)) - box.left, fromRight: box.right - Math.max(...line.map((rect) => rect.right)) }
    })
}

test('Arabic mirrors the layout: what starts a line stands on the right', async ({ browser }) => {
  for (const locale of ['en', 'ar'] as const) {
    const visit = await Visit.open(browser, locale, { viewport: { width: 1280, height: 900 } })
    const { page } = visit
    try {
      await page.goto('/sign-in')
      // The heading starts at the start edge: the left in English, the right in Arabic.
      const heading = await startEdges(page, 'h1')
      if (locale === 'ar') expect(heading.fromRight, JSON.stringify(heading)).toBeLessThan(heading.fromLeft)
      else expect(heading.fromLeft, JSON.stringify(heading)).toBeLessThan(heading.fromRight)

      // The account's navigation is the first column: on the left in English, on the right in Arabic.
      await visit.signIn(await visit.person())
      await page.goto('/account')
      const nav = (await page.getByRole('navigation').first().boundingBox())!
      const main = (await page.locator('main').boundingBox())!
      const navCentre = nav.x + nav.width / 2
      const mainCentre = main.x + main.width / 2
      if (locale === 'ar') {
        expect(navCentre, 'the navigation is right of the page').toBeGreaterThan(mainCentre)
        expect(navCentre).toBeGreaterThan(640)
      } else expect(navCentre, 'the navigation is left of the page').toBeLessThan(mainCentre)
    } finally {
      await visit.close()
    }
  }
})

test.describe('the Arabic sign-in page and account overview look as approved', () => {
  for (const width of [360, 1280]) {
    test(`at ${width} px`, async ({ browser }) => {
      const visit = await Visit.open(browser, 'ar', { viewport: { width, height: 900 }, colorScheme: 'light' })
      const { page } = visit
      try {
        const person = await visit.person({ name: 'Layla Haddad' })
        // What changes from run to run: data (the address), times, the number a check-email page shows.
        const dynamic = (page: Page) => [page.locator('[translate="no"]'), page.locator('time'), page.getByText(person.email)]
        const options = { fullPage: true, animations: 'disabled', caret: 'hide', maxDiffPixelRatio: 0.01 } as const

        await page.goto('/sign-in')
        await settle(page)
        await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
        await expect(page).toHaveScreenshot(`ar-sign-in-${width}.png`, { ...options, mask: dynamic(page) })

        await visit.signIn(person)
        await page.goto('/account')
        await settle(page)
        await expect(page).toHaveScreenshot(`ar-account-${width}.png`, { ...options, mask: dynamic(page) })
      } finally {
        await visit.close()
      }
    })
  }
})

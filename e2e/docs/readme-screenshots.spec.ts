import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { issueSession } from '../../lib/auth/session/store'
import { db } from '../../lib/db'
import { generateRecoveryCodes } from '../../lib/recovery/codes'
import { auditFor } from '../../testing/audit'
import { expect, test } from '../fixtures'
import { addSessionCookie } from '../support/session-cookie'
import { APP, DEMO } from '../support/servers'
import { removeUsers } from '../support/users'

/**
 * The README's pictures (docs/images/), taken from the pages they show.
 *
 * Why compare rather than always rewrite: a run must not leave the checkout
 * changed, and pictures must not go stale unseen. So each run compares the
 * page with its committed picture, leaving out what differs from run to run
 * by design (names, addresses, times: the `translate="no"` data; the charts'
 * figures), and fails when more than a few per cent of the rest differs: a
 * changed layout, not a changed date. `README_SCREENSHOTS=1` writes them
 * anew (docs/development.md). Viewport-sized, so the files stay small.
 */
const IMAGES = path.resolve('docs/images')
const UPDATE = process.env.README_SCREENSHOTS === '1'
const TOLERANCE = 0.03
const VARYING = '[translate="no"], .recharts-wrapper'

test.use({ viewport: { width: 1280, height: 800 }, colorScheme: 'light', locale: 'en-GB', timezoneId: 'UTC' })

type Box = { x: number; y: number; width: number; height: number }

/** The share of pixels outside `boxes` that differ between two PNGs, decoded by the browser itself. */
async function differingShare(page: Page, taken: Buffer, committed: Buffer, boxes: Box[]): Promise<number> {
  const blank = await page.context().newPage()
  try {
    return await blank.evaluate(
      async ({ taken, committed, boxes }) => {
        const pixels = async (png: string) => {
          const image = new Image()
          image.src = `data:image/png;base64,${png}`
          await image.decode()
          const canvas = new OffscreenCanvas(image.width, image.height)
          const context = canvas.getContext('2d')!
          context.drawImage(image, 0, 0)
          return context.getImageData(0, 0, image.width, image.height)
        }
        const [a, b] = await Promise.all([pixels(taken), pixels(committed)])
        if (a.width !== b.width || a.height !== b.height) return 1
        const left = new Uint8Array(a.width * a.height)
        for (const box of boxes)
          for (let y = Math.max(0, box.y); y < Math.min(a.height, box.y + box.height); y++)
            left.fill(1, y * a.width + Math.max(0, box.x), y * a.width + Math.min(a.width, box.x + box.width))
        let compared = 0
        let differing = 0
        for (let pixel = 0; pixel < left.length; pixel++) {
          if (left[pixel]) continue
          compared++
          const at = pixel * 4
          // A little slack for anti-aliasing, as Playwright's own comparison allows.
          if ([0, 1, 2].some((channel) => Math.abs(a.data[at + channel]! - b.data[at + channel]!) > 32)) differing++
        }
        return compared === 0 ? 1 : differing / compared
      },
      { taken: taken.toString('base64'), committed: committed.toString('base64'), boxes },
    )
  } finally {
    await blank.close()
  }
}

/** Takes the page as it stays (fonts loaded, no caret or animation), then writes it or compares it with its picture. */
async function picture(page: Page, name: string) {
  await page.evaluate(() => document.fonts.ready)
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
  const boxes = await page.locator(VARYING).evaluateAll((elements) =>
    elements.map((element) => {
      const box = element.getBoundingClientRect()
      return { x: Math.floor(box.x) - 1, y: Math.floor(box.y) - 1, width: Math.ceil(box.width) + 2, height: Math.ceil(box.height) + 2 }
    }),
  )
  const taken = await page.screenshot({ animations: 'disabled', caret: 'hide' })
  const file = path.join(IMAGES, `${name}.png`)
  if (UPDATE) {
    mkdirSync(IMAGES, { recursive: true })
    writeFileSync(file, taken)
    return
  }
  expect(existsSync(file), `docs/images/${name}.png is missing: take it with README_SCREENSHOTS=1 (docs/development.md)`).toBe(true)
  const share = await differingShare(page, taken, readFileSync(file), boxes)
  expect(share, `docs/images/${name}.png no longer looks like the page: take it again with README_SCREENSHOTS=1`).toBeLessThanOrEqual(TOLERANCE)
}

test('the README’s picture of the sign-in page, with the demo accounts, is the page as it is', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 1000 })
  await page.goto(`${DEMO.url}/sign-in`)
  await expect(page.getByRole('region', { name: 'Demo accounts' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Sign in with a passkey' })).toBeEnabled()
  await picture(page, 'sign-in')
})

test('the README’s picture of an employee’s passkeys is the page as it is', async ({ page, context }) => {
  // Two passkeys, one synced and one bound to a laptop, and recovery codes: the page at its fullest.
  const email = `sam-${Date.now().toString(36)}@example.com`
  const sam = await db().user.create({ data: { email, displayName: 'Sam Rivera', nameKey: 'sam rivera', groupId: 'employees' }, select: { id: true } })
  try {
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000)
    const keys = [
      { name: 'Apple Passwords', aaguid: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd', backupEligible: true, createdAt: daysAgo(21), lastUsedAt: daysAgo(0) },
      { name: 'Windows Hello', aaguid: '08987058-cadc-4b81-b6e1-30de50dcbe96', backupEligible: false, createdAt: daysAgo(9), lastUsedAt: daysAgo(2) },
    ]
    for (const [index, key] of keys.entries())
      await db().passkey.create({
        data: { ...key, userId: sam.id, credentialId: `readme-${sam.id}-${index}`, publicKey: new Uint8Array([1]), backedUp: key.backupEligible },
      })
    await generateRecoveryCodes(sam.id, auditFor())
    await addSessionCookie(context, await issueSession(sam.id, 'passkey', { ipAddress: '203.0.113.7', userAgent: 'readme screenshots' }))
    await page.goto(`${APP.url}/account/passkeys`)
    await expect(page.getByText('Windows Hello').first()).toBeVisible()
    await expect(page.getByRole('button', { name: 'Add a passkey' })).toBeEnabled()
    await picture(page, 'passkeys')
  } finally {
    await removeUsers(sam.id)
  }
})

test('the README’s picture of the rollout dashboard is the page as it is', async ({ page }) => {
  await page.goto(`${DEMO.url}/sign-in`)
  await page
    .getByRole('region', { name: 'Demo accounts' })
    .getByRole('button', { name: /^Administrator: / })
    .click()
  await expect(page).toHaveURL(`${DEMO.url}/account`)
  await page.goto(`${DEMO.url}/admin/rollout`)
  await expect(page.getByRole('heading', { name: 'Passkey rollout' })).toBeVisible()
  await picture(page, 'rollout')
})

import type { Page } from '@playwright/test'

/**
 * Waits until a page has loaded, hydrated and drawn what its scripts draw at
 * once (charts, browser checks), without waiting for the network to be quiet:
 * some pages poll (the check-email page asks whether another device approved).
 */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('load')
  await page.waitForLoadState('networkidle', { timeout: 2_000 }).catch(() => undefined)
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
}

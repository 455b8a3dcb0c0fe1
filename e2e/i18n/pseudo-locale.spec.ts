import { expect, test } from '@playwright/test'
import { clippedTexts, listed, unfencedTexts } from '../support/page-checks'
import { settle } from '../support/settle'
import { STOPS, Visit } from '../support/site'

/**
 * Every page a person and an administrator can see (e2e/support/site.ts),
 * twice: in the pseudo-locale, where any text with Latin letters outside
 * ⟦ ⟧ skipped the catalogues (the servers offer en-XA: PSEUDO_LOCALE=1, and
 * demo mode); and in German at 360 px, the longest words on the narrowest
 * screen, where no text may be cut off or push the page sideways.
 */

test.describe('the pseudo-locale finds no text outside the catalogues', () => {
  for (const stop of STOPS) {
    test(stop.name, async ({ browser }, testInfo) => {
      const visit = await Visit.open(browser, 'en-XA')
      try {
        await stop.open(visit)
        await settle(visit.page)
        // The portal's pages say they are in the pseudo-locale (Acme Expenses is another app).
        if (!stop.name.startsWith('Acme')) await expect.soft(visit.page.locator('html')).toHaveAttribute('lang', 'en-XA')
        const found = await unfencedTexts(visit.page)
        const url = visit.page.url()
        const crawled = `${stop.name} → ${url.length > 100 ? `${url.slice(0, 100)}…` : url}`
        testInfo.annotations.push({ type: 'crawled', description: crawled })
        console.log(`pseudo-locale crawled ${crawled}: ${found.length} text(s) outside the catalogues`)
        expect(found.length, `Text outside the catalogues on ${crawled} (put data in translate="no"):\n${listed(found)}\n`).toBe(0)
      } finally {
        await visit.close()
      }
    })
  }
})

test.describe('German at 360 px cuts no text off', () => {
  for (const stop of STOPS) {
    test(stop.name, async ({ browser }) => {
      const visit = await Visit.open(browser, 'de', { viewport: { width: 360, height: 800 } })
      try {
        await stop.open(visit)
        await settle(visit.page)
        const found = await clippedTexts(visit.page)
        expect(found.length, `Text cut off in German at 360 px on ${stop.name} (${visit.page.url()}):\n${listed(found)}\n`).toBe(0)
      } finally {
        await visit.close()
      }
    })
  }
})

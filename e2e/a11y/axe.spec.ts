import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { expect, test, type Page } from '@playwright/test'
import type { AxeResults, Result } from 'axe-core'
import { settle } from '../support/settle'
import { STOPS, Visit, type TestLocale } from '../support/site'

/**
 * axe-core on every page (e2e/support/site.ts) in English, German and
 * Arabic, light and dark, at 1280 and 360 px: no violation of impact serious
 * or critical. Each page is opened once per language; the colour scheme and
 * the width change in place and axe runs again. One test per page, so pages
 * run in parallel.
 *
 * axe-core is the engine @axe-core/playwright drives, run here directly:
 * AxeBuilder injects axe's 550 KB source into the page on every analyze()
 * (and by default opens a helper page to finish the run), 2 to 4 s a run on
 * a machine shared with other work against 0.3 to 0.6 s for axe.run() in a
 * page that already has it. Frames are left out: the only one is the dev
 * mailbox's sandboxed frame showing an email, where no script runs.
 */

const LOCALES: TestLocale[] = ['en', 'de', 'ar']
const SCHEMES = ['light', 'dark'] as const
const WIDTHS = [1280, 360] as const
const BLOCKING = new Set(['critical', 'serious'])
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

// Once, from the runner (which reads the file to list the tests), not again from each worker.
if (process.env.TEST_WORKER_INDEX === undefined)
  console.log(
    `axe: ${STOPS.length} pages × ${LOCALES.length} languages × ${SCHEMES.length} colour schemes × ${WIDTHS.length} widths = ${STOPS.length * LOCALES.length * SCHEMES.length * WIDTHS.length} combinations`,
  )

/** The page's serious and critical violations, axe injected once per document. */
async function blockingViolations(page: Page): Promise<Result[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE)
  const results = await page.evaluate(() =>
    (window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } }).axe.run(document, {
      resultTypes: ['violations'],
      iframes: false,
    }),
  )
  return results.violations.filter((violation) => BLOCKING.has(violation.impact ?? ''))
}

/** Ends the transitions a colour-scheme change starts, so axe measures the colours the scheme ends with. */
async function finishTransitions(page: Page) {
  await page.evaluate(() => {
    for (const animation of document.getAnimations()) {
      try {
        animation.finish()
      } catch {
        // An endless animation (a spinner) has no end to jump to.
      }
    }
    return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
  })
}

test.describe('axe finds no serious or critical violation', () => {
  for (const stop of STOPS) {
    test(stop.name, async ({ browser }, testInfo) => {
      test.setTimeout(120_000)
      const violations: string[] = []
      let checked = 0
      for (const locale of LOCALES) {
        const visit = await Visit.open(browser, locale, { viewport: { width: WIDTHS[0], height: 900 } })
        try {
          await stop.open(visit)
          await settle(visit.page)
          // Nothing under the pointer: a button the stop pressed would be measured in its hover colours.
          await visit.page.mouse.move(0, 0)
          for (const colorScheme of SCHEMES) {
            await visit.page.emulateMedia({ colorScheme })
            for (const width of WIDTHS) {
              await visit.page.setViewportSize({ width, height: 900 })
              await finishTransitions(visit.page)
              checked++
              for (const violation of await blockingViolations(visit.page)) {
                const nodes = violation.nodes
                  .slice(0, 5)
                  .map((node) => `${node.target.join(' ')}${node.failureSummary ? `: ${node.failureSummary.split('\n').slice(1).join(' ').trim()}` : ''}`)
                violations.push(
                  `${violation.id} (${violation.impact}) on ${stop.name} [${locale}, ${colorScheme}, ${width} px]: ${violation.help}\n      ${nodes.join('\n      ')}${violation.nodes.length > 5 ? `\n      … ${violation.nodes.length - 5} more` : ''}`,
                )
              }
            }
          }
        } finally {
          await visit.close()
        }
      }
      testInfo.annotations.push({ type: 'axe combinations', description: String(checked) })
      console.log(`axe checked ${stop.name}: ${checked} combinations, ${violations.length} serious or critical violation(s)`)
      expect(violations.length, `axe violations:\n  ${violations.join('\n  ')}\n`).toBe(0)
    })
  }
})

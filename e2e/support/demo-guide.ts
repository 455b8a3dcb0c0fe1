import { execFileSync } from 'node:child_process'
import { expect, type Locator, type Page } from '@playwright/test'
import { addVirtualAuthenticator } from './authenticator'
import { DEMO } from './servers'

/** The demo guide's panel on a portal page. */
export const guidePanel = (page: Page): Locator => page.getByRole('complementary', { name: 'Demo guide' })

/** What a step's words ask for, in order, as the guide marks them (lib/demo/guide/segments.ts). */
type Piece = { kind: 'press' | 'field' | 'type' | 'link'; text: string; newTab: boolean }

async function piecesOf(todo: Locator): Promise<Piece[]> {
  return todo.evaluate((element) =>
    [...element.querySelectorAll('[data-guide]')].flatMap((node) => {
      const kind = node.getAttribute('data-guide')
      if (kind !== 'press' && kind !== 'field' && kind !== 'type' && kind !== 'link') return []
      return [{ kind, text: node.textContent ?? '', newTab: node.getAttribute('target') === '_blank' }]
    }),
  ) as Promise<Piece[]>
}

/** The page's own control of that name, never the guide's words: a button, a link or a checkbox. */
async function control(page: Page, name: string, done: () => Promise<boolean>): Promise<Locator | null> {
  const outside = (locator: Locator) => locator.and(page.locator(':not(aside *)'))
  for (let attempt = 0; attempt < 60; attempt++) {
    if (await done()) return null
    // The name as the guide gives it, or the start of a longer one (the demo panel's "Employee", then the person's name).
    const prefix = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)
    for (const role of ['button', 'link', 'checkbox'] as const) {
      for (const named of [name, prefix]) {
        const found = outside(page.getByRole(role, { name: named, exact: typeof named === 'string' }))
        if ((await found.count()) > 0 && (await found.first().isVisible())) return found.first()
      }
    }
    await page.waitForTimeout(250)
  }
  throw new Error(`No control named “${name}” on ${page.url()}`)
}

/**
 * Does what the current step says, with only its words: opens its links,
 * presses the controls it names, types what it gives into the fields it
 * names. Where it says to use something kept (a code shown earlier, the
 * newest email), `supply` gives it for that field. Returns the page the step
 * ended on (a link may open another tab).
 */
export async function followStep(page: Page, supply: (field: string, opened: Page | null) => Promise<string>): Promise<Page> {
  const steps = guidePanel(page).locator('ol > li')
  const current = await steps.evaluateAll((items) => items.findIndex((item) => item.getAttribute('data-status') === 'current'))
  const step = steps.nth(current)
  const pieces = await piecesOf(step.locator('[data-guide="todo"]'))
  const done = async () => (await step.getAttribute('data-status')) === 'done'
  let active = page
  let opened: Page | null = null
  for (let index = 0; index < pieces.length; index++) {
    // Done already (a browser that offers the passkey on its own, as autofill does): nothing more to press.
    if (await done()) break
    const piece = pieces[index]!
    if (piece.kind === 'link') {
      const link = step.locator('a[data-guide="link"]').filter({ hasText: piece.text })
      if (piece.newTab) {
        const [tab] = await Promise.all([page.context().waitForEvent('page'), link.click()])
        await tab.waitForLoadState()
        opened = tab
        // A tab for another site (the demo app) is where the step goes on; the mailbox is read and closed by `supply`.
        if (!tab.url().includes('/dev/mailbox')) {
          await addVirtualAuthenticator(tab)
          active = tab
        }
      } else {
        await link.click()
        await active.waitForLoadState()
      }
    } else if (piece.kind === 'press') {
      const target = await control(active, piece.text, done)
      if (!target) break
      if ((await target.getAttribute('type')) === 'checkbox') await target.check()
      else await target.click()
      await active.waitForLoadState()
    } else if (piece.kind === 'field') {
      const next = pieces[index + 1]
      const value = next?.kind === 'type' ? next.text : await supply(piece.text, opened)
      if (next?.kind === 'type') index++
      await active.getByLabel(piece.text, { exact: true }).fill(value)
    }
  }
  return active
}

/** The guide's step `index` once the records show it done: its "what just happened" words. */
export async function happened(page: Page, index: number): Promise<string> {
  const step = guidePanel(page).locator('ol > li').nth(index)
  await expect(step).toHaveAttribute('data-status', 'done', { timeout: 20_000 })
  return (await step.locator('[data-guide="happened"]').textContent()) ?? ''
}

/**
 * Rows from the demo server's database, read as the guide reads them (a
 * query of the Prisma client in a child process: the test process's own
 * database is the other server's).
 */
export function demoRows<T>(model: string, args: object): T[] {
  const script = `const { db } = await import('./lib/db.ts')
console.log(JSON.stringify(await db()[${JSON.stringify(model)}].findMany(${JSON.stringify(args)})))
process.exit(0)`
  const env = { ...process.env, DATABASE_URL: DEMO.databaseUrl }
  const output = execFileSync('node_modules/.bin/tsx', ['--import', './scripts/register.mjs', '-e', script], { env, encoding: 'utf8' })
  return JSON.parse(output.trim().split('\n').pop()!) as T[]
}

/** A time as the guide says it ('clock' in lib/i18n/formats.ts), in the page's zone. */
export async function clockOf(page: Page, at: string): Promise<string> {
  return page.evaluate((iso) => new Intl.DateTimeFormat('en', { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(new Date(iso)), at)
}

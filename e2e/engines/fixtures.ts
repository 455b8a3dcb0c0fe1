import { issueSession } from '../../lib/auth/session/store'
import { test as base, testClientIp, type TestUser } from '../fixtures'
import { APP, CHROMIUM_PATH } from '../support/servers'
import type { EngineName, PageOptions } from './support/driver'
import { EnginePage } from './support/engine-page'
import { puppeteerDriver } from './support/puppeteer-driver'
import { webkitDriver } from './support/webkit-driver'

type OpenOptions = PageOptions & { baseUrl?: string }

type EngineFixtures = {
  /** Which engine this project runs the cross-engine specs in (set per project in playwright.config.ts). */
  engine: EngineName
  /** Opens a new browser of the project's engine (its own cookies, its own authenticator), closed after the test. */
  open: (options?: OpenOptions) => Promise<EnginePage>
  /** Gives `page` a session for `who`, as a finished sign-in would. */
  signInPage: (page: EnginePage, who: TestUser) => Promise<{ sessionId: string }>
}

export const test = base.extend<EngineFixtures>({
  engine: ['chromium', { option: true }],
  open: async ({ engine }, use) => {
    const opened: EnginePage[] = []
    await use(async ({ baseUrl = APP.url, ...options } = {}) => {
      const settings = { clientIp: testClientIp(), ...options }
      const driver = engine === 'webkit' ? await webkitDriver(settings) : await puppeteerDriver(engine, CHROMIUM_PATH, settings)
      const page = new EnginePage(driver, baseUrl, options.javaScript !== false)
      opened.push(page)
      return page
    })
    await Promise.all(opened.map((page) => page.close()))
  },
  signInPage: async ({}, use) => {
    await use(async (page, who) => {
      const issued = await issueSession(who.id, 'fixture', { ipAddress: '127.0.0.1', userAgent: `${page.engine} engine fixture` })
      await page.addCookies([{ name: 'portal.session', value: issued.secret, httpOnly: true, expires: issued.cookieExpires }])
      return { sessionId: issued.sessionId }
    })
  },
})

export { expect } from '../fixtures'

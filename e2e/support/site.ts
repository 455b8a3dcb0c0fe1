import { randomBytes, randomUUID } from 'node:crypto'
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { addSessionCookie } from './session-cookie'
import { issueSession } from '../../lib/auth/session/store'
import { db } from '../../lib/db'
import { inviteWithin } from '../../lib/admin/invitations'
import { generateRecoveryCodes } from '../../lib/recovery/codes'
import { createTextChallenge } from '../../lib/sms/challenge'
import { auditFor } from '../../testing/audit'
import { testClientIp } from '../fixtures'
import { groupWith, passkeyRow } from '../policies/support'
import { addVirtualAuthenticator } from './authenticator'
import { emailsTo } from './mailbox'
import type { CapturedEmail } from './resend-server'
import { authorizationRequest, discover, registerTestApp, startReceiver } from './relying-party'
import { ACME, APP, DEMO } from './servers'
import { removeUsers } from './users'

/**
 * Every page of the portal a person or an administrator can see, each in the
 * states worth looking at (an error shown, a list with rows), for the tests
 * that look at all of them: untranslated text, clipped text, accessibility.
 * A stop reaches its page without reading any of its words (fields by name,
 * buttons by type), so it works in every language the page may be in.
 */

/** The languages the tests read pages in, as a browser asks for them. */
export const BROWSER_LOCALES = { en: 'en-US', de: 'de-DE', ar: 'ar', 'en-XA': 'en-XA' } as const
export type TestLocale = keyof typeof BROWSER_LOCALES

export type Person = { id: string; email: string; displayName: string }

/** One browser in one language for one stop, and what the stop made that has to go afterwards. */
export class Visit {
  readonly context: BrowserContext
  readonly page: Page
  private readonly cleanups: (() => Promise<unknown>)[] = []

  private constructor(
    readonly browser: Browser,
    readonly locale: TestLocale,
    context: BrowserContext,
    page: Page,
  ) {
    this.context = context
    this.page = page
  }

  static async open(
    browser: Browser,
    locale: TestLocale,
    options: { viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark'; timezoneId?: string } = {},
  ): Promise<Visit> {
    const context = await browser.newContext({ ...contextOptions(locale), ...options })
    return new Visit(browser, locale, context, await context.newPage())
  }

  /** Another browser in the same language (a second device). */
  async otherBrowser(): Promise<Page> {
    const context = await this.browser.newContext(contextOptions(this.locale))
    this.later(() => context.close())
    return context.newPage()
  }

  later(cleanup: () => Promise<unknown>) {
    this.cleanups.push(cleanup)
  }

  /** A person in the production server's database, removed afterwards. */
  async person(options: { group?: string; role?: 'user' | 'helpdesk' | 'admin'; name?: string } = {}): Promise<Person> {
    const email = `i18n-${randomBytes(5).toString('hex')}@example.com`
    const person = await db().user.create({
      data: { email, groupId: options.group ?? 'customers', role: options.role ?? 'user', displayName: options.name ?? 'Test Person' },
      select: { id: true, email: true, displayName: true },
    })
    this.later(() => removeUsers(person.id))
    return { ...person, displayName: person.displayName! }
  }

  /** A person with a history: two passkeys, recovery codes, another signed-in browser, and events of several kinds. */
  async personWithHistory(options: { role?: 'user' | 'admin' } = {}): Promise<Person> {
    const person = await this.person({ role: options.role })
    const when = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000)
    await db().passkey.create({
      data: {
        userId: person.id,
        name: 'iCloud Keychain',
        credentialId: `synced-${person.id}`,
        publicKey: new Uint8Array([1]),
        aaguid: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd',
        backupEligible: true,
        backedUp: true,
        createdAt: when(3 * 24 * 60),
        lastUsedAt: when(60),
      },
    })
    await passkeyRow(person.id)
    await generateRecoveryCodes(person.id, auditFor())
    await issueSession(person.id, 'passkey', { ipAddress: '203.0.113.7', userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1' })
    const context = { ipAddress: '203.0.113.7', userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Version/18.0 Safari/605.1.15' }
    const events = [
      { type: 'account_created', result: 'success', method: 'email_code' },
      { type: 'sign_in', result: 'success', method: 'email_code' },
      { type: 'sign_in', result: 'failure', method: 'email_code', reason: 'code_wrong' },
      { type: 'passkey_added', result: 'success', detail: { name: 'iCloud Keychain' } },
      { type: 'sign_in', result: 'success', method: 'passkey' },
      { type: 'passkey_renamed', result: 'success', detail: { name: 'Row', to: 'Work laptop' } },
      { type: 'session_revoked', result: 'success', detail: { count: 2 } },
      { type: 'profile_updated', result: 'success' },
    ] as const
    // Seconds apart and no older than the log's 30 s settling time: a row written behind rows already sealed is a
    // backdated row, which "Verify the log" rightly reports (the audit specs share this database).
    for (const [index, event] of events.entries()) {
      await db().auditEvent.create({
        data: {
          ...event,
          detail: 'detail' in event ? JSON.stringify(event.detail) : null,
          userId: person.id,
          ipAddress: context.ipAddress,
          userAgent: context.userAgent,
          createdAt: new Date(Date.now() - (events.length - index) * 1_000),
        },
      })
    }
    return person
  }

  /** Signs this browser in to the production server as `person` (a session row and its cookie). */
  async signIn(person: Person, context: BrowserContext = this.context): Promise<{ sessionId: string }> {
    const issued = await issueSession(person.id, 'email_code', {
      ipAddress: '127.0.0.1',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36',
    })
    await addSessionCookie(context, issued)
    return { sessionId: issued.sessionId }
  }

  async close() {
    for (const cleanup of this.cleanups.reverse()) await cleanup().catch(() => undefined)
    await this.context.close()
  }
}

function contextOptions(locale: TestLocale) {
  const tag = BROWSER_LOCALES[locale]
  return { baseURL: APP.url, locale: tag, extraHTTPHeaders: { 'x-forwarded-for': testClientIp(), 'accept-language': tag } }
}

/** Fills the form that has a field of this name (and anything else given) and presses its submit button. */
async function submit(page: Page, fields: Record<string, string>, within = page.locator('form', { has: page.locator(`[name="${Object.keys(fields)[0]}"]`) })) {
  for (const [name, value] of Object.entries(fields)) await within.locator(`[name="${name}"]:not([type=hidden])`).fill(value)
  await within.locator('button[type=submit]').first().click()
}

/** The newest email to an address once more than `after` have arrived, whatever its language. */
async function emailNumber(address: string, after: number): Promise<CapturedEmail> {
  let email: CapturedEmail | undefined
  await expect
    .poll(async () => {
      const all = await emailsTo(address)
      email = all.length > after ? all.at(-1) : undefined
      return email !== undefined
    })
    .toBe(true)
  return email!
}

const codeIn = (email: CapturedEmail) => email.text.match(/\b(\d{6})\b/)![1]!
const linkIn = (email: CapturedEmail) => email.text.match(/(https?:\/\/\S+\/sign-in\/link\?token=[A-Za-z0-9_-]+)/)![1]!
const freshAddress = () => `i18n-new-${randomBytes(5).toString('hex')}@example.com`

/** Asks for a sign-in email on /sign-in and waits for the check-email page; returns the email. */
async function askForSignInEmail(page: Page, address: string): Promise<CapturedEmail> {
  const before = (await emailsTo(address)).length
  await page.goto('/sign-in')
  await submit(page, { email: address })
  await expect(page).toHaveURL(/\/sign-in\/check-email/)
  return emailNumber(address, before)
}

/** Starts recovery for an address on /recover and waits for the code field. */
async function askForRecoveryCode(page: Page, address: string): Promise<string> {
  const before = (await emailsTo(address)).length
  await page.goto('/recover')
  await submit(page, { email: address })
  await expect(page.locator('input[name="code"]')).toBeVisible()
  return codeIn(await emailNumber(address, before))
}

/** Signs in with one of the demo server's panel accounts (a button on its /sign-in). */
async function signInToDemo(page: Page, account: string) {
  await page.goto(`${DEMO.url}/sign-in`)
  await page.locator(`form:has(input[name="account"][value="${account}"]) button[type=submit]`).click()
  await expect(page).toHaveURL(`${DEMO.url}/account`)
}

export const DEMO_ADMIN = 'demo-person-001'
export const DEMO_CUSTOMER = 'demo-person-157'

export type Stop = {
  /** Unique, and what a report names: the page's path and the state it is in. */
  name: string
  /** Brings the visit's page to the state. */
  open: (visit: Visit) => Promise<void>
}

const goTo =
  (path: string, as?: 'person' | 'admin') =>
  async (visit: Visit): Promise<void> => {
    if (as) await visit.signIn(as === 'admin' ? await visit.person({ role: 'admin' }) : await visit.personWithHistory())
    await visit.page.goto(path)
  }

export const STOPS: Stop[] = [
  // Signing in.
  { name: '/sign-in', open: goTo('/sign-in') },
  {
    name: '/sign-in (address refused)',
    open: async ({ page }) => {
      await page.goto('/sign-in')
      await submit(page, { email: 'not an address' })
      await expect(page.locator('input[name="email"][aria-invalid="true"]')).toBeVisible()
    },
  },
  {
    name: '/sign-in/check-email',
    open: async ({ page }) => {
      await askForSignInEmail(page, freshAddress())
    },
  },
  {
    name: '/sign-in/check-email (wrong code)',
    open: async ({ page }) => {
      const code = codeIn(await askForSignInEmail(page, freshAddress()))
      await submit(page, { code: code === '000000' ? '111111' : '000000' })
      await expect(page.locator('input[name="code"][aria-invalid="true"]')).toBeVisible()
    },
  },
  {
    name: '/sign-in/sms (number refused)',
    open: async ({ page }) => {
      await page.goto('/sign-in/sms')
      await submit(page, { phone: '+44 20 7946 0958' })
      await expect(page.locator('input[name="phone"][aria-invalid="true"]')).toBeVisible()
    },
  },
  {
    // A request made here rather than through the form: the stop is visited in many languages, and texts are limited per network.
    name: '/sign-in/sms/code',
    open: async ({ context, page }) => {
      const text = await createTextChallenge({
        phone: `+4474009${String(randomBytes(3).readUIntBE(0, 3) % 100_000).padStart(5, '0')}`,
        purpose: 'sign_in',
        userId: null,
        texted: false,
        knownBrowser: false,
        returnTo: null,
        context: { ipAddress: null, userAgent: null },
      })
      await context.addCookies([{ name: 'portal.sms-sign-in', value: text.browserSecret, url: APP.url, httpOnly: true, sameSite: 'Lax' }])
      await page.goto('/sign-in/sms/code')
    },
  },
  {
    name: '/sign-in/link (this browser)',
    open: async ({ page }) => {
      await page.goto(linkIn(await askForSignInEmail(page, freshAddress())))
      await expect(page.locator('form button[type=submit]').first()).toBeVisible()
    },
  },
  {
    name: '/sign-in/link (another device)',
    open: async (visit) => {
      const link = linkIn(await askForSignInEmail(await visit.otherBrowser(), freshAddress()))
      await visit.page.goto(link)
      await expect(visit.page.locator('input[name="code"]').first()).toBeVisible()
    },
  },
  { name: '/sign-in/link (not valid)', open: goTo('/sign-in/link?token=not-a-token') },

  // Recovering an account.
  { name: '/recover', open: goTo('/recover') },
  {
    name: '/recover (code sent)',
    open: async (visit) => {
      await askForRecoveryCode(visit.page, (await visit.person()).email)
    },
  },
  {
    name: '/recover (one more step)',
    open: async (visit) => {
      const person = await visit.personWithHistory()
      await submit(visit.page, { code: await askForRecoveryCode(visit.page, person.email) })
      await expect(visit.page.locator('input[name="kind"]').first()).toBeAttached()
    },
  },
  {
    name: '/recover/enroll',
    open: async (visit) => {
      const person = await visit.person()
      const [recoveryCode] = await generateRecoveryCodes(person.id, auditFor())
      await submit(visit.page, { code: await askForRecoveryCode(visit.page, person.email) })
      await submit(visit.page, { code: recoveryCode! }, visit.page.locator('form:has(input[name="kind"][value="recovery_code"])'))
      await expect(visit.page).toHaveURL(/\/recover\/enroll$/)
    },
  },
  { name: '/recover/access', open: goTo('/recover/access') },
  {
    name: '/recover/done',
    open: async (visit) => {
      const person = await visit.personWithHistory()
      await visit.signIn(person)
      await visit.page.goto('/recover/done')
    },
  },
  { name: '/recover/report (not valid)', open: goTo('/recover/report?token=not-a-token') },

  // Invitations, and leaving.
  {
    name: '/invite',
    open: async (visit) => {
      const { token } = await invitationFor(visit)
      await visit.page.goto(`/invite?token=${token}`)
    },
  },
  { name: '/invite (not valid)', open: goTo('/invite?token=not-a-token') },
  {
    name: '/account/welcome',
    open: async (visit) => {
      const { token } = await invitationFor(visit)
      await addVirtualAuthenticator(visit.page)
      await visit.page.goto(`/invite?token=${token}`)
      await visit.page.bringToFront()
      await visit.page.locator('form:has(input[name="token"]) button[type=submit]').click()
      await expect(visit.page).toHaveURL(/\/account\/welcome/)
    },
  },
  { name: '/goodbye', open: goTo('/goodbye') },
  { name: '/not-found (404)', open: goTo('/no-such-page') },

  // A person's own pages.
  { name: '/account', open: goTo('/account', 'person') },
  {
    name: '/account (no passkey yet)',
    open: async (visit) => {
      await visit.signIn(await visit.person())
      await visit.page.goto('/account')
    },
  },
  { name: '/account/passkeys', open: goTo('/account/passkeys', 'person') },
  { name: '/account/recovery', open: goTo('/account/recovery', 'person') },
  {
    // The phone card shows only in a group that allows texts: with a number, and the form for a new one.
    name: '/account/recovery (phone for texts)',
    open: async (visit) => {
      const group = await groupWith({ sms: { purposes: ['sign_in'] } })
      visit.later(() => db().group.deleteMany({ where: { id: group } }))
      const person = await visit.person({ group })
      await db().user.update({
        where: { id: person.id },
        data: { phone: `+4474008${randomBytes(2).readUInt16BE(0).toString().padStart(5, '0')}`, phoneVerifiedAt: new Date() },
      })
      await visit.signIn(person)
      await visit.page.goto('/account/recovery')
    },
  },
  { name: '/account/activity', open: goTo('/account/activity', 'person') },
  { name: '/account/sessions', open: goTo('/account/sessions', 'person') },
  { name: '/account/profile', open: goTo('/account/profile', 'person') },
  {
    name: '/account/confirm',
    open: async (visit) => {
      const { sessionId } = await visit.signIn(await visit.personWithHistory())
      const longAgo = new Date(Date.now() - 61 * 60_000)
      await db().session.update({ where: { id: sessionId }, data: { createdAt: longAgo, verifiedAt: longAgo } })
      await visit.page.goto('/account/confirm?returnTo=%2Faccount%2Fprofile')
    },
  },
  {
    name: '/account/enroll',
    open: async (visit) => {
      await visit.signIn(await visit.person({ group: await groupWith({ passkey: 'required' }) }))
      await visit.page.goto('/account/enroll')
      await expect(visit.page).toHaveURL(/\/account\/enroll/)
    },
  },
  {
    name: '/authorize (an app asks for consent)',
    open: async (visit) => {
      const receiver = await startReceiver()
      const app = await registerTestApp(receiver, { firstParty: false })
      visit.later(async () => {
        await app.remove()
        await receiver.close()
      })
      await visit.signIn(await visit.personWithHistory())
      const { url } = await authorizationRequest(await discover(app), app)
      await visit.page.goto(url.href)
      await expect(visit.page).toHaveURL(/\/authorize\//)
    },
  },

  // The administrators' console.
  { name: '/admin/people', open: goTo('/admin/people', 'admin') },
  {
    name: '/admin/people/[person]',
    open: async (visit) => {
      const person = await visit.personWithHistory()
      await visit.signIn(await visit.person({ role: 'admin' }))
      await visit.page.goto(`/admin/people/${person.id}`)
    },
  },
  { name: '/admin/policies', open: goTo('/admin/policies', 'admin') },
  { name: '/admin/policies/[group]', open: goTo('/admin/policies/customers', 'admin') },
  { name: '/admin/rollout', open: goTo('/admin/rollout', 'admin') },
  {
    name: '/admin/apps',
    open: async (visit) => {
      // An app of its own, so the page lists one with its buttons whatever else the suite registered.
      const receiver = await startReceiver()
      const app = await registerTestApp(receiver)
      visit.later(async () => {
        await app.remove()
        await receiver.close()
      })
      await visit.signIn(await visit.person({ role: 'admin' }))
      await visit.page.goto('/admin/apps')
    },
  },
  {
    name: '/admin/authenticators',
    open: async (visit) => {
      // A recall of its own, with one holder, so the page shows its tables and forms whatever else the suite did.
      const aaguid = randomUUID()
      const holder = await visit.person()
      await db().authenticatorModel.create({ data: { aaguid, description: 'Site Test Key', status: 'REVOKED', statement: '{}', blobNo: 1 } })
      await db().authenticatorRecall.create({ data: { aaguid, status: 'REVOKED', foundAt: new Date() } })
      await passkeyRow(holder.id, { aaguid })
      visit.later(async () => {
        await db().authenticatorRecall.deleteMany({ where: { aaguid } })
        await db().authenticatorModel.deleteMany({ where: { aaguid } })
      })
      await visit.signIn(await visit.person({ role: 'admin' }))
      await visit.page.goto('/admin/authenticators')
    },
  },
  { name: '/admin/audit', open: goTo('/admin/audit', 'admin') },
  { name: '/admin/reports', open: goTo('/admin/reports', 'admin') },
  { name: '/admin/recovery', open: goTo('/admin/recovery', 'admin') },

  // The demo server: its sign-in panel, the dev mailbox, the rollout dashboard with the demo organisation, and Acme Expenses.
  { name: 'demo: /sign-in', open: goTo(`${DEMO.url}/sign-in`) },
  { name: 'demo: /dev/mailbox', open: goTo(`${DEMO.url}/dev/mailbox`) },
  {
    name: 'demo: /dev/mailbox/[message]',
    open: async ({ page }) => {
      await page.goto(`${DEMO.url}/dev/mailbox`)
      await page.locator('a[href^="/dev/mailbox/"]').first().click()
      await expect(page).toHaveURL(/\/dev\/mailbox\/[^/]+$/)
      await expect(page.locator('iframe')).toBeVisible()
    },
  },
  {
    name: 'demo: /admin/rollout',
    open: async ({ page }) => {
      await signInToDemo(page, DEMO_ADMIN)
      await page.goto(`${DEMO.url}/admin/rollout`)
      await expect(page.locator('svg.recharts-surface').first()).toBeVisible()
    },
  },
  { name: 'Acme Expenses (signed out)', open: goTo(`${ACME.url}/`) },
  {
    name: 'Acme Expenses (signed in)',
    open: async ({ page }) => {
      await signInToDemo(page, DEMO_CUSTOMER)
      await page.goto(`${ACME.url}/`)
      await page.locator('form[action="/login"] button').click()
      await expect(page.locator('form[action="/logout"]')).toBeVisible()
    },
  },
  {
    name: 'demo: signing out of an app',
    open: async ({ page }) => {
      await signInToDemo(page, DEMO_CUSTOMER)
      await page.goto(`${ACME.url}/`)
      await page.locator('form[action="/login"] button').click()
      await page.locator('form[action="/logout"] button').click()
      await expect(page).toHaveURL(new RegExp(`^${DEMO.url}/`))
    },
  },
]

async function invitationFor(visit: Visit): Promise<{ token: string }> {
  const admin = await visit.person({ role: 'admin' })
  const email = `i18n-invited-${randomBytes(5).toString('hex')}@example.com`
  const [outcome] = await db().$transaction((tx) => inviteWithin(tx, [{ email, name: 'Invited Person', groupId: 'customers' }], admin.id))
  visit.later(async () => {
    const invited = await db().user.findUnique({ where: { email }, select: { id: true } })
    if (invited) await removeUsers(invited.id)
  })
  return { token: outcome!.token! }
}

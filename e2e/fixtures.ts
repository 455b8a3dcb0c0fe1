import { randomBytes } from 'node:crypto'
import { test as base, type BrowserContext } from '@playwright/test'
import { addSessionCookie } from './support/session-cookie'
import { issueSession } from '../lib/auth/session/store'
import { db } from '../lib/db'
import { removeUsers } from './support/users'

export type TestUser = { id: string; email: string; displayName: string }

/** A documentation-range address of its own for each test, so per-IP rate limits of parallel tests don't add up. */
export function testClientIp(): string {
  const [a, b] = randomBytes(2)
  return `198.51.${a! % 100}.${(b! % 250) + 1}`
}

type Fixtures = {
  /** A fresh active user in the production server's database, deleted afterwards. */
  user: TestUser
  /** Signs a browser context in as `user` by creating a Session row and its cookie. */
  signIn: (context: BrowserContext, user?: TestUser) => Promise<{ sessionId: string }>
}

export const test = base.extend<Fixtures>({
  // The servers read the client address from X-Forwarded-For, as behind a proxy.
  extraHTTPHeaders: async ({}, use) => {
    await use({ 'x-forwarded-for': testClientIp() })
  },
  user: async ({}, use) => {
    const email = `user-${randomBytes(5).toString('hex')}@example.com`
    const user = await db().user.create({ data: { email, displayName: 'Test Person' }, select: { id: true, email: true } })
    await use({ ...user, displayName: 'Test Person' })
    await removeUsers(user.id)
  },
  signIn: async ({ user }, use) => {
    await use(async (context, who = user) => {
      const issued = await issueSession(who.id, 'fixture', { ipAddress: '127.0.0.1', userAgent: 'playwright fixture' })
      await addSessionCookie(context, issued)
      return { sessionId: issued.sessionId }
    })
  },
})

export { expect } from '@playwright/test'

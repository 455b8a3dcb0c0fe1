import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import type { BrowserContext } from '@playwright/test'
import { DEMO } from './servers'

/**
 * A person of their own on the demo server, signed in on each of `contexts`
 * (a session each, as a sign-in would leave), made by a child process on the
 * demo server's database: for a test whose steps (signing out other
 * sessions) must not reach the panel's shared accounts.
 */
export function demoPersonSignedIn(contexts: BrowserContext[]): Promise<{ email: string }> {
  const email = `demo-e2e-${randomBytes(5).toString('hex')}@example.com`
  const user = `(await db().user.create({ data: { email: ${JSON.stringify(email)}, emailVerifiedAt: new Date() }, select: { id: true } })).id`
  return signedIn(contexts, user, 'email_code').then(() => ({ email }))
}

async function signedIn(contexts: BrowserContext[], userIdExpression: string, method: string): Promise<void> {
  const script = `const { db } = await import('./lib/db.ts')
const { issueSession } = await import('./lib/auth/session/store.ts')
const userId = ${userIdExpression}
const issued = []
for (let i = 0; i < ${contexts.length}; i++) issued.push(await issueSession(userId, '${method}', { ipAddress: '127.0.0.1', userAgent: 'playwright' }))
console.log(JSON.stringify(issued))
process.exit(0)`
  const env = { ...process.env, DATABASE_URL: DEMO.databaseUrl, APP_URL: DEMO.url }
  const output = execFileSync('node_modules/.bin/tsx', ['--import', './scripts/register.mjs', '-e', script], { env, encoding: 'utf8' })
  const issued = JSON.parse(output.trim().split('\n').pop()!) as { secret: string; cookieExpires: string }[]
  await Promise.all(
    contexts.map((context, index) =>
      context.addCookies([
        {
          name: 'portal.session',
          value: issued[index]!.secret,
          url: DEMO.url,
          httpOnly: true,
          sameSite: 'Lax',
          expires: Math.floor(new Date(issued[index]!.cookieExpires).getTime() / 1000),
        },
      ]),
    ),
  )
}

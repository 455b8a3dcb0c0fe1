import { loadProjectEnv } from '../scripts/load-env'
import { db } from '../lib/db'
import { sendEmail } from '../lib/email/send'
import { welcomeEmail } from '../lib/email/templates/welcome'
import { emailTranslator } from '../lib/email/words'
import { env } from '../lib/env'
import { seedDemoOrganisation } from '../lib/demo/organisation'
import { registerAcmeExpenses } from '../lib/demo/acme-expenses'

/** Demo accounts, one per role. Seeding is idempotent: existing users are left as they are. */
const DEMO_USERS = [
  { email: 'ada@example.com', displayName: 'Ada Lovelace', role: 'admin' },
  { email: 'grace@example.com', displayName: 'Grace Hopper', role: 'helpdesk' },
  { email: 'alan@example.com', displayName: 'Alan Turing', role: 'user' },
] as const

async function seed() {
  loadProjectEnv()
  const config = env()
  if (config.nodeEnv === 'production' && !config.demoMode) throw new Error('The seed creates demo users; it runs only in development, tests or demo mode.')
  for (const user of DEMO_USERS) {
    const existing = await db().user.findUnique({ where: { email: user.email }, select: { id: true } })
    if (existing) continue
    // Their addresses are the seed's own, as if proven: apps signed in to as them see email_verified true.
    await db().user.create({ data: { ...user, nameKey: user.displayName.toLowerCase(), emailVerifiedAt: new Date() } })
    const tr = emailTranslator({ locale: config.defaultLocale, timeZone: config.defaultTimeZone })
    await sendEmail(user.email, await welcomeEmail(tr, { appName: config.appName, appUrl: config.appUrl, displayName: user.displayName }))
    console.log(`Created demo user ${user.email} (${user.role})`)
  }
  // The demo organisation: always for `npm run demo` (demo mode), on request (--demo-org) elsewhere.
  if (config.demoMode || process.argv.includes('--demo-org')) {
    const seeded = await seedDemoOrganisation()
    if (seeded) console.log(`Created the demo organisation: ${seeded.people} people, ${seeded.passkeys} passkeys, ${seeded.events} history events`)
  }
  // The demo's app that signs in through the portal (scripts/acme-expenses.ts), when npm run demo starts one.
  const acme = { url: process.env.ACME_URL, secret: process.env.ACME_CLIENT_SECRET }
  if (config.demoMode && acme.url && acme.secret) {
    await registerAcmeExpenses(acme.url, acme.secret)
    console.log(`Registered the demo app Acme Expenses at ${acme.url}, and its CLI (npm run demo:cli)`)
  }
}

seed().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  },
)

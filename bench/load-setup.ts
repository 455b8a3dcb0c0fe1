import { writeFileSync } from 'node:fs'
import { db } from '../lib/db'
import { sealPending } from '../lib/audit/chain'
import { rememberBrowser } from '../lib/auth/session/known-browsers'
import { issueSession } from '../lib/auth/session/store'
import { seedAtScale } from '../testing/scale-seed'
import { createSoftPasskey } from '../testing/soft-authenticator'

/**
 * Child process of `npm run bench:load`: fills DATABASE_URL (already migrated)
 * with BENCH_USERS accounts and BENCH_EVENTS audit events, gives the last
 * PASSKEY_USERS accounts a software passkey whose private key the load driver
 * gets, and opens SESSIONS sessions for the session checks. The history is
 * sealed, as a long-running installation has it, unless BENCH_UNSEALED=1
 * (the run during a sealing backlog). Gives up to KNOWN_BROWSERS accounts the
 * cookie of a browser that signed in before (ADR 11), for the journeys'
 * returning browsers. Writes what the driver needs to the file named on the
 * command line.
 */
const users = Number(process.env.BENCH_USERS ?? 1000)
const events = Number(process.env.BENCH_EVENTS ?? 1_000_000)
const PASSKEY_USERS = 200
const SESSIONS = 50
const KNOWN_BROWSERS = 20_000

await seedAtScale({ users, passkeys: Math.floor(users / 2), events, counters: 20_000 })
if (process.env.BENCH_UNSEALED !== '1' && events > 0) {
  const started = performance.now()
  const { sealed } = await sealPending()
  console.error(`  sealed the seeded history: ${sealed.toLocaleString('en')} rows in ${((performance.now() - started) / 1000).toFixed(0)} s`)
}

// Seeded accounts are scale-<n>@example.org; every hundredth is suspended, so those are skipped.
const active = (n: number) => n % 100 !== 0
const passkeyUsers = Array.from({ length: users }, (_, index) => users - index)
  .filter(active)
  .slice(0, PASSKEY_USERS)
const passkeys = []
for (const n of passkeyUsers) {
  const userId = `scale-user-${n}`
  const soft = createSoftPasskey(userId)
  await db().passkey.create({
    data: {
      userId,
      credentialId: soft.credentialId,
      publicKey: soft.publicKey,
      aaguid: '00000000-0000-0000-0000-000000000000',
      name: 'Bench',
      backupEligible: true,
      backedUp: true,
      createdAt: new Date(),
    },
    select: { id: true },
  })
  passkeys.push({ userId, credentialId: soft.credentialId, privateKey: soft.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() })
}
const sessions = []
for (let n = 1; sessions.length < SESSIONS; n++) {
  if (!active(n)) continue
  sessions.push((await issueSession(`scale-user-${n}`, 'passkey', { ipAddress: null, userAgent: 'bench' })).secret)
}
// Email flows use the accounts without a bench passkey or a session check's session, in order.
const sessionUsers = Array.from({ length: sessions.length * 2 }, (_, index) => index + 1)
  .filter(active)
  .slice(0, sessions.length)
const emailUsers = Array.from({ length: users - PASSKEY_USERS }, (_, index) => index + 1).filter((n) => active(n) && !sessionUsers.includes(n))
const knownBrowsers = Object.fromEntries(
  [...passkeyUsers, ...emailUsers]
    .map((n) => `scale-user-${n}`)
    .slice(0, KNOWN_BROWSERS)
    .map((userId) => [userId, rememberBrowser(undefined, userId).value]),
)
writeFileSync(process.argv[2]!, JSON.stringify({ emailUsers, passkeys, sessions, knownBrowsers }))
await db().$disconnect()

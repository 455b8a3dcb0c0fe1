// Creates Better Auth's tables (its own programmatic migrations), the OTP mailbox the load driver reads,
// and BENCH_USERS users shaped like the ones Better Auth itself writes.
import { getMigrations } from 'better-auth/db/migration'
import { auth, database } from './lib/auth.js'

const { runMigrations } = await getMigrations(auth.options)
await runMigrations()
const sqlite = !('query' in database)
const run = async (sql) => (sqlite ? database.exec(sql) : database.query(sql))
await run('CREATE TABLE IF NOT EXISTS bench_mailbox (recipient TEXT NOT NULL, otp TEXT NOT NULL, created_at BIGINT NOT NULL)')
await run('CREATE INDEX IF NOT EXISTS bench_mailbox_recipient ON bench_mailbox (recipient, created_at)')
// The same accounts as the portal's benchmark database: scale-<n>@example.org, n from 1.
const users = Number(process.env.BENCH_USERS ?? 0)
if (users > 0) {
  const series = sqlite ? `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${users}) ` : ''
  const from = sqlite ? 'n' : `generate_series(1, ${users}) AS n(i)`
  const now = sqlite ? `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')` : 'now()'
  const verified = sqlite ? '1' : 'true'
  await run(`${series}INSERT INTO "user" ("id", "name", "email", "emailVerified", "createdAt", "updatedAt")
    SELECT 'scale-user-' || i, '', 'scale-' || i || '@example.org', ${verified}, ${now}, ${now} FROM ${from}`)
}
if (!sqlite) await database.end()

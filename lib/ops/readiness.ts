import 'server-only'
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { db } from '../db'
import { env } from '../env'

/**
 * What a load balancer or orchestrator asks before sending traffic (GET
 * /readyz): the database answers within two seconds, it has every migration
 * this build ships, and email can go out (a provider key, or the dev mailbox
 * where that is allowed). Answers name the failing check, never an error's
 * text: the endpoint is public.
 */

export type CheckName = 'database' | 'migrations' | 'email'
export type Readiness = { ready: boolean; checks: Record<CheckName, 'ok' | 'failing'> }

const DATABASE_TIMEOUT_MS = 2_000
let shipped: string | null | undefined

/** The newest migration this build ships for the configured database, read once. */
function newestShippedMigration(): string | null {
  if (shipped === undefined) {
    const dir = path.join(process.cwd(), 'prisma', 'migrations', env().database.provider)
    shipped =
      readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
        .at(-1) ?? null
  }
  return shipped
}

async function newestAppliedMigration(): Promise<string | null> {
  const rows = await db().$queryRaw<{ name: string }[]>`
    SELECT "migration_name" AS "name" FROM "_prisma_migrations"
    WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL
    ORDER BY "migration_name" DESC LIMIT 1`
  return rows[0]?.name ?? null
}

export async function readiness(): Promise<Readiness> {
  const applied = await Promise.race([
    newestAppliedMigration().then(
      (name) => ({ reachable: true, name }),
      () => ({ reachable: false, name: null }),
    ),
    new Promise<{ reachable: false; name: null }>((resolve) => setTimeout(() => resolve({ reachable: false, name: null }), DATABASE_TIMEOUT_MS).unref()),
  ])
  const { email } = env()
  const checks: Readiness['checks'] = {
    database: applied.reachable ? 'ok' : 'failing',
    migrations: applied.reachable && applied.name !== null && applied.name === newestShippedMigration() ? 'ok' : 'failing',
    email: email.resendApiKey || email.mailboxEnabled ? 'ok' : 'failing',
  }
  return { ready: Object.values(checks).every((check) => check === 'ok'), checks }
}

import { describe, expect, it } from 'vitest'
import { db } from '../db'
import { readiness } from './readiness'

describe('readiness', () => {
  it('is ready on a migrated database, and names the migrations check when the newest one is missing', async () => {
    expect(await readiness()).toEqual({ ready: true, checks: { database: 'ok', migrations: 'ok', email: 'ok' } })
    const [newest] = await db().$queryRaw<{ id: string }[]>`SELECT "id" FROM "_prisma_migrations" ORDER BY "migration_name" DESC LIMIT 1`
    await db().$executeRaw`UPDATE "_prisma_migrations" SET "rolled_back_at" = "finished_at" WHERE "id" = ${newest!.id}`
    try {
      expect(await readiness()).toEqual({ ready: false, checks: { database: 'ok', migrations: 'failing', email: 'ok' } })
    } finally {
      await db().$executeRaw`UPDATE "_prisma_migrations" SET "rolled_back_at" = NULL WHERE "id" = ${newest!.id}`
    }
  })
})

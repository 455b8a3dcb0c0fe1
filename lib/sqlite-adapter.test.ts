import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { db } from './db'

const key = (name: string) => `adapter-${name}-${randomBytes(6).toString('hex')}`
const ticks = () => new Promise((resolve) => setTimeout(resolve, 20))

/** A transaction that writes `written`, lets `meanwhile` start beside it, then rolls back. */
async function rolledBackBeside<T>(written: string, meanwhile: () => PromiseLike<T>): Promise<T> {
  let beside!: Promise<T>
  await db()
    .$transaction(async (tx) => {
      await tx.rateLimit.create({ data: { key: written, points: 1 } })
      // Prisma's queries run once something waits for them: then() starts this one now.
      beside = Promise.resolve(meanwhile().then((value) => value))
      await ticks()
      throw new Error('roll back')
    })
    .catch((error: unknown) => {
      if (!(error instanceof Error) || error.message !== 'roll back') throw error
    })
  return beside
}

describe('statements made beside an open transaction (lib/sqlite-adapter.ts)', () => {
  it('a write outside the transaction survives its rollback', async () => {
    const inside = key('inside')
    const outside = key('outside')
    await rolledBackBeside(inside, () => db().rateLimit.create({ data: { key: outside, points: 2 } }))
    expect(await db().rateLimit.findUnique({ where: { key: outside }, select: { points: true } })).toEqual({ points: 2 })
    expect(await db().rateLimit.findUnique({ where: { key: inside } })).toBeNull()
  })

  it('a read outside the transaction does not see its uncommitted rows', async () => {
    const inside = key('unseen')
    const seen = await rolledBackBeside(inside, () => db().rateLimit.findUnique({ where: { key: inside } }))
    expect(seen).toBeNull()
  })
})

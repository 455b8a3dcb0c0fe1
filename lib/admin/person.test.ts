import { describe, expect, it } from 'vitest'
import { db } from '../db'
import { personDetail } from './person'

const unique = () => Math.random().toString(36).slice(2, 10)
const HOUR = 3_600_000

async function invited(links: { expiresAt: Date; revokedAt?: Date; createdAt: Date }[]) {
  const user = await db().user.create({ data: { email: `invited-${unique()}@example.com`, status: 'invited' }, select: { id: true } })
  for (const link of links) {
    await db().invitation.create({
      data: { userId: user.id, tokenHash: unique() + unique(), invitedBy: 'admin@example.com', revokedAt: link.revokedAt ?? null, ...link },
      select: { id: true },
    })
  }
  return user.id
}

describe('one person, as administrators see them', () => {
  it('says until when the newest open invitation link works, for someone still invited', async () => {
    const now = new Date()
    const replaced = new Date(now.getTime() + 24 * HOUR)
    const current = new Date(now.getTime() + 72 * HOUR)
    const id = await invited([
      { createdAt: new Date(now.getTime() - 2 * HOUR), expiresAt: replaced, revokedAt: new Date(now.getTime() - HOUR) },
      { createdAt: new Date(now.getTime() - HOUR), expiresAt: current },
    ])
    expect((await personDetail(id))?.invitation).toEqual({ expiresAt: current })
  })

  it('has no invitation once every link was withdrawn, or for someone not invited', async () => {
    const now = new Date()
    const withdrawn = await invited([{ createdAt: now, expiresAt: new Date(now.getTime() + HOUR), revokedAt: now }])
    expect((await personDetail(withdrawn))?.invitation).toBeNull()
    const member = await db().user.create({ data: { email: `member-${unique()}@example.com` }, select: { id: true } })
    expect((await personDetail(member.id))?.invitation).toBeNull()
  })
})

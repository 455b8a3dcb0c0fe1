import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../db'
import { env } from '../env'
import { analyze, explain } from '../../testing/explain'
import { captureStatements } from '../../testing/query-count'
import { ACTIVITY_PAGE_SIZE, decodeCursor, listActivity } from './history'

const EVENTS = 10_000
const NOW = new Date('2026-11-22T12:00:00Z')
const TYPES = ['sign_in', 'sign_in_requested', 'passkey_added', 'session_revoked', 'email_sent', 'recovery_codes_generated'] as const

let userId = ''
let otherId = ''

/** A plan that reads AuditEvent through one of its userId indexes, never by scanning the table. */
function expectIndexed(plan: string) {
  expect(plan).toMatch(/AuditEvent_userId_/)
  expect(plan).not.toMatch(/Seq Scan on "AuditEvent"|SCAN AuditEvent(?! USING)/)
}

describe('activity history on an account with 10,000 events', () => {
  beforeAll(async () => {
    const suffix = Math.random().toString(36).slice(2, 10)
    userId = (await db().user.create({ data: { email: `history-${suffix}@example.com` }, select: { id: true } })).id
    otherId = (await db().user.create({ data: { email: `history-other-${suffix}@example.com` }, select: { id: true } })).id
    const rows = Array.from({ length: EVENTS }, (_, index) => ({
      userId,
      type: TYPES[index % TYPES.length]!,
      result: index % 7 === 0 ? 'failure' : 'success',
      method: index % 2 ? 'passkey' : 'email_code',
      ipAddress: '192.0.2.1',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
      // Some events share a timestamp: the cursor must not skip or repeat them.
      createdAt: new Date(NOW.getTime() - Math.floor(index / 3) * 60_000),
    }))
    for (let start = 0; start < rows.length; start += 1000) await db().auditEvent.createMany({ data: rows.slice(start, start + 1000) })
    await db().auditEvent.createMany({ data: Array.from({ length: 500 }, () => ({ userId: otherId, type: 'sign_in', result: 'success', createdAt: NOW })) })
    await analyze('AuditEvent')
  }, 120_000)

  it('reads the first page in one statement, through an index', async () => {
    const { result, statements, queries } = await captureStatements(() => listActivity(userId, null))
    expect(statements).toBeLessThanOrEqual(2)
    expect(result.items).toHaveLength(ACTIVITY_PAGE_SIZE)
    expect(result.items.some((item) => item.title === 'Email sent')).toBe(false)
    expectIndexed(await explain(queries[0]!))
  })

  it('reads a filtered page (type and result) in one statement, through an index', async () => {
    const { result, statements, queries } = await captureStatements(() => listActivity(userId, null, { category: 'passkeys', result: 'failure' }))
    expect(statements).toBeLessThanOrEqual(2)
    expect(result.items).toHaveLength(ACTIVITY_PAGE_SIZE)
    expect(result.items.every((item) => item.title === 'Passkey not added' && item.result === 'failure')).toBe(true)
    expectIndexed(await explain(queries[0]!))
  })

  it('reads a later page through an index too', async () => {
    const first = await listActivity(userId, null, { result: 'failure' })
    const { queries } = await captureStatements(() => listActivity(userId, null, { result: 'failure' }, first.nextCursor))
    expectIndexed(await explain(queries[0]!))
    if (env().database.provider === 'postgresql') expect(await explain(queries[0]!)).not.toMatch(/Sort Method: external/)
  })

  it('pages through every shown event exactly once, newest first, and stops', async () => {
    const seen: string[] = []
    let cursor: string | null = null
    let last = Infinity
    let pages = 0
    do {
      const page = await listActivity(userId, null, { category: 'sign_in' }, cursor)
      for (const item of page.items) {
        expect(item.at.getTime()).toBeLessThanOrEqual(last)
        last = item.at.getTime()
        seen.push(item.id)
      }
      cursor = page.nextCursor
      pages += 1
    } while (cursor)
    const expected = await db().auditEvent.count({ where: { userId, type: { in: ['sign_in', 'sign_in_requested'] } } })
    expect(seen).toHaveLength(expected)
    expect(new Set(seen).size).toBe(expected)
    expect(pages).toBe(Math.ceil(expected / ACTIVITY_PAGE_SIZE))
  })

  it('never shows another account’s events, even with a cursor taken from them', async () => {
    const mine = await listActivity(otherId, null)
    expect(mine.items.length).toBe(ACTIVITY_PAGE_SIZE)
    const foreign = await listActivity(userId, null, {}, mine.nextCursor)
    const ids = new Set((await db().auditEvent.findMany({ where: { userId: otherId }, select: { id: true } })).map((row) => row.id))
    expect(foreign.items.some((item) => ids.has(item.id))).toBe(false)
  })

  it.each(['', 'not-base64!', 'x'.repeat(200), Buffer.from('1.DROP TABLE').toString('base64url'), Buffer.from('99999999999999999.c1').toString('base64url')])(
    'refuses malformed cursor %#, so the page starts from the newest',
    (value) => {
      expect(decodeCursor(value)).toBeNull()
    },
  )
})

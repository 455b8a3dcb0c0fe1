import { beforeAll, describe, expect, it } from 'vitest'
import { sealPending } from '../audit/chain'
import { recordEvent } from '../audit/record'
import { db } from '../db'
import { AUDIT_PAGE_SIZE, auditRecords, listAuditLog } from './audit-log'
import { translatorFor } from '../i18n/translator'
import { auditCsvChunks, auditJsonChunks } from './audit-export'

const suffix = Math.random().toString(36).slice(2, 8)
const DAY = 86_400_000
const START = new Date('2026-03-01T09:00:00Z')
let alice = ''
let bob = ''
let admin = ''

describe('the admins’ audit log', () => {
  beforeAll(async () => {
    const create = async (name: string) => (await db().user.create({ data: { email: `${name}-${suffix}@example.com` }, select: { id: true } })).id
    alice = await create('alice')
    bob = await create('bob')
    admin = await create('admin')
    // 120 sign-ins over 120 days (alternating people, every fifth failed), sealed in daily batches as the server would.
    for (let day = 0; day < 120; day++) {
      const at = new Date(START.getTime() + day * DAY)
      await recordEvent({ type: 'sign_in', result: day % 5 ? 'success' : 'failure', userId: day % 2 ? bob : alice, method: 'passkey' }, at)
      await sealPending(new Date(at.getTime() + 60_000))
    }
    await recordEvent({ type: 'account_suspended', result: 'success', userId: bob, actorId: admin }, new Date(START.getTime() + 121 * DAY))
    await recordEvent({ type: 'account_deprovisioned', result: 'success', userId: bob, actorName: 'SCIM: HR system' }, new Date(START.getTime() + 122 * DAY))
  })

  it('lists unsealed rows first, then sealed rows newest first, 50 a page, each row once', async () => {
    const first = await listAuditLog({})
    expect(first.rows).toHaveLength(AUDIT_PAGE_SIZE)
    expect(first.rows.slice(0, 2).map((row) => [row.type, row.seq])).toEqual([
      ['account_deprovisioned', null],
      ['account_suspended', null],
    ])
    expect(first.rows[0]!.actor).toBe('SCIM: HR system')
    expect(first.rows[1]).toMatchObject({ actor: `admin-${suffix}@example.com`, person: `bob-${suffix}@example.com` })
    const seen = first.rows.map((row) => row.id)
    let next = first.next
    while (next) {
      const page = await listAuditLog({ before: next })
      expect(page.rows.every((row, index) => index === 0 || row.seq! < page.rows[index - 1]!.seq!)).toBe(true)
      seen.push(...page.rows.map((row) => row.id))
      next = page.next
    }
    expect(seen).toHaveLength(122)
    expect(new Set(seen).size).toBe(122)
  })

  it('filters by person, actor, type, outcome and dates', async () => {
    const failuresOfAlice = await listAuditLog({ person: `ALICE-${suffix}@example.com`, result: 'failure' })
    expect(failuresOfAlice.rows.length).toBe(12)
    expect(failuresOfAlice.rows.every((row) => row.person === `alice-${suffix}@example.com` && row.result === 'failure')).toBe(true)
    expect((await listAuditLog({ actor: `admin-${suffix}@example.com` })).rows.map((row) => row.type)).toEqual(['account_suspended'])
    expect((await listAuditLog({ actor: 'SCIM: HR system' })).rows.map((row) => row.type)).toEqual(['account_deprovisioned'])
    expect((await listAuditLog({ type: 'account_suspended' })).rows).toHaveLength(1)

    // Ten days in the middle: exactly those ten sign-ins, although the range is found through batch checkpoints.
    const range = await listAuditLog({ from: '2026-04-01', to: '2026-04-10' })
    expect(range.rows.map((row) => row.at.toISOString().slice(0, 10))).toEqual(
      Array.from({ length: 10 }, (_, index) => new Date(Date.parse('2026-04-10T00:00:00Z') - index * DAY).toISOString().slice(0, 10)),
    )
  })

  it('says when a named person has no account, without listing anything', async () => {
    expect(await listAuditLog({ person: `nobody-${suffix}@example.com` })).toEqual({ rows: [], next: null, noSuchAccount: true })
    expect(await listAuditLog({ person: 'not an address' })).toEqual({ rows: [], next: null, noSuchAccount: true })
  })

  it('leads on to the sealed rows when the first page is all rows not sealed yet', async () => {
    const carol = (await db().user.create({ data: { email: `carol-${suffix}@example.com` }, select: { id: true } })).id
    for (let index = 0; index < 3; index++)
      await recordEvent({ type: 'sign_in', result: 'success', userId: carol }, new Date(START.getTime() + 150 * DAY + index * 1000))
    await sealPending(new Date(START.getTime() + 200 * DAY))
    for (let index = 0; index < AUDIT_PAGE_SIZE + 2; index++) await recordEvent({ type: 'sign_out', result: 'success', userId: carol })
    const first = await listAuditLog({ person: `carol-${suffix}@example.com` })
    expect(first.rows.map((row) => row.seq)).toEqual(Array.from({ length: AUDIT_PAGE_SIZE }, () => null))
    expect(first.next).not.toBeNull()
    const second = await listAuditLog({ person: `carol-${suffix}@example.com`, before: first.next! })
    expect(second.rows.map((row) => row.type)).toEqual(['sign_in', 'sign_in', 'sign_in'])
    await sealPending()
  })

  it('downloads the same rows, with formulas defused', async () => {
    let count = 0
    for await (const row of auditRecords({ person: `bob-${suffix}@example.com` })) {
      expect(row.person).toBe(`bob-${suffix}@example.com`)
      count++
    }
    expect(count).toBe(62)
    await recordEvent({ type: 'profile_updated', result: 'success', userId: alice, actorName: '=HYPERLINK("http://evil")' })
    const collect = async (chunks: AsyncIterable<string>) => {
      let text = ''
      for await (const chunk of chunks) text += chunk
      return text
    }
    const filter = { person: `alice-${suffix}@example.com`, type: 'profile_updated' as const }
    const reader = translatorFor('en', 'UTC')
    const csv = await collect(auditCsvChunks(filter, reader))
    expect(JSON.parse(await collect(auditJsonChunks(filter, reader)))).toEqual([
      expect.objectContaining({ type: 'profile_updated', actor: '=HYPERLINK("http://evil")' }),
    ])
    expect(JSON.parse(await collect(auditJsonChunks({ person: `alice-${suffix}@example.com`, type: 'account_deleted' }, reader)))).toEqual([])
    expect(csv.split('\r\n')[1]).toContain(`,"'=HYPERLINK(""http://evil"")",`)
  })
})

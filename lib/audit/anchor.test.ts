import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { db } from '../db'
import { anchorFailed, anchorNewestHead, anchoringState, checkAnchors, describeAnchorCheck } from './anchor'
import { sealPending } from './chain'
import { recordEvent } from './record'
import { pruneSealed } from './retention'
import { verifyLog } from './verify'

const NOW = new Date('2026-11-22T12:00:00Z')
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000)

async function writeEvents(userId: string, count: number, at: Date) {
  for (let index = 0; index < count; index++) {
    await recordEvent({ type: 'sign_in', result: 'success', userId, method: 'passkey', detail: { index } }, new Date(at.getTime() + index * 1000))
  }
}

/** Seals `count` rows written at `at`, a minute later. */
async function batch(userId: string, count: number, at: Date) {
  await writeEvents(userId, count, at)
  await sealPending(new Date(at.getTime() + 60_000))
}

const headAt = async (lastSeq: number) => (await db().auditCheckpoint.findFirstOrThrow({ where: { kind: 'sealed', lastSeq }, select: { head: true } })).head

/** Someone with write access to the database cuts off the rows after `seq` with their checkpoints. */
async function cutAfter(seq: number) {
  await db().auditEvent.deleteMany({ where: { seq: { gt: seq } } })
  await db().auditCheckpoint.deleteMany({ where: { lastSeq: { gt: seq } } })
}

describe('the audit chain’s head anchored outside the database', () => {
  let dir = ''
  let file = ''
  let userId = ''
  // The anchor URL: a real HTTP server answering with whatever `served` holds.
  let served: { status: number; body: string } = { status: 200, body: '' }
  let server: Server
  let url = ''

  beforeAll(async () => {
    server = createServer((_request, response) => response.writeHead(served.status, { 'content-type': 'application/x-ndjson' }).end(served.body))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/audit-head`
  })
  afterAll(() => new Promise((resolve) => server.close(resolve)))

  beforeEach(async () => {
    await db().auditEvent.deleteMany({})
    await db().auditCheckpoint.deleteMany({})
    await db().auditAnchor.deleteMany({})
    dir = mkdtempSync(path.join(os.tmpdir(), 'audit-anchor-'))
    file = path.join(dir, 'anchors', 'audit-head.jsonl')
    userId = (await db().user.create({ data: { email: `anchor-${Math.random().toString(36).slice(2, 10)}@example.com` }, select: { id: true } })).id
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('catches the newest rows cut off with their checkpoint, which the chain alone cannot, and is not moved back by it', async () => {
    await batch(userId, 5, NOW)
    await batch(userId, 5, minutes(2))
    expect(await anchorNewestHead(minutes(4), file)).toMatchObject({ status: 'anchored', anchored: { lastSeq: 10 } })
    const anchored = { lastSeq: 10, head: await headAt(10), sealedAt: minutes(3), anchoredAt: minutes(4) }
    expect(readFileSync(file, 'utf8')).toBe(
      `${JSON.stringify({ lastSeq: 10, head: anchored.head, sealedAt: minutes(3).toISOString(), anchoredAt: minutes(4).toISOString() })}\n`,
    )
    expect(await checkAnchors({ file })).toEqual([{ kind: 'file', status: 'matched', anchored }])
    // Nothing new sealed: nothing appended.
    expect(await anchorNewestHead(minutes(5), file)).toEqual({ status: 'current', anchored })

    await cutAfter(5)
    // The limit of the chain on its own: what is left verifies.
    expect(await verifyLog()).toEqual({ ok: true, rows: 5, unsealed: 0, from: 0 })
    // Against the anchored head it does not.
    const [check] = await checkAnchors({ file })
    expect(check).toEqual({ kind: 'file', status: 'cut', anchored })
    expect(anchorFailed(check!)).toBe(true)
    expect(describeAnchorCheck(check!)).toBe(
      `The log ends before the head anchored in the anchor file on ${minutes(4).toISOString()} (row 10): its newest rows were cut off, or an older copy of the database was restored`,
    )

    // The chain grows again, shorter than the anchor: maintenance refuses to anchor it, and the file stays as it was.
    await batch(userId, 2, minutes(10))
    expect(await anchorNewestHead(minutes(12), file)).toMatchObject({ status: 'refused', check: { status: 'cut' } })
    // Grown back past the anchored row, under another head: still caught.
    await batch(userId, 5, minutes(20))
    expect(await verifyLog()).toMatchObject({ ok: true, rows: 12 })
    expect(await checkAnchors({ file })).toEqual([{ kind: 'file', status: 'diverged', anchored }])
    expect(await anchorNewestHead(minutes(22), file)).toMatchObject({ status: 'refused', check: { status: 'diverged' } })
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1)
  })

  it('reads the same lines from a URL, and fails when the URL cannot be read', async () => {
    await batch(userId, 3, NOW)
    expect(await checkAnchors({ url })).toEqual([{ kind: 'url', status: 'none' }])
    await anchorNewestHead(minutes(2), file)
    await batch(userId, 3, minutes(3))
    await anchorNewestHead(minutes(5), file)
    // The URL serves the whole file: its newest line counts.
    served = { status: 200, body: readFileSync(file, 'utf8') }
    expect(await checkAnchors({ file, url })).toEqual([
      { kind: 'file', status: 'matched', anchored: expect.objectContaining({ lastSeq: 6 }) },
      { kind: 'url', status: 'matched', anchored: expect.objectContaining({ lastSeq: 6 }) },
    ])
    await cutAfter(3)
    expect(await checkAnchors({ url })).toEqual([{ kind: 'url', status: 'cut', anchored: expect.objectContaining({ lastSeq: 6 }) }])

    served = { status: 503, body: '' }
    expect(await checkAnchors({ url })).toEqual([{ kind: 'url', status: 'unreadable', reason: 'the URL answered HTTP 503' }])
    served = { status: 200, body: '{"lastSeq":6,"head":"not a head"}\n' }
    const [garbled] = await checkAnchors({ url })
    expect(garbled).toEqual({ kind: 'url', status: 'unreadable', reason: 'a line is not an anchored head' })
    expect(anchorFailed(garbled!)).toBe(true)
    writeFileSync(file, 'half a line')
    expect(await checkAnchors({ file })).toEqual([{ kind: 'file', status: 'unreadable', reason: 'a line is not an anchored head' }])
    expect(await anchorNewestHead(minutes(9), file)).toMatchObject({ status: 'refused', check: { status: 'unreadable' } })
  })

  it('follows retention: a pruned position still compares through its checkpoint, a stale anchor is said to be stale', async () => {
    await batch(userId, 5, NOW)
    await anchorNewestHead(minutes(2), file)
    await batch(userId, 5, minutes(60))
    await batch(userId, 5, minutes(120))
    // Retention removes rows 1 to 10, and the checkpoint at 5 the anchor names.
    expect(await pruneSealed(minutes(90), minutes(122))).toEqual({ pruned: 10, problem: null })
    const [stale] = await checkAnchors({ file })
    expect(stale).toMatchObject({ status: 'retired', anchored: { lastSeq: 5 } })
    expect(anchorFailed(stale!)).toBe(false)
    expect(await anchorNewestHead(minutes(123), file)).toMatchObject({ status: 'anchored', anchored: { lastSeq: 15 } })
    expect(await checkAnchors({ file })).toMatchObject([{ status: 'matched', anchored: { lastSeq: 15 } }])
  })

  it('records when the head was last anchored, for the admin log to show without reading the file', async () => {
    expect(await anchoringState()).toEqual({ anchored: null, newestSeq: null, verifiesAgainst: [] })
    await batch(userId, 2, NOW)
    expect(await anchorNewestHead(minutes(2), file)).toMatchObject({ status: 'anchored' })
    await batch(userId, 2, minutes(3))
    expect(await anchoringState()).toEqual({
      anchored: { lastSeq: 2, head: await headAt(2), sealedAt: minutes(1), anchoredAt: minutes(2) },
      newestSeq: 4,
      verifiesAgainst: [],
    })
    expect(await anchorNewestHead(undefined, undefined)).toEqual({ status: 'not_configured' })
  })
})

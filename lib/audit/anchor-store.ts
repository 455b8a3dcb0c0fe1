import 'server-only'
import { appendFile, mkdir, open } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'

/**
 * Where the audit chain's head is kept outside the database
 * (docs/decisions/0015-sealed-audit-log.md): one JSON object a line,
 * `{"lastSeq":…,"head":"…","sealedAt":"…","anchoredAt":"…"}`, appended to a
 * file by `npm run maintenance` and served by a URL as the same lines (the
 * file itself, or only its newest line). Reading takes the newest head among
 * the last lines; any line that is not in this format makes the anchor
 * unreadable rather than skipped.
 */

export type AnchoredHead = { lastSeq: number; head: string; sealedAt: Date; anchoredAt: Date }

/** The anchor could not be read or is not in the format; `reason` never holds a path. */
export class AnchorUnreadable extends Error {
  constructor(readonly reason: string) {
    super(reason)
    this.name = 'AnchorUnreadable'
  }
}

const line = z.object({
  lastSeq: z.number().int().positive(),
  // A base64url HMAC-SHA256 (lib/audit/seal.ts).
  head: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  sealedAt: z.iso.datetime(),
  anchoredAt: z.iso.datetime(),
})

/** Only the end of a long anchor is read: its newest lines are what is compared. */
const TAIL_BYTES = 64 * 1024
const URL_TIMEOUT_MS = 10_000

export function anchorLine(head: AnchoredHead): string {
  return `${JSON.stringify({ lastSeq: head.lastSeq, head: head.head, sealedAt: head.sealedAt.toISOString(), anchoredAt: head.anchoredAt.toISOString() })}\n`
}

/** The newest head in the text's complete lines; null when it has none. `cut` says the text starts mid-line. */
export function newestAnchoredHead(text: string, cut = false): AnchoredHead | null {
  const lines = text.split('\n')
  let newest: AnchoredHead | null = null
  for (const [index, raw] of lines.entries()) {
    if ((cut && index === 0) || raw.trim() === '') continue
    let parsed: z.output<typeof line>
    try {
      parsed = line.parse(JSON.parse(raw))
    } catch {
      throw new AnchorUnreadable('a line is not an anchored head')
    }
    if (!newest || parsed.lastSeq > newest.lastSeq) {
      newest = { lastSeq: parsed.lastSeq, head: parsed.head, sealedAt: new Date(parsed.sealedAt), anchoredAt: new Date(parsed.anchoredAt) }
    }
  }
  return newest
}

const fileError = (error: unknown) => new AnchorUnreadable(`the file could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`)

/** The newest head in the anchor file; null when the file does not exist yet or is empty. */
export async function readAnchorFile(file: string): Promise<AnchoredHead | null> {
  let handle
  try {
    handle = await open(file, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw fileError(error)
  }
  try {
    const { size } = await handle.stat()
    const length = Math.min(size, TAIL_BYTES)
    const buffer = Buffer.alloc(length)
    await handle.read(buffer, 0, length, size - length)
    return newestAnchoredHead(buffer.toString('utf8'), size > length)
  } catch (error) {
    if (error instanceof AnchorUnreadable) throw error
    throw fileError(error)
  } finally {
    await handle.close()
  }
}

/** Appends one head to the anchor file, creating it (and its folder) on first use. */
export async function appendAnchorFile(file: string, head: AnchoredHead): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  await appendFile(file, anchorLine(head), { mode: 0o640 })
}

/** The newest head the anchor URL answers with; null when it answers with nothing yet. */
export async function readAnchorUrl(url: string): Promise<AnchoredHead | null> {
  let response: Response
  try {
    response = await fetch(url, {
      headers: { accept: 'application/json, application/x-ndjson, text/plain' },
      cache: 'no-store',
      // An anchor that moved is a configuration to fix, not a place to follow.
      redirect: 'error',
      signal: AbortSignal.timeout(URL_TIMEOUT_MS),
    })
  } catch (error) {
    throw new AnchorUnreadable(`the URL did not answer (${(error as Error).name === 'TimeoutError' ? 'timed out' : 'no connection'})`)
  }
  if (!response.ok) throw new AnchorUnreadable(`the URL answered HTTP ${response.status}`)
  const text = await response.text()
  return newestAnchoredHead(text.slice(-TAIL_BYTES), text.length > TAIL_BYTES)
}

import { existsSync, readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import type { CapturedEmail } from '../support/resend-server'
import { RESEND_URL, SERVER_LOGS } from '../support/servers'

/**
 * Runs after every other test (the "logs" project depends on the rest):
 * everything the suite's servers logged is JSON lines, each request line has
 * its id, and no line holds a code, a link token, a cookie, a recovery code,
 * an authenticator secret or a full email address, including every code,
 * token and address the servers emailed during the run.
 */

/** What must never be in a line: a full address (more than its first character before the @), a cookie or authorization header, a recovery code, a base32 secret. */
const FORBIDDEN: [string, RegExp][] = [
  ['a full address', /[A-Za-z0-9._%+-]{2,}@[A-Za-z0-9-]+\.[A-Za-z0-9.-]+/],
  ['a cookie or credentials', /cookie|session-token|authorization/i],
  ['a recovery or access code', /\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b/],
  ['a base32 secret', /\b[A-Z2-7]{32}\b/],
]

/** A line's candidates for an emailed secret (addresses, six digits, long tokens), to look up in a set: one pass per line. */
const candidates = (line: string) => line.match(/(?<![\w.-])(?:[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+|\d{6}|[A-Za-z0-9_-]{16,})(?![\w-])/g) ?? []

/** The problems of one log line, if any. */
function problemsOf(line: string, emailed: Set<string>): string[] {
  let entry: Record<string, unknown>
  try {
    entry = JSON.parse(line) as Record<string, unknown>
  } catch {
    return ['not a JSON line']
  }
  const problems: string[] = []
  if (typeof entry.level !== 'string' || typeof entry.time !== 'string') problems.push('no level or time')
  if (entry.msg === 'request') {
    if (typeof entry.requestId !== 'string' || !/^[A-Za-z0-9_-]{8,64}$/.test(entry.requestId)) problems.push('a request line without its id')
    if (typeof entry.route !== 'string' || typeof entry.status !== 'number') problems.push('a request line without route or status')
  }
  for (const [what, pattern] of FORBIDDEN) if (pattern.test(line)) problems.push(what)
  if (candidates(line).some((candidate) => emailed.has(candidate))) problems.push('an emailed code, token or address')
  return problems
}

test('the servers’ logs of the whole run are JSON lines with request ids, and hold no secret or address', async () => {
  const emails = (await (await fetch(`${RESEND_URL}/__captured`)).json()) as CapturedEmail[]
  expect(emails.length).toBeGreaterThan(20)
  const emailed = new Set<string>()
  for (const email of emails) {
    for (const address of email.to) emailed.add(address)
    for (const match of email.text.matchAll(/\b(\d{6})\b/g)) emailed.add(match[1]!)
    for (const match of email.text.matchAll(/[?&]token=([A-Za-z0-9_-]{16,})/g)) emailed.add(match[1]!)
  }

  const found: string[] = []
  let requestLines = 0
  for (const file of Object.values(SERVER_LOGS)) {
    expect(existsSync(file), file).toBe(true)
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean)
    expect(lines.length, file).toBeGreaterThan(10)
    for (const line of lines) {
      if (line.includes('"msg":"request"')) requestLines += 1
      for (const problem of problemsOf(line, emailed)) found.push(`${file}: ${problem}: ${line.slice(0, 300)}`)
    }
  }
  expect(found).toEqual([])
  expect(requestLines).toBeGreaterThan(500)
})

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
test('the servers’ logs of the whole run are JSON lines with request ids, and hold no secret or address', async () => {
  const emails = (await (await fetch(`${RESEND_URL}/__captured`)).json()) as CapturedEmail[]
  expect(emails.length).toBeGreaterThan(20)
  const secrets = new Set<string>()
  for (const email of emails) {
    for (const address of email.to) secrets.add(address)
    for (const match of email.text.matchAll(/\b(\d{6})\b/g)) secrets.add(match[1]!)
    for (const match of email.text.matchAll(/[?&]token=([A-Za-z0-9_-]{16,})/g)) secrets.add(match[1]!)
  }

  // Each line's candidates (six digits, long tokens, addresses) are looked up in the set: one pass per line.
  const candidates = (line: string) => line.match(/(?<![\w.-])(?:[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+|\d{6}|[A-Za-z0-9_-]{16,})(?![\w-])/g) ?? []

  let requestLines = 0
  for (const file of Object.values(SERVER_LOGS)) {
    expect(existsSync(file), file).toBe(true)
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean)
    expect(lines.length, file).toBeGreaterThan(10)
    for (const line of lines) {
      let entry: Record<string, unknown>
      try {
        entry = JSON.parse(line) as Record<string, unknown>
      } catch {
        throw new Error(`${file}: not a JSON line: ${line.slice(0, 200)}`)
      }
      expect(typeof entry.level, line).toBe('string')
      expect(typeof entry.time, line).toBe('string')
      if (entry.msg === 'request') {
        requestLines += 1
        expect(entry.requestId, line).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
        expect(typeof entry.route, line).toBe('string')
        expect(typeof entry.status, line).toBe('number')
      }
      // A full address (more than its first character before the @), a cookie, a recovery code or a base32 secret.
      expect(line, file).not.toMatch(/[A-Za-z0-9._%+-]{2,}@[A-Za-z0-9-]+\.[A-Za-z0-9.-]+/)
      expect(line.toLowerCase(), file).not.toMatch(/cookie|session-token|authorization/)
      expect(line, file).not.toMatch(/\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b/)
      expect(line, file).not.toMatch(/\b[A-Z2-7]{32}\b/)
      if (candidates(line).some((candidate) => secrets.has(candidate)))
        throw new Error(`${file}: a line holds an emailed code, token or address: ${line.slice(0, 300)}`)
    }
  }
  expect(requestLines).toBeGreaterThan(500)
})

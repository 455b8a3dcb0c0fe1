import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { EnvError, parseEnv } from './env'

const valid = { AUTH_SECRET: 'x'.repeat(32), NODE_ENV: 'development' }

function problemsOf(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source)
  } catch (error) {
    if (error instanceof EnvError) return error.problems
    throw error
  }
  return []
}

describe('parseEnv', () => {
  it('accepts a minimal development configuration with sensible defaults', () => {
    const env = parseEnv(valid)
    expect(env.appUrl).toBe('http://localhost:3000')
    expect(env.webauthn).toEqual({ rpId: 'localhost', rpName: 'Passkey Portal', origins: ['http://localhost:3000'] })
    expect(env.database.provider).toBe('sqlite')
    expect(env.session).toEqual({ idleTimeoutSeconds: 7 * 86_400, absoluteTimeoutSeconds: 30 * 86_400 })
    expect(env.email.mailboxEnabled).toBe(true)
    expect(env.secureCookies).toBe(false)
  })

  it('reads the operations settings: no metrics without a long enough token, a shutdown grace as a duration', () => {
    expect(parseEnv(valid).server).toMatchObject({ metricsToken: undefined, shutdownGraceSeconds: 25 })
    expect(parseEnv({ ...valid, METRICS_TOKEN: ` ${'m'.repeat(32)} `, SHUTDOWN_GRACE: '1m' }).server).toMatchObject({
      metricsToken: 'm'.repeat(32),
      shutdownGraceSeconds: 60,
    })
    expect(problemsOf({ ...valid, METRICS_TOKEN: 'short', SHUTDOWN_GRACE: 'soon' })).toEqual([
      expect.stringMatching(/^METRICS_TOKEN must be at least 32 characters/),
      expect.stringMatching(/^SHUTDOWN_GRACE use a number and a unit/),
    ])
  })

  it('keeps staff out of SCIM unless SCIM_MANAGES_STAFF is on, and refuses a value it cannot read', () => {
    expect(parseEnv(valid).scimManagesStaff).toBe(false)
    expect(parseEnv({ ...valid, SCIM_MANAGES_STAFF: '0' }).scimManagesStaff).toBe(false)
    expect(parseEnv({ ...valid, SCIM_MANAGES_STAFF: '1' }).scimManagesStaff).toBe(true)
    expect(problemsOf({ ...valid, SCIM_MANAGES_STAFF: 'yes' })).toEqual([expect.stringMatching(/^SCIM_MANAGES_STAFF Invalid option/)])
  })

  it('names a missing or short AUTH_SECRET', () => {
    expect(problemsOf({ NODE_ENV: 'development' })).toEqual([expect.stringMatching(/^AUTH_SECRET is required/)])
    expect(problemsOf({ ...valid, AUTH_SECRET: 'short' })).toEqual([expect.stringMatching(/^AUTH_SECRET must be at least 32/)])
  })

  it('names each wrong variable', () => {
    const problems = problemsOf({
      ...valid,
      APP_URL: 'https://portal.example.com/some/path',
      DATABASE_URL: 'mysql://localhost/db',
      SESSION_IDLE_TIMEOUT: 'forever',
    })
    expect(problems).toHaveLength(3)
    expect(problems.join('\n')).toMatch(/^APP_URL must be an origin only/m)
    expect(problems.join('\n')).toMatch(/^DATABASE_URL must start with file:/m)
    expect(problems.join('\n')).toMatch(/^SESSION_IDLE_TIMEOUT use a number and a unit/m)
  })

  it('refuses production without an email provider unless in demo mode', () => {
    expect(problemsOf({ ...valid, NODE_ENV: 'production' })).toEqual([expect.stringMatching(/^RESEND_API_KEY is required in production/)])
    expect(problemsOf({ ...valid, NODE_ENV: 'production', DEMO_MODE: '1' })).toEqual([])
    expect(problemsOf({ ...valid, NODE_ENV: 'production', RESEND_API_KEY: 're_123' })).toEqual([expect.stringMatching(/^EMAIL_FROM is required/)])
    const production = parseEnv({ ...valid, NODE_ENV: 'production', RESEND_API_KEY: 're_123', EMAIL_FROM: 'Portal <a@example.com>' })
    expect(production.email.mailboxEnabled).toBe(false)
    expect(production.devToolsEnabled).toBe(false)
  })

  it('checks the WebAuthn RP ID against the app origin and uses HTTPS cookies for HTTPS', () => {
    expect(problemsOf({ ...valid, APP_URL: 'https://login.example.com', WEBAUTHN_RP_ID: 'evil.example' })).toEqual([
      expect.stringMatching(/^WEBAUTHN_RP_ID must be login.example.com or a parent domain/),
    ])
    const env = parseEnv({ ...valid, APP_URL: 'https://login.example.com', WEBAUTHN_RP_ID: 'example.com' })
    expect(env.webauthn.rpId).toBe('example.com')
    expect(env.secureCookies).toBe(true)
  })

  it('takes related WebAuthn origins only as exact origins over TLS, and only with the portal’s own among them', () => {
    const base = { ...valid, APP_URL: 'https://login.example.com', WEBAUTHN_RP_ID: 'example.com' }
    expect(parseEnv({ ...base, WEBAUTHN_ORIGINS: 'https://login.example.com, https://login.example.de' }).webauthn.origins).toEqual([
      'https://login.example.com',
      'https://login.example.de',
    ])
    for (const origins of [
      'https://login.example.com,https://login.example.de/',
      'https://login.example.com,http://login.example.de',
      'https://login.example.com,*',
    ]) {
      expect(problemsOf({ ...base, WEBAUTHN_ORIGINS: origins })).toEqual([expect.stringMatching(/^WEBAUTHN_ORIGINS must be origins such as/)])
    }
    expect(problemsOf({ ...base, WEBAUTHN_ORIGINS: 'https://login.example.de' })).toEqual([
      expect.stringMatching(/^WEBAUTHN_ORIGINS must include the portal’s own origin, https:\/\/login.example.com/),
    ])
    expect(parseEnv({ ...valid, WEBAUTHN_ORIGINS: 'http://localhost:3000,http://127.0.0.1:3000' }).webauthn.origins).toHaveLength(2)
  })

  it('reads where the audit chain head is anchored: a file, resolved, and an http(s) URL, https in production', () => {
    expect(parseEnv(valid).auditAnchor).toEqual({ file: undefined, url: undefined })
    expect(parseEnv({ ...valid, AUDIT_ANCHOR_FILE: ' anchors/audit.jsonl ', AUDIT_ANCHOR_URL: 'http://anchors.example.com/head' }).auditAnchor).toEqual({
      file: path.resolve('anchors/audit.jsonl'),
      url: 'http://anchors.example.com/head',
    })
    expect(problemsOf({ ...valid, AUDIT_ANCHOR_URL: 'ftp://anchors.example.com/head' })).toEqual([
      expect.stringMatching(/^AUDIT_ANCHOR_URL must be an http\(s\):\/\/ URL/),
    ])
    const production = { ...valid, NODE_ENV: 'production', DEMO_MODE: '1' }
    expect(problemsOf({ ...production, AUDIT_ANCHOR_URL: 'http://anchors.example.com/head' })).toEqual([
      expect.stringMatching(/^AUDIT_ANCHOR_URL must be https:\/\/ in production/),
    ])
    expect(problemsOf({ ...production, AUDIT_ANCHOR_URL: 'https://anchors.example.com/head' })).toEqual([])
    expect(problemsOf({ ...production, AUDIT_ANCHOR_URL: 'http://127.0.0.1:8080/head' })).toEqual([])
  })

  it('selects PostgreSQL from a postgres URL', () => {
    expect(parseEnv({ ...valid, DATABASE_URL: 'postgresql://u@127.0.0.1:5432/portal' }).database.provider).toBe('postgresql')
    expect(parseEnv({ ...valid, DATABASE_URL: 'postgres://u@127.0.0.1/portal' }).database.provider).toBe('postgresql')
  })
})

describe('parseEnv with a malformed APP_URL', () => {
  it('names APP_URL instead of failing on the checks that depend on it', () => {
    expect(problemsOf({ ...valid, APP_URL: 'not a url', WEBAUTHN_RP_ID: 'example.com' })).toEqual([expect.stringMatching(/^APP_URL /)])
  })
})

import path from 'node:path'

/**
 * The servers the end-to-end suite starts (see playwright.config.ts): the
 * production build with email through the Resend loopback server, the same
 * build in demo mode, and the loopback server itself.
 */
export const E2E_AUTH_SECRET = 'e2e-secret-value-that-is-long-enough-for-validation'
/** E2E_PORT_OFFSET moves every port below, so two checkouts can run the suite on one machine at once. */
const OFFSET = Number(process.env.E2E_PORT_OFFSET ?? 0)
const port = (base: number) => base + OFFSET
export const RESEND_PORT = port(3125)
/** The Twilio loopback server (e2e/support/twilio-server.ts) the production servers text through. */
export const TWILIO_PORT = port(3126)
export const TWILIO_URL = `http://127.0.0.1:${TWILIO_PORT}`
export const E2E_TWILIO = { accountSid: `AC${'e2e0'.repeat(8)}`, authToken: 'twilio-e2e-auth-token', from: '+15005550006' }
/** The SCIM client the suite plays (an HR system): the server is configured with this token's hash. */
export const E2E_SCIM_CLIENT = { name: 'HR system', token: 'scim_e2e-token-for-the-hr-system-0123456789' }

export const APP = {
  url: `http://localhost:${port(3100)}`,
  port: port(3100),
  databaseUrl: `file:${path.resolve('data/e2e/app.db')}`,
}

/** An origin besides the portal's own that may use its passkeys: the production servers list it in WEBAUTHN_ORIGINS. */
export const RELATED_ORIGIN = 'https://portal.example.net'

/** A second instance of the production server on the same database, as behind a load balancer. */
export const APP_SECOND_INSTANCE = {
  url: `http://localhost:${port(3102)}`,
  port: port(3102),
}

export const DEMO = {
  url: `http://localhost:${port(3101)}`,
  port: port(3101),
  databaseUrl: `file:${path.resolve('data/e2e/demo.db')}`,
}

/** The demo's relying party, Acme Expenses (scripts/acme-expenses.ts), signing in through the demo server. */
export const ACME = {
  url: `http://localhost:${port(3103)}`,
  port: port(3103),
  secret: 'acme-e2e-client-secret-0123456789abcdefghij',
}

export const RESEND_URL = `http://127.0.0.1:${RESEND_PORT}`

/** The bearer token the production servers' /metrics answers to. */
export const E2E_METRICS_TOKEN = 'metrics-e2e-token-0123456789abcdefghijklmnop'

/** Where `npm run maintenance` anchors the audit chain's head for the production servers (removed when their database is reset). */
export const AUDIT_ANCHOR_FILE = path.resolve('data/e2e/audit-anchor.jsonl')

/**
 * The FIDO metadata the production servers read (e2e/policies/verified-authenticators.spec.ts writes both files:
 * the BLOB and the root its signing chain leads to).
 */
export const METADATA_FILES = {
  directory: path.resolve('data/e2e/mds'),
  blob: path.resolve('data/e2e/mds/blob.jwt'),
  root: path.resolve('data/e2e/mds/mds-root.pem'),
}

/** Where each server of the suite also writes its log lines. */
export const SERVER_LOGS = {
  app: path.resolve('data/e2e/logs/app.log'),
  second: path.resolve('data/e2e/logs/app-second.log'),
  demo: path.resolve('data/e2e/logs/demo.log'),
}

/** Where Debian's Chromium is; override with CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { defineConfig, devices } from '@playwright/test'
import {
  ACME,
  APP,
  APP_SECOND_INSTANCE,
  AUDIT_ANCHOR_FILE,
  CHROMIUM_PATH,
  DEMO,
  E2E_AUTH_SECRET,
  E2E_METRICS_TOKEN,
  E2E_SCIM_CLIENT,
  METADATA_FILES,
  RELATED_ORIGIN,
  RESEND_PORT,
  RESEND_URL,
  SERVER_LOGS,
  TWILIO_PORT,
  TWILIO_URL,
  E2E_TWILIO,
} from './e2e/support/servers'
import type { EngineName } from './e2e/engines/support/driver'
import { E2E_WEBHOOK_SECRET } from './e2e/support/webhook-signing'

const ENGINES: EngineName[] = ['chromium', 'firefox', 'webkit']

if (!existsSync(CHROMIUM_PATH)) {
  throw new Error(`Chromium was not found at ${CHROMIUM_PATH}. Install it (apt-get install chromium) or set CHROMIUM_PATH.`)
}

// Fixtures in the test processes read and write the production server's database.
process.env.DATABASE_URL = APP.databaseUrl
process.env.AUTH_SECRET = E2E_AUTH_SECRET
process.env.APP_URL = APP.url
// ... and anchor its audit chain's head where the servers read it.
process.env.AUDIT_ANCHOR_FILE = AUDIT_ANCHOR_FILE

const serverEnv = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  // The test processes load a resolve hook; the servers must not.
  NODE_OPTIONS: '',
  AUTH_SECRET: E2E_AUTH_SECRET,
}

const appEnv = {
  ...serverEnv,
  DATABASE_URL: APP.databaseUrl,
  APP_URL: APP.url,
  RESEND_API_KEY: 're_e2e_loopback',
  RESEND_BASE_URL: RESEND_URL,
  RESEND_WEBHOOK_SECRET: E2E_WEBHOOK_SECRET,
  EMAIL_FROM: 'Passkey Portal <login@portal.test>',
  SIGNUP_POLICY: 'open',
  PORT: String(APP.port),
  // The tests stand in for a reverse proxy: each browser context sends the X-Forwarded-For a proxy would append.
  // The demo server trusts no proxy, as by default.
  TRUSTED_PROXY_HOPS: '1',
  SCIM_TOKENS: `${E2E_SCIM_CLIENT.name}:${createHash('sha256').update(E2E_SCIM_CLIENT.token).digest('hex')}`,
  METRICS_TOKEN: E2E_METRICS_TOKEN,
  AUDIT_ANCHOR_FILE,
  // The pseudo-locale, for the test that finds text no catalogue gave (e2e/i18n).
  PSEUDO_LOCALE: '1',
  // A related origin (WebAuthn L3 §5.11) that may use the portal's passkeys (e2e/sign-in/well-known.spec.ts).
  WEBAUTHN_ORIGINS: `${APP.url},${RELATED_ORIGIN}`,
  // The suite's own FIDO metadata, written by the test that uses it (e2e/policies/verified-authenticators.spec.ts).
  FIDO_MDS_FILE: METADATA_FILES.blob,
  FIDO_MDS_ROOT_FILE: METADATA_FILES.root,
  // Text messages through the real Twilio SDK to the loopback server (e2e/sign-in/sms-sign-in.spec.ts).
  TWILIO_ACCOUNT_SID: E2E_TWILIO.accountSid,
  TWILIO_AUTH_TOKEN: E2E_TWILIO.authToken,
  TWILIO_BASE_URL: TWILIO_URL,
  SMS_FROM: E2E_TWILIO.from,
  SMS_COUNTRIES: 'GB,IE',
}

/** Each server also writes its log lines to a file of its own, which the log scan reads once every test has run. */
const freshLog = (file: string) => `rm -f ${file} && `

export default defineConfig<{ engine: EngineName }>({
  testDir: './e2e',
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  timeout: 60_000,
  // Tests assert what the page shows, not how fast: a server's first request (cold code paths,
  // three servers sharing two cores in CI) can take several seconds before the page updates.
  expect: { timeout: 15_000 },
  use: {
    baseURL: APP.url,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [
    { name: 'chromium', use: { ...devices['Desktop Chrome'] }, testIgnore: [/log-scan\.spec\.ts$/, /e2e\/engines\//, /e2e\/demo\/guide\.spec\.ts$/] },
    // The demo guide's tours follow the demo panel's accounts through the records: they run once the other Chromium
    // specs, which press the same accounts, are done (the engine specs press only the customer, whom no tour uses).
    { name: 'demo-guide', use: { ...devices['Desktop Chrome'] }, testMatch: /e2e\/demo\/guide\.spec\.ts$/, dependencies: ['chromium'] },
    // The cross-engine specs (e2e/engines): the same flows in each engine, driven by that engine's own protocol.
    ...ENGINES.map((engine) => ({ name: `engine-${engine}`, testMatch: /e2e\/engines\/.*\.spec\.ts$/, use: { engine } })),
    // Runs after every other test: reads what the servers logged meanwhile (e2e/harness/log-scan.spec.ts).
    { name: 'logs', testMatch: /log-scan\.spec\.ts$/, dependencies: ['chromium', 'demo-guide', ...ENGINES.map((engine) => `engine-${engine}`)] },
  ],
  webServer: [
    {
      command: `tsx e2e/support/resend-server.ts ${RESEND_PORT}`,
      url: `${RESEND_URL}/__captured`,
      reuseExistingServer: false,
      // It reports delivery to the app as Resend's webhook would (e2e/sign-in/email-delivery.spec.ts).
      env: { ...serverEnv, RESEND_WEBHOOK_URL: `${APP.url}/api/webhooks/resend`, RESEND_WEBHOOK_SECRET: E2E_WEBHOOK_SECRET },
    },
    {
      command: `tsx e2e/support/twilio-server.ts ${TWILIO_PORT}`,
      url: `${TWILIO_URL}/__captured`,
      reuseExistingServer: false,
      env: { ...serverEnv, TWILIO_ACCOUNT_SID: E2E_TWILIO.accountSid, TWILIO_AUTH_TOKEN: E2E_TWILIO.authToken },
    },
    {
      // Production server: email goes through the real Resend SDK to the loopback server.
      // The anchor of the last run's audit log goes with its database: the fresh log would not hold that head.
      command: `${freshLog(SERVER_LOGS.app)}rm -f ${AUDIT_ANCHOR_FILE} && tsx prisma/tool/cli.ts reset && tsx --import ./scripts/register.mjs prisma/seed.ts && node .next/portal-server.mjs`,
      url: `${APP.url}/sign-in`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: { ...appEnv, LOG_FILE: SERVER_LOGS.app },
    },
    {
      // A second instance on the same database, started once the first has reset it.
      command: `${freshLog(SERVER_LOGS.second)}tsx e2e/support/wait-for.ts ${APP.url}/sign-in && node .next/portal-server.mjs`,
      url: `${APP_SECOND_INSTANCE.url}/sign-in`,
      reuseExistingServer: false,
      timeout: 180_000,
      env: { ...appEnv, PORT: String(APP_SECOND_INSTANCE.port), LOG_FILE: SERVER_LOGS.second },
    },
    {
      // The same build in demo mode: email stays in the dev mailbox.
      command: `${freshLog(SERVER_LOGS.demo)}tsx prisma/tool/cli.ts reset && tsx --import ./scripts/register.mjs prisma/seed.ts && node .next/portal-server.mjs`,
      url: `${DEMO.url}/sign-in`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: {
        ...serverEnv,
        DATABASE_URL: DEMO.databaseUrl,
        APP_URL: DEMO.url,
        DEMO_MODE: '1',
        PORT: String(DEMO.port),
        LOG_FILE: SERVER_LOGS.demo,
        // The seed registers the demo's app, as npm run demo does.
        ACME_URL: ACME.url,
        ACME_CLIENT_SECRET: ACME.secret,
      },
    },
    {
      // The demo's app that signs in through the demo server (npm run demo starts it the same way).
      command: 'tsx scripts/acme-expenses.ts',
      url: `${ACME.url}/`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: { ...serverEnv, ACME_ISSUER: DEMO.url, ACME_URL: ACME.url, ACME_PORT: String(ACME.port), ACME_CLIENT_SECRET: ACME.secret },
    },
  ],
})

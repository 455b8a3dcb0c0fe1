import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { DemoAccount } from '../lib/demo/accounts'

/**
 * `npm run demo`: a production build in demo mode on a local SQLite file, with
 * demo users and the dev mailbox, so every flow can be shown without email set
 * up. Running it again reuses the database (and the secret, so sessions last).
 */
const port = process.env.PORT ?? '3000'
const appUrl = process.env.APP_URL ?? `http://localhost:${port}`
// The demo app that signs in through the portal (Acme Expenses) listens on the next port.
const acmePort = String(Number(port) + 1)
const acmeUrl = `http://localhost:${acmePort}`

/** A random secret kept in data/ so a restart reuses it (sessions last, the demo app stays registered). */
function keptSecret(file: string): string {
  mkdirSync(path.dirname(file), { recursive: true })
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 })
  return readFileSync(file, 'utf8').trim()
}

const environment = {
  ...process.env,
  DEMO_MODE: '1',
  DATABASE_URL: process.env.DATABASE_URL ?? 'file:./data/demo.db',
  AUTH_SECRET: process.env.AUTH_SECRET ?? keptSecret(path.resolve('data', 'demo-auth-secret')),
  APP_URL: appUrl,
  ACME_ISSUER: appUrl,
  ACME_URL: acmeUrl,
  ACME_PORT: acmePort,
  ACME_CLIENT_SECRET: keptSecret(path.resolve('data', 'demo-acme-secret')),
  // No "Next.js collects anonymous telemetry" notice or upload during a demo build; set it to 0 to allow it.
  NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED ?? '1',
}

function step(title: string, command: string, args: string[]) {
  console.log(`\n▸ ${title}`)
  const result = spawnSync(command, args, { stdio: 'inherit', env: environment })
  if (result.status !== 0) {
    console.error(`\n${title} failed. Fix the error above and run npm run demo again.`)
    process.exit(result.status ?? 1)
  }
}

const bin = (name: string) => path.resolve('node_modules', '.bin', name)

step('Migrating the demo database', bin('tsx'), ['prisma/tool/cli.ts', 'migrate'])
step('Adding demo users', bin('tsx'), ['--import', './scripts/register.mjs', 'prisma/seed.ts'])
step('Building the app', 'npm', ['run', 'build'])

/** The sign-in page's demo accounts, read from the database as the panel reads them (scripts/demo-panel.ts). */
function panelAccounts(indent: string): string {
  const result = spawnSync(bin('tsx'), ['--import', './scripts/register.mjs', 'scripts/demo-panel.ts'], { env: environment, encoding: 'utf8' })
  const accounts = result.status === 0 ? (JSON.parse(result.stdout) as DemoAccount[]) : []
  if (accounts.length === 0) return 'the "Demo accounts" panel on the sign-in page'
  const width = Math.max(...accounts.map((account) => account.label.length))
  return accounts.map((account) => `${account.label.padEnd(width)}  ${account.name} <${account.email}>, ${account.group}`).join(`\n${indent}`)
}

console.log(`
Passkey Portal demo is starting on ${appUrl}

  Open          ${appUrl}
  Demo mailbox  ${appUrl}/dev/mailbox   (every email the portal sends lands here)
  Demo users    one press on the sign-in page's "Demo accounts" panel signs in as
                ${panelAccounts('                ')}
  Demo app      ${acmeUrl}   (Acme Expenses: signs in through the portal, asks for a passkey to approve a payment)
  Demo CLI      npm run demo:cli        (Acme CLI: signs in with a code you type at ${appUrl}/activate, then calls Acme's API)

Stop it with Ctrl+C. Run npm run demo again to restart with the same data.
`)
const server = spawn(process.execPath, ['.next/portal-server.mjs'], { stdio: 'inherit', env: { ...environment, PORT: port } })
const acme = spawn(bin('tsx'), ['scripts/acme-expenses.ts'], { stdio: 'inherit', env: environment })
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.kill(signal)
    acme.kill(signal)
  })
}
server.on('exit', (code) => {
  acme.kill('SIGTERM')
  process.exit(code ?? 0)
})

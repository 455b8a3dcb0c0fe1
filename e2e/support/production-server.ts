import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { E2E_AUTH_SECRET, RESEND_URL } from './servers'

/**
 * A production server of the portal that one test owns (its own port and
 * database), with email through the suite's Resend loopback server. Its log
 * lines are collected; `exited` resolves with its exit code.
 */
export type OwnServer = { url: string; process: ChildProcess; lines: string[]; exited: Promise<number | null> }

const baseEnv = (databaseUrl: string) => ({
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  NODE_OPTIONS: '',
  NODE_ENV: 'production' as const,
  DATABASE_URL: databaseUrl,
})

/** Applies the migrations to a test's database. */
export function migrate(databaseUrl: string): void {
  execFileSync(path.resolve('node_modules/.bin/tsx'), ['prisma/tool/cli.ts', 'migrate'], { env: baseEnv(databaseUrl), stdio: ['ignore', 'ignore', 'inherit'] })
}

export async function startOwnServer(port: number, databaseUrl: string, extra: Record<string, string> = {}): Promise<OwnServer> {
  const url = `http://localhost:${port}`
  const child = spawn(process.execPath, ['.next/portal-server.mjs'], {
    env: {
      ...baseEnv(databaseUrl),
      PORT: String(port),
      AUTH_SECRET: E2E_AUTH_SECRET,
      APP_URL: url,
      RESEND_API_KEY: 're_e2e_loopback',
      RESEND_BASE_URL: RESEND_URL,
      EMAIL_FROM: 'Passkey Portal <login@portal.test>',
      SIGNUP_POLICY: 'open',
      TRUSTED_PROXY_HOPS: '1',
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  for (let tries = 0; ; tries++) {
    if (child.exitCode !== null) throw new Error(`the server exited early:\n${lines.join('\n')}`)
    if (tries > 240) {
      child.kill('SIGTERM')
      throw new Error(`${url} did not answer`)
    }
    const up = await fetch(`${url}/healthz`).then(
      (response) => response.ok,
      () => false,
    )
    if (up) break
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  return { url, process: child, lines, exited }
}

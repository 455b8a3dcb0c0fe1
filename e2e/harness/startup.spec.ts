import { spawn } from 'node:child_process'
import { connect } from 'node:net'
import { networkInterfaces } from 'node:os'
import { expect, test } from '@playwright/test'

/** Starts the production build with the portal's server and `env`; returns its exit code and output. */
function startServer(env: Record<string, string>, port: number, until?: RegExp): Promise<{ code: number | null; output: string; stop: () => void }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['.next/portal-server.mjs'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', PORT: String(port), ...env },
    })
    const stop = () => child.kill('SIGTERM')
    let output = ''
    const read = (chunk: Buffer) => {
      output += chunk
      if (until?.test(output)) resolve({ code: null, output, stop })
    }
    child.stdout.on('data', read)
    child.stderr.on('data', read)
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, output, stop })
    })
  })
}

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    socket.once('connect', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
  })
}

test('a missing AUTH_SECRET stops start-up with a message naming it', async () => {
  const { code, output } = await startServer({ DEMO_MODE: '1' }, 3190)
  expect(code).toBe(1)
  expect(output).toContain('AUTH_SECRET is required')
})

test('a production server with no email provider and no demo mode refuses to start', async () => {
  const { code, output } = await startServer({ AUTH_SECRET: 'x'.repeat(40) }, 3191)
  expect(code).toBe(1)
  expect(output).toContain('RESEND_API_KEY is required in production')
})

test('an invalid APP_URL is named', async () => {
  const { code, output } = await startServer({ AUTH_SECRET: 'x'.repeat(40), DEMO_MODE: '1', APP_URL: 'not a url' }, 3192)
  expect(code).toBe(1)
  expect(output).toContain('APP_URL')
})

test('demo mode listens on this machine only, and says loudly what it exposes', async () => {
  const port = 3193
  const server = await startServer(
    { AUTH_SECRET: 'x'.repeat(40), DEMO_MODE: '1', DATABASE_URL: 'file:./data/e2e/startup-demo.db' },
    port,
    /Never run demo mode/,
  )
  try {
    expect(server.output).toContain('listening on 127.0.0.1, port 3193')
    expect(server.output).toContain('DEMO MODE: every email, code and sign-in link is shown at /dev/mailbox.')
    expect(await accepts('127.0.0.1', port)).toBe(true)
    // Any other address of this machine (where it has one) is refused.
    const external = Object.values(networkInterfaces())
      .flat()
      .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)
    if (external) expect(await accepts(external.address, port)).toBe(false)
  } finally {
    server.stop()
  }
})

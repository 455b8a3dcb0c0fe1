import { spawn } from 'node:child_process'
import path from 'node:path'
import { expect, test } from '@playwright/test'

/** Starts the production build with `env` and returns its exit code and output. */
function startServer(env: Record<string, string>, port: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(path.resolve('node_modules/.bin/next'), ['start', '-p', String(port)], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', ...env },
    })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    })
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

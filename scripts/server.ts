import { createServer } from 'node:http'
import { isIP } from 'node:net'
import next from 'next'
import { attachClientAddress } from '../lib/web/client-address'
import { answerBenchProbe } from './bench-probe'
import { EnvError, env } from '../lib/env'
import { loadProjectEnv } from './load-env'

/**
 * The portal's HTTP server: Next.js behind a thin Node server of our own, so
 * the app learns the client's address from the connection itself. `next
 * start` keeps a client's X-Forwarded-For as it came, which would let a client
 * choose its own address for rate limits and the history. `npm run build`
 * bundles it into .next/portal-server.mjs, which `npm start` runs with plain
 * node; `npm run dev` runs this file through tsx with --dev.
 */
const dev = process.argv.includes('--dev')
Object.assign(process.env, { NODE_ENV: process.env.NODE_ENV ?? (dev ? 'development' : 'production') })
loadProjectEnv()

let config: ReturnType<typeof env>
try {
  config = env()
} catch (error) {
  if (!(error instanceof EnvError)) throw error
  console.error(error.message)
  process.exit(1)
}

const { port, host, trustedProxyHops } = config.server
const loopback = host !== undefined && (host === 'localhost' || host.startsWith('127.') || host === '::1')

answerBenchProbe()
const app = next({ dev, hostname: host && isIP(host) !== 6 ? host : 'localhost', port })
const handle = app.getRequestHandler()
await app.prepare()

const server = createServer((request, response) => {
  attachClientAddress(request, trustedProxyHops, config.authSecret)
  void handle(request, response)
})

server.listen(port, host, () => {
  console.log(
    `▸ ${config.appName} listening on ${host ?? 'every interface'}, port ${port} (${dev ? 'development' : 'production'}; trusted proxy hops: ${trustedProxyHops})`,
  )
  if (config.demoMode) {
    const exposure = loopback
      ? 'It listens on this machine only (set HOST to change that).'
      : `It listens on ${host ?? 'every interface'}: ANYONE WHO CAN REACH IT CAN SIGN IN AS ANY ACCOUNT.`
    console.warn(
      `\n${'!'.repeat(78)}\n  DEMO MODE: every email, code and sign-in link is shown at /dev/mailbox.\n  ${exposure}\n  Never run demo mode with real accounts or on a shared network.\n${'!'.repeat(78)}\n`,
    )
  }
})

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close(() => process.exit(0))
    server.closeIdleConnections()
  })
}

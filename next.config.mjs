import createNextIntlPlugin from 'next-intl/plugin'

const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
]

/**
 * Plain JavaScript, not next.config.ts: Next.js compiles a TypeScript config
 * with its native SWC binding every time the server starts, which kept that
 * binding in the production server's memory (27 MB of resident memory at
 * start, docs/performance.md). The type annotation keeps the editor's checks.
 *
 * @type {import('next').NextConfig}
 */
const nextConfig = {
  poweredByHeader: false,
  // Native and WebAssembly database drivers load from node_modules at run time; so does prom-client, whose
  // registry the portal's server and the app share (lib/ops/metrics.ts), and oidc-provider, whose one instance they
  // share too (lib/oidc/provider.ts). pino is external by Next.js's own list.
  serverExternalPackages: ['better-sqlite3', '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg', 'pg', 'prom-client', 'oidc-provider'],
  experimental: {
    serverActions: { bodySizeLimit: '100kb' },
    // The proxy reads action bodies (proxy.ts); it needs no more than a little over the 100 KB it allows.
    proxyClientMaxBodySize: '128kb',
    // Import only the WebAuthn helpers a page uses, not the whole package (it has no side effects).
    optimizePackageImports: ['@simplewebauthn/browser'],
    // Load a route's code on its first request, not every route's at start: the preload ran beside the first
    // request on the server's one core and kept all 24 API routes' bundles (a copy of Next.js's route runtime each)
    // in memory, most of which an instance never serves (docs/decisions/0024-memory-and-start.md).
    preloadEntriesOnStart: false,
  },
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }]
  },
}

// next-intl reads each request's language, zone and catalogue from lib/i18n/request.ts (ADR 26).
const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts')

export default withNextIntl(nextConfig)

import type { NextConfig } from 'next'

const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
]

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Native and WebAssembly database drivers load from node_modules at run time.
  serverExternalPackages: ['better-sqlite3', '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg', 'pg'],
  experimental: {
    serverActions: { bodySizeLimit: '100kb' },
    // The proxy reads action bodies (proxy.ts); it needs no more than a little over the 100 KB it allows.
    proxyClientMaxBodySize: '128kb',
    // Import only the WebAuthn helpers a page uses, not the whole package (it has no side effects).
    optimizePackageImports: ['@simplewebauthn/browser'],
  },
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }]
  },
}

export default nextConfig

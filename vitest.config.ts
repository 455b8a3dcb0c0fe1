import { createRequire } from 'node:module'
import path from 'node:path'
import { defineConfig } from 'vitest/config'

const require = createRequire(import.meta.url)

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      // Tests run server code outside React's server environment, where this marker is empty too.
      'server-only': path.join(path.dirname(require.resolve('server-only')), 'empty.js'),
    },
  },
  test: {
    name: process.env.TEST_DB_PROVIDER === 'postgresql' ? 'postgresql' : 'sqlite',
    environment: 'node',
    include: ['lib/**/*.test.{ts,tsx}', 'prisma/**/*.test.ts', 'scripts/**/*.test.ts'],
    globalSetup: ['testing/global-setup.ts'],
    setupFiles: ['testing/database-per-file.ts'],
    // The definers' coverage test imports route modules, which reach next-auth; its ESM build imports
    // `next/server` without an extension, which only a bundler resolves.
    server: { deps: { inline: ['next-auth'] } },
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})

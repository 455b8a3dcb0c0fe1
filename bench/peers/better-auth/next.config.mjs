import path from 'node:path'

const root = path.dirname(new URL(import.meta.url).pathname)

// Its own root: the portal around it has a lock file and files of its own that this app must not pick up.
export default { serverExternalPackages: ['better-sqlite3', 'pg'], outputFileTracingRoot: root, turbopack: { root } }

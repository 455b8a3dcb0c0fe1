import module from 'node:module'
import { setFlagsFromString } from 'node:v8'

/**
 * The production server's first module (.next/portal-server.mjs): it sets up
 * the runtime before the server's modules load, then loads them
 * (docs/decisions/0024-memory-and-start.md).
 *
 * - The old generation grows to at most one and a half times what survived
 *   the last full collection. V8's default lets it grow up to four times
 *   under a high allocation rate: at concurrency 50 the heap's pages reached
 *   470 MB around some 95 MB of live objects, and stayed resident afterwards.
 *   It is a growth rate, not a limit: the heap still grows as far as the live
 *   objects need, at the cost of more frequent full collections.
 * - Node.js 22 and later keep the compiled code of the modules they load on
 *   disk, so a restart skips most of the compiling (the start-up is mostly
 *   module compiling). Node.js 20 has no such cache and starts as before.
 */
setFlagsFromString('--heap-growing-percent=50')
;(module as { enableCompileCache?: () => unknown }).enableCompileCache?.()
// A variable specifier: the bundler leaves it to run time, where the server's bundle sits beside this file.
const server = './portal-server-main.mjs'
await import(server)

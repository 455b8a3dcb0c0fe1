import { execFileSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

/**
 * A PostgreSQL cluster a test owns, in a temporary directory on its own port,
 * so it can be stopped and started without touching the shared server. Made
 * with the installed server's initdb and pg_ctl (as the postgres user when
 * the tests run as root, which initdb refuses).
 */
export type OwnPostgres = { url: string; stop: () => void; start: () => void; remove: () => void }

function binDirectory(): string | null {
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim()
  } catch {
    const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort() : []
    const newest = versions.at(-1)
    return newest ? `/usr/lib/postgresql/${newest}/bin` : null
  }
}

export function postgresBinariesFound(): boolean {
  const bin = binDirectory()
  return bin !== null && existsSync(path.join(bin, 'initdb')) && existsSync(path.join(bin, 'pg_ctl'))
}

export function createOwnPostgres(port: number): OwnPostgres {
  const bin = binDirectory()!
  const directory = mkdtempSync(path.join(tmpdir(), 'portal-pg-'))
  const data = path.join(directory, 'data')
  const asRoot = process.getuid?.() === 0
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
    chownSync(directory, uid, gid)
  }
  const run = (tool: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args], { stdio: 'ignore' })
      : execFileSync(path.join(bin, tool), args, { stdio: 'ignore' })
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync'])
  const start = () =>
    run('pg_ctl', [
      '-D',
      data,
      '-l',
      path.join(directory, 'server.log'),
      '-w',
      '-o',
      `-p ${port} -k ${directory} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ])
  const stop = () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'])
  start()
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    remove: () => {
      try {
        stop()
      } catch {
        // already stopped
      }
      rmSync(directory, { recursive: true, force: true })
    },
  }
}

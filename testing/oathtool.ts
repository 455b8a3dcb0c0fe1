import { execFileSync } from 'node:child_process'

/** A TOTP code from oathtool (OATH Toolkit), an implementation independent of ours, for a given moment. */
export function oathtool(secret: string, at: Date): string {
  const moment = at
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC')
  return execFileSync('oathtool', ['--totp', '--base32', `--now=${moment}`, secret], { encoding: 'utf8' }).trim()
}

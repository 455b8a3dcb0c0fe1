import { recordEvent } from '../lib/audit/record'
import { ACTIVATION_DELAY_MS, PUBLISH_RETIRED_MS, rotateSigningKeys } from '../lib/oidc/keys'
import { loadProjectEnv } from './load-env'

/**
 * `npm run oidc:rotate-keys`: starts a rotation of the OpenID Connect signing
 * keys (lib/oidc/keys.ts). The new keys are published at once and sign a
 * few minutes later, once every running instance has picked them up; the
 * old ones stay published for a day, longer than their tokens live.
 */
async function main() {
  loadProjectEnv()
  const { kids, activatesAt } = await rotateSigningKeys()
  await recordEvent({ type: 'oidc_keys_rotated', result: 'success', actorName: 'command line', detail: { kids: kids.join(' ') } })
  if (activatesAt.getTime() <= Date.now()) {
    console.log(`New signing keys ${kids.join(', ')}: there were none in use, so they sign at once.`)
    return
  }
  console.log(`New signing keys ${kids.join(', ')}: published now, signing in ${ACTIVATION_DELAY_MS / 60_000} minutes (at ${activatesAt.toISOString()}).`)
  console.log(`The current keys stop signing then and stay published for ${PUBLISH_RETIRED_MS / 3_600_000} hours.`)
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  },
)

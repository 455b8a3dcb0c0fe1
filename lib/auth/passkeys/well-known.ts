import { env } from '../../env'

/**
 * A Well-Known URL for Relying Party Passkey Endpoints (W3C Working Draft):
 * where a password manager sends someone to add a passkey for this site, and
 * to manage the ones they have. Both are account pages; a signed-out visitor
 * signs in first and comes back.
 */
export function passkeyEndpoints(): { enroll: string; manage: string } {
  const { appUrl } = env()
  return { enroll: `${appUrl}/account/passkeys#add-passkey`, manage: `${appUrl}/account/passkeys` }
}

/**
 * WebAuthn L3 §5.11, related origin requests: the origins besides the relying
 * party's own that may use its passkeys, which a browser fetches from
 * https://{rpId}/.well-known/webauthn before it lets such an origin ask. The
 * list is WEBAUTHN_ORIGINS, the same list the server accepts in an answer's
 * client data (./webauthn.ts), so the two never disagree.
 */
export function relatedOrigins(): { origins: string[] } {
  return { origins: env().webauthn.origins }
}

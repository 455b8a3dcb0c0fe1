import { OIDC_PATH } from './endpoints'

const INTERACTION_RETURN = new RegExp(`^${OIDC_PATH}/interaction/([A-Za-z0-9_-]{10,64})$`)

/** The app request (an OpenID Connect interaction id) a step-up's return path leads back to; null for any other path. */
export function appRequestIn(returnTo: string | null | undefined): string | null {
  return (returnTo && INTERACTION_RETURN.exec(returnTo)?.[1]) || null
}

/** The step-up's audit detail naming the app request it was made for, if any. */
export function appRequestDetail(returnTo: string | null | undefined): { appRequest: string } | undefined {
  const uid = appRequestIn(returnTo)
  return uid ? { appRequest: uid } : undefined
}

/**
 * Whether this session's last proof approves what app request `uid` asks
 * (RFC 9396 authorization_details). Seeing what is approved is part of the
 * approval: only a step-up made for this request on the confirmation page,
 * which shows the approval above its prompts, counts (the step-up records it
 * as `verifiedFor`). A sign-in, even a passkey one made during the request,
 * showed nothing and approves nothing. When the app asks for a passkey, that
 * step-up must have been made with one, not only the sign-in before it.
 */
export function approvalProven(session: { verifiedFor: string | null; verifiedMethod: string }, uid: string, passkeyRequired: boolean): boolean {
  return session.verifiedFor === uid && (!passkeyRequired || session.verifiedMethod === 'passkey')
}

import 'server-only'
import { recordEvent } from '../../audit/record'
import { db } from '../../db'
import { defaultGroupId } from '../../policy/groups'
import type { RequestContext } from '../../web/request-context'
import { deleteSessionBySecret, issueSession, type IssuedSession, type SignInMethod } from './store'

/** Whom a sign-in is for: an existing account's id, or the address of an account open sign-up creates now. */
export type SignInAccount = string | { newAccount: string }

/** `capabilities`: what the browser said it can do with passkeys (./device-report.ts), stored with the session. */
type StartOptions = { previousSecret?: string; startedAt?: Date; now?: Date; passkeyDeviceBound?: boolean; capabilities?: string | null }

/**
 * What every sign-in method does once the user is proven: end the browser's
 * previous session, if any (a new id each time stops session fixation),
 * insert the new one and write the sign-in history entry. Two statements for
 * a browser without a session. The cookie is set by the caller.
 * With `startedAt` (when the email was asked for, or the passkey challenge
 * handed out), the entry carries the time from request to session, which the
 * rollout dashboard reports as time to sign in.
 * A new account is created in one transaction with its first session and
 * both history entries: a fault on the way leaves no account without one.
 */
export async function startSession(
  account: SignInAccount,
  method: SignInMethod,
  context: RequestContext,
  options: StartOptions = {},
): Promise<IssuedSession & { userId: string }> {
  if (typeof account !== 'string') return startFirstSession(account.newAccount, method, context, options)
  const userId = account
  if (options.previousSecret) await deleteSessionBySecret(options.previousSecret)
  const issued = await issueSession(userId, method, context, undefined, undefined, {
    passkeyDeviceBound: options.passkeyDeviceBound,
    capabilities: options.capabilities,
  })
  await recordEvent(signInEvent(userId, method, context, issued.sessionId, options))
  return { ...issued, userId }
}

async function startFirstSession(
  email: string,
  method: SignInMethod,
  context: RequestContext,
  options: StartOptions,
): Promise<IssuedSession & { userId: string }> {
  const groupId = await defaultGroupId()
  const now = options.now ?? new Date()
  try {
    return await createAccountWithSession(email, groupId, method, context, options, now)
  } catch (error) {
    if ((error as { code?: string }).code !== 'P2002') throw error
    // Another sign-in of the same, proven, address created the account meanwhile: this one signs in to it too.
    const existing = await db().user.findUnique({ where: { email }, select: { id: true, status: true } })
    if (existing?.status !== 'active') throw error
    return startSession(existing.id, method, context, options)
  }
}

function createAccountWithSession(email: string, groupId: string, method: SignInMethod, context: RequestContext, options: StartOptions, now: Date) {
  return db().$transaction(async (tx) => {
    if (options.previousSecret) await deleteSessionBySecret(options.previousSecret, tx)
    // New accounts join the default group (lib/policy/groups.ts); the address was just proven.
    const { id: userId } = await tx.user.create({ data: { email, emailVerifiedAt: now, groupId }, select: { id: true } })
    const issued = await issueSession(userId, method, context, now, tx, { passkeyDeviceBound: options.passkeyDeviceBound, capabilities: options.capabilities })
    await recordEvent({ type: 'account_created', result: 'success', userId, method, context }, now, tx)
    await recordEvent(signInEvent(userId, method, context, issued.sessionId, options), now, tx)
    return { ...issued, userId }
  })
}

function signInEvent(userId: string, method: SignInMethod, context: RequestContext, sessionId: string, options: StartOptions) {
  const durationMs = options.startedAt ? signInDuration(options.startedAt, options.now ?? new Date()) : null
  return {
    type: 'sign_in' as const,
    result: 'success' as const,
    userId,
    method,
    sessionId,
    context,
    ...(durationMs === null ? {} : { detail: { durationMs } }),
  }
}

/** Whole milliseconds from request to session; none for a clock that went backwards or a request older than a day. */
function signInDuration(startedAt: Date, now: Date): number | null {
  const ms = now.getTime() - startedAt.getTime()
  return Number.isFinite(ms) && ms >= 0 && ms < 86_400_000 ? Math.round(ms) : null
}

/** The account argument for a completed email challenge's user. */
export function accountOf(user: { id: string; created: false } | { id: null; created: true; email: string }): SignInAccount {
  return user.created ? { newAccount: user.email } : user.id
}

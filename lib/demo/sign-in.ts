import 'server-only'
import { createSession } from '../auth/session/start'
import type { UseCaseContext } from '../use-case'
import { demoAccountFor } from './accounts'

/**
 * Demo mode's one-press sign-in as one of the demo organisation's panel
 * accounts (anyone with the demo mailbox could sign in as them anyway),
 * recorded as a demo sign-in (demoAccountFor). Outside demo mode, or for any
 * other account, it is refused like an unknown action.
 */
export async function demoSignIn(input: { account: string }, ctx: UseCaseContext): Promise<{ ok: true } | { ok: false; reason: 'not_found' }> {
  const account = await demoAccountFor(input.account)
  if (!account) return { ok: false, reason: 'not_found' }
  await createSession(account.id, account.method, ctx)
  return { ok: true }
}

import 'server-only'
import { db } from '../db'
import { env } from '../env'
import { deliverSecurityNotice, eventFacts } from '../notices/delivery'
import type { RequestContext } from '../web/request-context'

/**
 * The break-glass administrator (ADR 14) is for emergencies only: every one of
 * its sign-ins is announced to every other active administrator, with the
 * usual facts (when, browser, IP), so its use can never go unnoticed.
 */
export async function sendBreakGlassNotice(input: { userId: string; context: RequestContext; at?: Date }): Promise<void> {
  const [account, admins] = await Promise.all([
    db().user.findUnique({ where: { id: input.userId }, select: { email: true } }),
    // Through the User (role) index.
    db().user.findMany({ where: { role: 'admin', status: 'active', id: { not: input.userId } }, select: { email: true } }),
  ])
  if (!account || admins.length === 0) return
  const { appName, appUrl } = env()
  await deliverSecurityNotice(
    admins.map((admin) => admin.email),
    {
      appName,
      title: 'The break-glass administrator signed in',
      summary: `The emergency administrator account ${account.email} was just used to sign in. It is meant for emergencies only.`,
      details: eventFacts(input.at ?? new Date(), input.context),
      reviewUrl: `${appUrl}/admin/people/${input.userId}`,
      reviewLabel: 'Review the account',
      ifNotYou: 'If nobody on your team expected this, suspend the account from the people page and rotate its passkey.',
      activity: false,
    },
    { userId: input.userId, reason: 'break_glass_sign_in', context: input.context },
  )
}

import 'server-only'
import { env } from '../env'
import { noticeAddressee } from '../notices/addresses'
import { deliverSecurityNotice, eventFacts } from '../notices/delivery'
import type { RequestContext } from '../web/request-context'

/**
 * The emails about a waiting recovery (lib/recovery/waiting-recovery.ts), to
 * every address of the account: when it takes effect, with the link that
 * stops it; and that it was stopped. Whoever asked chose the language only
 * where the person saved none, as for any recovery notice.
 */

export async function sendRecoveryWaitingNotice(input: { userId: string; readyAt: Date; stopToken: string; context: RequestContext; at: Date }): Promise<void> {
  const { appUrl } = env()
  await deliverSecurityNotice({
    to: await noticeAddressee(input.userId),
    own: true,
    record: { userId: input.userId, reason: 'recovery_scheduled', context: input.context },
    write: (tr) => ({
      title: tr.t('notices.recoveryWaiting.title'),
      summary: tr.t('notices.recoveryWaiting.summary', { time: tr.format.dateTime(input.readyAt, 'time') }),
      details: eventFacts(tr, input.at, input.context),
      reviewUrl: `${appUrl}/recover/stop?token=${input.stopToken}`,
      reviewLabel: tr.t('notices.recoveryWaiting.stop'),
      ifNotYou: tr.t('notices.recoveryWaiting.ifNotYou'),
    }),
  })
}

/** Who stopped a waiting recovery: the account from a signed-in session, a browser it signed in with, the browser that asked, or the account's rules. */
export type StoppedBy = 'session' | 'known_browser' | 'requester' | 'policy'

export async function sendRecoveryStoppedNotice(input: { userId: string; by: StoppedBy; context: RequestContext; at: Date }): Promise<void> {
  const { appUrl } = env()
  await deliverSecurityNotice({
    to: await noticeAddressee(input.userId),
    own: false,
    record: { userId: input.userId, reason: 'recovery_cancelled', context: input.context },
    write: (tr) => ({
      title: tr.t('notices.recoveryStopped.title'),
      summary: tr.t('notices.recoveryStopped.summary', { by: input.by }),
      details: eventFacts(tr, input.at, input.context),
      reviewUrl: `${appUrl}/account/activity`,
      reviewLabel: tr.t('notices.recoveryStopped.review'),
      ifNotYou: tr.t('notices.recoveryStopped.ifNotYou'),
    }),
  })
}

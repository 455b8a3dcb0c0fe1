import { getFormatter, getTranslations } from 'next-intl/server'
import { waitingRecoveryOf } from '@/lib/recovery/waiting-recovery'
import { StopWaitingRecoveryForm } from './stop-waiting-recovery-form'

/**
 * On every account page while a recovery of the account by email alone is
 * waiting: when it takes effect, and the button that stops it at once. One
 * read through (userId, status).
 */
export async function WaitingRecoveryBanner({ userId }: { userId: string }) {
  const waiting = await waitingRecoveryOf(userId)
  if (!waiting) return null
  const [t, format] = await Promise.all([getTranslations('account.recoveryBanner'), getFormatter()])
  return (
    <StopWaitingRecoveryForm
      text={t('text', { time: format.dateTime(waiting.readyAt, 'time') })}
      labels={{ ifNotYou: t('ifNotYou'), stop: t('stop'), stopping: t('stopping'), stopped: t('stopped') }}
    />
  )
}

import { getFormatter, getTranslations } from 'next-intl/server'
import { data, timeTag } from '@/components/ui/data'
import type { StreamSummary } from '@/lib/oidc/apps'

/**
 * An app's security event stream on its line of the apps page (lib/ssf): whether it is on, where the
 * events go, when the last one was taken, how many wait, and the last problem with when it is tried again.
 */
export async function StreamStatus({ signals }: { signals: StreamSummary | null }) {
  const [t, format] = await Promise.all([getTranslations('admin.apps.signals'), getFormatter()])
  if (!signals) return <>{t('none')}</>
  const at = (date: Date) => ({ at: format.dateTime(date, 'time'), time: timeTag(date) })
  return (
    <ul className="space-y-0.5">
      <li>{t.rich(signals.status, { endpoint: signals.endpointUrl, data })}</li>
      <li>{signals.lastDeliveredAt ? t.rich('delivered', at(signals.lastDeliveredAt)) : t('neverDelivered')}</li>
      {signals.waiting > 0 ? <li>{t('waiting', { count: signals.waiting })}</li> : null}
      {signals.lastError ? (
        <li className="text-red-700 dark:text-red-400">
          {signals.retryAt
            ? t.rich('problemRetry', { problem: signals.lastError, data, ...at(signals.retryAt) })
            : t.rich('problem', { problem: signals.lastError, data })}
        </li>
      ) : null}
    </ul>
  )
}

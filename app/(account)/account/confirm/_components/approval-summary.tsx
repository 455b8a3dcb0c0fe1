import { getLocale, getTranslations } from 'next-intl/server'
import { data } from '@/components/ui/data'
import { Card } from '@/components/ui/card'
import type { ApprovalRequest } from '@/lib/oidc/approval-request'

/**
 * What an app asks this person to approve (RFC 9396 authorization_details),
 * shown before the passkey prompt that approves it: the amount in the
 * reader's own notation, the payee and the app as the data they are (never
 * translated, never markup: React escapes them).
 */
export async function ApprovalSummary({ request }: { request: ApprovalRequest }) {
  const [t, locale] = await Promise.all([getTranslations('account.approval'), getLocale()])
  const { amount, currency, payee } = request.approval
  const formatted = new Intl.NumberFormat(locale, { style: 'currency', currency }).format(Number(amount))
  return (
    <Card labelledBy="approval-heading" className="mb-5 max-w-md border-amber-300 dark:border-amber-800">
      <h2 id="approval-heading" className="text-lg font-semibold break-words" data-testid="approval-summary">
        {t.rich('heading', { amount: formatted, payee, data })}
      </h2>
      <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">{t.rich('body', { app: request.appName, data })}</p>
    </Card>
  )
}

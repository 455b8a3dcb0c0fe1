import { getTranslations } from 'next-intl/server'
import { ReportAccessCodeForm } from '@/app/(auth)/recover/report/_components/report-access-code-form'
import { Card } from '@/components/ui/card'
import { describeReportLink } from '@/lib/recovery/access-codes'

export async function generateMetadata() {
  const t = await getTranslations('recovery.report')
  return { title: t('title'), referrer: 'no-referrer' as const }
}

/**
 * Opened from the "A recovery code was issued" email. Opening it changes
 * nothing (mail scanners open links); only the button stops the code.
 */
export default async function ReportAccessCodePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await searchParams
  const value = typeof token === 'string' ? token : ''
  const [t, state] = await Promise.all([getTranslations('recovery.report'), describeReportLink(value)])
  return (
    <Card>
      <h1 className="text-2xl font-bold tracking-tight">{t('heading')}</h1>
      {state === 'active' ? (
        <>
          <p className="mt-2 mb-6 text-zinc-600 dark:text-zinc-400">{t('active')}</p>
          <ReportAccessCodeForm token={value} labels={{ stop: t('stop'), stopping: t('stopping'), stopped: t('stopped'), inactive: t('inactive') }} />
        </>
      ) : (
        <p className="mt-2 text-zinc-600 dark:text-zinc-400" data-testid="report-state">
          {t(state)}
        </p>
      )}
    </Card>
  )
}

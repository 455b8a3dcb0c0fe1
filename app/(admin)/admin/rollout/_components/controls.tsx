import Link from 'next/link'
import { getFormatter, getTranslations } from 'next-intl/server'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { TextField } from '@/components/ui/field'
import { FilterSelect } from '@/components/ui/filter-select'
import type { RolloutFilter } from '@/lib/rollout/period'

/** Any break-glass sign-in of the period, at the top of the dashboard (ADR 14). */
export async function BreakGlassFlag({ signIns }: { signIns: { at: Date }[] }) {
  if (signIns.length === 0) return null
  const [t, format] = await Promise.all([getTranslations('rollout.breakGlass'), getFormatter()])
  const last = signIns[0]!.at
  return (
    <section
      role="alert"
      className="mb-6 rounded-xl border border-red-300 bg-red-50 p-4 text-red-950 dark:border-red-800 dark:bg-red-950/50 dark:text-red-100"
      data-testid="break-glass-flag"
    >
      <h2 className="font-semibold">{t('heading', { count: signIns.length })}</h2>
      <p className="mt-1 text-sm">
        {t.rich('body', {
          count: signIns.length,
          at: format.dateTime(last, 'time'),
          time: (chunks) => (
            <time dateTime={last.toISOString()} translate="no" className="whitespace-nowrap">
              {chunks}
            </time>
          ),
        })}{' '}
        <Link href="/admin/audit?type=break_glass_sign_in" className="font-semibold underline">
          {t('auditLink')}
        </Link>
      </p>
    </section>
  )
}

/** The period and the group the figures are for (a GET form: the page's address says what it shows). */
export async function RolloutControls({
  filter,
  groupId,
  groups,
}: {
  filter: RolloutFilter
  groupId: string | null
  groups: { value: string; label: string; data?: boolean }[]
}) {
  const t = await getTranslations('rollout.controls')
  return (
    <Card className="mb-6">
      <form method="get" className="grid gap-3 sm:grid-cols-4">
        <FilterSelect
          id="range"
          label={t('period')}
          value={filter.range ?? '30'}
          options={[
            { value: '7', label: t('last7') },
            { value: '30', label: t('last30') },
            { value: '90', label: t('last90') },
            { value: 'custom', label: t('custom') },
          ]}
        />
        <TextField id="from" name="from" type="date" label={t('from')} defaultValue={filter.from ?? ''} />
        <TextField id="to" name="to" type="date" label={t('to')} defaultValue={filter.to ?? ''} />
        <FilterSelect id="group" label={t('group')} value={groupId ?? undefined} options={groups} />
        <div className="sm:col-span-4">
          <Button type="submit" variant="secondary">
            {t('show')}
          </Button>
        </div>
      </form>
    </Card>
  )
}

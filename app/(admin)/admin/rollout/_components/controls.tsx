import Link from 'next/link'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { TextField } from '@/components/ui/field'
import { FilterSelect } from '@/components/ui/filter-select'
import type { RolloutFilter } from '@/lib/rollout/period'

/** Any break-glass sign-in of the period, at the top of the dashboard (ADR 14). */
export function BreakGlassFlag({ signIns }: { signIns: { at: Date }[] }) {
  if (signIns.length === 0) return null
  return (
    <section
      role="alert"
      className="mb-6 rounded-xl border border-red-300 bg-red-50 p-4 text-red-950 dark:border-red-800 dark:bg-red-950/50 dark:text-red-100"
      data-testid="break-glass-flag"
    >
      <h2 className="font-semibold">Break-glass sign-ins: {signIns.length}</h2>
      <p className="mt-1 text-sm">
        The emergency administrator signed in {signIns.length === 1 ? 'once' : `${signIns.length} times`} in this period, last on{' '}
        {signIns[0]!.at.toISOString().slice(0, 16).replace('T', ' ')} UTC.{' '}
        <Link href="/admin/audit?type=break_glass_sign_in" className="font-semibold underline">
          See them in the audit log
        </Link>
      </p>
    </section>
  )
}

/** The period and the group the figures are for (a GET form: the page's address says what it shows). */
export function RolloutControls({ filter, groupId, groups }: { filter: RolloutFilter; groupId: string | null; groups: { value: string; label: string }[] }) {
  return (
    <Card className="mb-6">
      <form method="get" className="grid gap-3 sm:grid-cols-4">
        <FilterSelect
          id="range"
          label="Period"
          value={filter.range ?? '30'}
          options={[
            { value: '7', label: 'Last 7 days' },
            { value: '30', label: 'Last 30 days' },
            { value: '90', label: 'Last 90 days' },
            { value: 'custom', label: 'Custom dates' },
          ]}
        />
        <TextField id="from" name="from" type="date" label="From (custom)" defaultValue={filter.from ?? ''} />
        <TextField id="to" name="to" type="date" label="To (custom)" defaultValue={filter.to ?? ''} />
        <FilterSelect id="group" label="Group" value={groupId ?? undefined} options={groups} />
        <div className="sm:col-span-4">
          <Button type="submit" variant="secondary">
            Show
          </Button>
        </div>
      </form>
    </Card>
  )
}

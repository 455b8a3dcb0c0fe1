import { z } from 'zod'
import { downloadRoute } from '@/lib/actions/pipeline'
import { csvField } from '@/lib/activity/export'
import { rolloutFigures } from '@/lib/rollout/figures'
import { periodOf, rolloutFilterSchema } from '@/lib/rollout/period'
import { downloadResponse } from '@/lib/web/download'

const FIGURES = ['enrolment', 'enrolled-by-week', 'providers', 'sign-ins', 'fallback'] as const

/** GET ?figure=…&range=…: one of the dashboard's tables as CSV, with the same period and group. */
export const GET = downloadRoute(
  { guard: 'admin', page: '/admin/rollout', query: rolloutFilterSchema.extend({ figure: z.enum(FIGURES) }) },
  async ({ data: { figure, ...filter } }) => {
    const period = periodOf(filter)
    const figures = await rolloutFigures({ from: period.from, to: period.to, groupId: filter.group ?? null })
    const table: (string | number | boolean | null)[][] =
      figure === 'enrolment'
        ? [
            ['group', 'active', 'with_passkey', 'ready', 'warning', 'no_passkey'],
            ...figures.enrolment.map((row) => [row.group, row.active, row.withPasskey, row.readiness.ready, row.readiness.warning, row.readiness.noPasskey]),
          ]
        : figure === 'enrolled-by-week'
          ? [['week_starting', 'newly_enrolled'], ...figures.enrolledByWeek.map((row) => [row.weekStarting, row.newlyEnrolled])]
          : figure === 'providers'
            ? [['provider', 'synced', 'passkeys'], ...figures.providers.map((row) => [row.provider, row.synced, row.passkeys])]
            : figure === 'sign-ins'
              ? [['day', 'method', 'succeeded', 'failed'], ...figures.signIns.map((row) => [row.day, row.method, row.succeeded, row.failed])]
              : [['person', 'email_sign_ins_while_holding_a_passkey'], ...figures.fallback.people.map((row) => [row.email, row.count])]
    const csv = `${table.map((row) => row.map((cell) => csvField(cell === null ? null : String(cell))).join(',')).join('\r\n')}\r\n`
    return downloadResponse(csv, `rollout-${figure}-${new Date().toISOString().slice(0, 10)}.csv`, 'text/csv; charset=utf-8')
  },
)

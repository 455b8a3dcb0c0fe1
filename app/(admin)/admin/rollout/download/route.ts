import { z } from 'zod'
import { downloadRoute } from '@/lib/actions/pipeline'
import { csvField } from '@/lib/activity/export'
import { peopleToEnrol, rolloutFigures, type RolloutFigures } from '@/lib/rollout/figures'
import { periodOf, rolloutFilterSchema } from '@/lib/rollout/period'
import { downloadResponse } from '@/lib/web/download'

type Table = (string | number | boolean)[][]

/** Each of the dashboard's tables, as the rows of its CSV (a header first). */
const TABLES = {
  enrolment: (figures) => [
    ['group', 'active', 'with_passkey', 'ready', 'warning', 'no_passkey'],
    ...figures.enrolment.map((row) => [row.group, row.active, row.withPasskey, row.readiness.ready, row.readiness.warning, row.readiness.noPasskey]),
  ],
  'enrolled-by-week': (figures) => [['week_starting', 'newly_enrolled'], ...figures.enrolledByWeek.map((row) => [row.weekStarting, row.newlyEnrolled])],
  providers: (figures) => [['provider', 'synced', 'passkeys'], ...figures.providers.map((row) => [row.provider, row.synced, row.passkeys])],
  'sign-ins': (figures) => [['day', 'method', 'succeeded', 'failed'], ...figures.signIns.map((row) => [row.day, row.method, row.succeeded, row.failed])],
  fallback: (figures) => [['person', 'email_sign_ins_while_holding_a_passkey'], ...figures.fallback.people.map((row) => [row.email, row.count])],
  failures: (figures) => [['method', 'reason', 'failures'], ...figures.failureReasons.map((row) => [row.method, row.reason, row.count])],
  support: (figures) => [['event', 'count'], ...Object.entries(figures.support)],
  'step-ups': (figures) => [['method', 'confirmed', 'failed'], ...figures.stepUps.map((row) => [row.method, row.succeeded, row.failed])],
  nudge: (figures) => [
    ['offered', 'created_within_a_day', 'not_now'],
    [figures.nudge.offered, figures.nudge.created, figures.nudge.dismissed],
  ],
} satisfies Record<string, (figures: RolloutFigures) => Table>

const FIGURES = [...(Object.keys(TABLES) as (keyof typeof TABLES)[]), 'to-enrol'] as const

/** GET ?figure=…&range=…: one of the dashboard's tables as CSV, with the same period and group. */
export const GET = downloadRoute(
  { guard: 'admin', page: '/admin/rollout', query: rolloutFilterSchema.extend({ figure: z.enum(FIGURES) }) },
  async ({ data: { figure, ...filter } }) => {
    let table: Table
    if (figure === 'to-enrol') {
      // A group's people still to enrol, all of them (the page lists the first 50).
      if (!filter.group) return new Response('Choose a group.', { status: 400 })
      table = [['email', 'name'], ...(await peopleToEnrol(filter.group)).map((row) => [row.email, row.name ?? ''])]
    } else {
      const period = periodOf(filter)
      table = TABLES[figure](await rolloutFigures({ from: period.from, to: period.to, groupId: filter.group ?? null }))
    }
    const csv = `${table.map((row) => row.map((cell) => csvField(String(cell))).join(',')).join('\r\n')}\r\n`
    return downloadResponse(csv, `rollout-${figure}-${new Date().toISOString().slice(0, 10)}.csv`, 'text/csv; charset=utf-8')
  },
)

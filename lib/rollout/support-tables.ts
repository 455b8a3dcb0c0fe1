import type { Translator } from '../i18n/translator'
import { SUPPORT_EVENTS, TO_ENROL_LISTED, type RolloutFigures } from './figures'
import type { Cell, View, ViewContext } from './view'
import { rolloutWords } from './words'

/**
 * The dashboard's figures on support and protection (lost devices, step-ups,
 * the passkey offer), the phase changes and the people still to enrol, as
 * tables.ts builds the others: title, summary and table in the reader's
 * language, the same table for the page and the download.
 */

export const person = (userId: string, email: string): Cell => ({ text: email, href: `/admin/people/${userId}` })
export const sum = <T>(rows: T[], value: (row: T) => number) => rows.reduce((total, row) => total + value(row), 0)

export function supportViews(figures: RolloutFigures, context: ViewContext): View[] {
  const { t } = context.translator
  const words = rolloutWords(context.translator)
  const { method, percent } = words
  const groupName = (id: string) => context.groups.find((group) => group.id === id)?.name ?? id
  const active = sum(figures.enrolment, (row) => row.active)
  const perThousand = (count: number) => (active === 0 ? '–' : words.decimal((count / active) * 1000))
  const stepUpsDone = sum(figures.stepUps, (row) => row.succeeded)
  const stepUpsByPasskey = figures.stepUps.find((row) => row.method === 'passkey')?.succeeded ?? 0
  const noPasskey = figures.enrolment.find((row) => row.group === context.groupId)?.readiness.noPasskey ?? 0
  const views: View[] = [
    {
      id: 'support',
      title: t('rollout.figures.support.title'),
      summary: t('rollout.figures.support.summary', {
        thousand: 1000,
        recoveries: perThousand(figures.support.recovery_requested),
        codes: perThousand(figures.support.access_code_issued),
      }),
      table: {
        caption: t('rollout.figures.support.caption', { thousand: 1000 }),
        headings: [t('rollout.figures.support.event'), t('rollout.figures.support.count'), t('rollout.figures.support.perThousand', { thousand: 1000 })],
        rows: SUPPORT_EVENTS.map((type) => ({ key: type, cells: [words.support(type), figures.support[type], perThousand(figures.support[type])] })),
      },
    },
    emailDeliveryView(figures, context.translator),
    {
      id: 'step-ups',
      title: t('rollout.figures.stepUps.title'),
      summary: t('rollout.figures.stepUps.summary', {
        share: percent(stepUpsByPasskey, stepUpsDone),
        open: figures.reports.open,
        resolved: figures.reports.resolved,
      }),
      table: {
        caption: t('rollout.figures.stepUps.caption'),
        headings: [t('rollout.figures.stepUps.method'), t('rollout.figures.stepUps.confirmed'), t('rollout.figures.stepUps.failed')],
        rows: figures.stepUps.map((row) => ({ key: row.method, cells: [method(row.method), row.succeeded, row.failed] })),
      },
    },
    {
      id: 'nudge',
      title: t('rollout.figures.nudge.title'),
      summary: t('rollout.figures.nudge.summary', {
        offered: figures.nudge.offered,
        share: percent(figures.nudge.created, figures.nudge.offered),
        dismissed: figures.nudge.dismissed,
      }),
      table: {
        caption: t('rollout.figures.nudge.caption'),
        headings: [t('rollout.figures.nudge.step'), t('rollout.figures.nudge.count')],
        rows: [
          { key: 'offered', cells: [t('rollout.figures.nudge.offered'), figures.nudge.offered] },
          { key: 'created', cells: [t('rollout.figures.nudge.created'), figures.nudge.created] },
          { key: 'dismissed', cells: [t('rollout.figures.nudge.dismissed'), figures.nudge.dismissed] },
        ],
      },
    },
  ]
  views.push({
    id: 'phases',
    title: t('rollout.figures.phases.title'),
    summary: t('rollout.figures.phases.summary', { count: figures.phases.length }),
    table: {
      caption: t('rollout.figures.phases.caption'),
      headings: [t('rollout.figures.phases.when'), t('rollout.figures.phases.group'), t('rollout.figures.phases.phase')],
      dated: [0],
      rows: figures.phases.map((phase) => ({
        key: `${phase.groupId}-${phase.at.toISOString()}`,
        cells: [{ text: words.time(phase.at), iso: phase.at.toISOString() }, { data: groupName(phase.groupId) }, words.phase(phase.preset)],
      })),
    },
    whenEmpty: t('rollout.figures.phases.empty'),
  })
  if (context.groupId) {
    const group = groupName(context.groupId)
    views.push({
      id: 'to-enrol',
      title: t('rollout.figures.toEnrol.title'),
      summary:
        figures.toEnrol.length === TO_ENROL_LISTED
          ? t('rollout.figures.toEnrol.summaryFirst', { count: noPasskey, group, listed: TO_ENROL_LISTED })
          : t('rollout.figures.toEnrol.summary', { count: noPasskey, group }),
      table: toEnrolTable(context.translator, figures.toEnrol),
    })
  }
  return views
}

/**
 * What the email provider reported about the period's emails: the
 * "my code never came" calls, counted before they reach the helpdesk.
 * Failed and suppressed sends count with the bounces: none reached a mailbox.
 */
function emailDeliveryView(figures: RolloutFigures, { t }: Translator): View {
  const counts = figures.emailDelivery
  const bounced = counts.bounced + counts.failed + counts.suppressed
  const total = Object.values(counts).reduce((all, count) => all + count, 0)
  const rows = [
    { key: 'delivered', count: counts.delivered },
    { key: 'delayed', count: counts.delayed },
    { key: 'bounced', count: bounced },
    { key: 'complained', count: counts.complained },
    { key: 'sent', count: counts.sent },
  ] as const
  return {
    id: 'email-delivery',
    title: t('rollout.figures.emailDelivery.title'),
    summary: t('rollout.figures.emailDelivery.summary', { total, bounced, delayed: counts.delayed }),
    table: {
      caption: t('rollout.figures.emailDelivery.caption'),
      headings: [t('rollout.figures.emailDelivery.status'), t('rollout.figures.emailDelivery.count')],
      rows: total === 0 ? [] : rows.map((row) => ({ key: row.key, cells: [t(`rollout.figures.emailDelivery.${row.key}`), row.count] })),
    },
    whenEmpty: t('rollout.figures.emailDelivery.empty'),
  }
}

/** The people of a group still to enrol, for the page (the first 50) and the download (all of them). */
export function toEnrolTable({ t }: Translator, people: { userId: string; email: string; name: string | null }[]): View['table'] {
  return {
    caption: t('rollout.figures.toEnrol.caption'),
    headings: [t('rollout.figures.toEnrol.person'), t('rollout.figures.toEnrol.name')],
    rows: people.map((row) => ({ key: row.userId, cells: [person(row.userId, row.email), { data: row.name ?? '' }] })),
  }
}

import type { RolloutFigures } from './figures'
import { sum } from './support-tables'
import type { View, ViewContext } from './view'
import { rolloutWords } from './words'

/**
 * The dashboard's device picture: passkeys by the system and browser they
 * were created on, and, per group, how many people signed in now use a
 * device that cannot create a passkey (no WebAuthn, or neither a platform
 * authenticator nor a phone nearby), from what their browsers reported.
 * Systems and browsers are the parser's own names (data, not our words).
 */
export function deviceViews(figures: RolloutFigures, context: ViewContext): View[] {
  const { t } = context.translator
  const { percent } = rolloutWords(context.translator)
  const groupName = (id: string) => context.groups.find((group) => group.id === id)?.name ?? id
  const unknown = t('rollout.figures.devices.unknown')
  const reported = (row: RolloutFigures['capability'][number]) => row.cannotCreate + row.canCreate
  const cannot = sum(figures.capability, (row) => row.cannotCreate)
  // Every group (or the one chosen) has its row, nobody signed in included: a zero is news too.
  const shown = context.groupId ? context.groups.filter((group) => group.id === context.groupId) : context.groups
  const capability = shown.map(
    (group) => figures.capability.find((row) => row.group === group.id) ?? { group: group.id, cannotCreate: 0, canCreate: 0, unreported: 0 },
  )
  return [
    {
      id: 'devices',
      title: t('rollout.figures.devices.title'),
      summary: t('rollout.figures.devices.summary', { count: sum(figures.devices, (row) => row.passkeys), kinds: figures.devices.length }),
      table: {
        caption: t('rollout.figures.devices.caption'),
        headings: [t('rollout.figures.devices.os'), t('rollout.figures.devices.browser'), t('rollout.figures.devices.passkeys')],
        rows: figures.devices.map((row) => ({
          key: `${row.os ?? ''}|${row.browser ?? ''}`,
          cells: [row.os ? { data: row.os } : unknown, row.browser ? { data: row.browser } : unknown, row.passkeys],
        })),
      },
      whenEmpty: t('rollout.figures.devices.empty'),
    },
    {
      id: 'capabilities',
      title: t('rollout.figures.capabilities.title'),
      summary: t('rollout.figures.capabilities.summary', { count: cannot, share: percent(cannot, sum(figures.capability, reported)) }),
      table: {
        caption: t('rollout.figures.capabilities.caption'),
        headings: [
          t('rollout.figures.capabilities.group'),
          t('rollout.figures.capabilities.cannotCreate'),
          t('rollout.figures.capabilities.canCreate'),
          t('rollout.figures.capabilities.unreported'),
          t('rollout.figures.capabilities.share'),
        ],
        rows: capability.map((row) => ({
          key: row.group,
          cells: [{ data: groupName(row.group) }, row.cannotCreate, row.canCreate, row.unreported, percent(row.cannotCreate, reported(row))],
        })),
      },
    },
  ]
}

import 'server-only'
import { db } from '../db'
import { env } from '../env'
import { ambientTranslator } from '../i18n/ambient'
import type { Translator } from '../i18n/translator'

/** The demo organisation's people on the sign-in page's "Demo accounts" panel: one per group and role. */
const PANEL = [
  { id: 'demo-person-001', role: 'administrator' },
  { id: 'demo-person-003', role: 'helpdesk' },
  { id: 'demo-person-007', role: 'employee' },
  { id: 'demo-person-127', role: 'contractor' },
  { id: 'demo-person-157', role: 'customer' },
] as const

export const DEMO_PANEL_IDS = PANEL.map((entry) => entry.id) as [string, ...string[]]

/** Whom a panel account stands for. */
export type DemoRole = (typeof PANEL)[number]['role']

/** A panel account: `role` and its `label` in the reader's language say whom they stand for; `name`, `email` and `group` are data, never translated. */
export type DemoAccount = { id: string; role: DemoRole; label: string; name: string; email: string; group: string }

/**
 * The panel's accounts that exist, in demo mode only; an empty list anywhere
 * else. Labels are in the words of `t`, by default the reader's of the
 * request being answered (lib/i18n/ambient.ts).
 */
export async function demoPanelAccounts(t: Translator['t'] = ambientTranslator().t): Promise<DemoAccount[]> {
  if (!env().demoMode) return []
  const rows = await db().user.findMany({
    where: { id: { in: [...DEMO_PANEL_IDS] }, status: 'active' },
    select: { id: true, displayName: true, email: true, group: { select: { name: true } } },
  })
  return PANEL.flatMap((entry) => {
    const row = rows.find((candidate) => candidate.id === entry.id)
    if (!row) return []
    return [
      { id: row.id, role: entry.role, label: t(`demo.accounts.${entry.role}`), name: row.displayName ?? row.email, email: row.email, group: row.group.name },
    ]
  })
}

/**
 * The account a demo sign-in may open: one of the panel's, active, in demo
 * mode only. The press is recorded as what it is, a demo sign-in: it proves
 * nothing, so it never stands for a passkey (an administrator confirms a
 * sensitive action with a real one, as anyone in their group does).
 */
export async function demoAccountFor(id: string): Promise<{ id: string; method: 'demo' } | null> {
  if (!env().demoMode || !DEMO_PANEL_IDS.includes(id)) return null
  const row = await db().user.findFirst({ where: { id, status: 'active' }, select: { id: true } })
  return row ? { id: row.id, method: 'demo' } : null
}

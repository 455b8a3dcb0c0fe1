import 'server-only'
import { db } from '../db'
import { env } from '../env'
import { stepUpNeedsPasskey } from '../policy/decide'
import { readPolicy } from '../policy/schema'

/** The demo organisation's people on the sign-in page's "Demo accounts" panel: one per group and role. */
const PANEL = [
  { id: 'demo-person-001', label: 'Administrator' },
  { id: 'demo-person-003', label: 'Helpdesk agent' },
  { id: 'demo-person-007', label: 'Employee' },
  { id: 'demo-person-127', label: 'Contractor' },
  { id: 'demo-person-157', label: 'Customer' },
] as const

export const DEMO_PANEL_IDS = PANEL.map((entry) => entry.id) as [string, ...string[]]

export type DemoAccount = { id: string; label: string; name: string; group: string }

/** The panel's accounts that exist, in demo mode only; an empty list anywhere else. */
export async function demoPanelAccounts(): Promise<DemoAccount[]> {
  if (!env().demoMode) return []
  const rows = await db().user.findMany({
    where: { id: { in: [...DEMO_PANEL_IDS] }, status: 'active' },
    select: { id: true, displayName: true, email: true, group: { select: { name: true } } },
  })
  return PANEL.flatMap((entry) => {
    const row = rows.find((candidate) => candidate.id === entry.id)
    return row ? [{ id: row.id, label: entry.label, name: row.displayName ?? row.email, group: row.group.name }] : []
  })
}

/**
 * The account a demo sign-in may open (one of the panel's, in demo mode only)
 * and the sign-in it stands for: the one its group expects. The demo's
 * administrators confirm only with a passkey (their group's floor, ADR 13),
 * and their seeded passkeys live in no real browser, so for them the press
 * stands for a passkey sign-in; everyone else's for an emailed code.
 */
export async function demoAccountFor(id: string): Promise<{ id: string; method: 'passkey' | 'email_code' } | null> {
  if (!env().demoMode || !DEMO_PANEL_IDS.includes(id)) return null
  const row = await db().user.findFirst({ where: { id, status: 'active' }, select: { id: true, group: { select: { policy: true } } } })
  if (!row) return null
  return { id: row.id, method: stepUpNeedsPasskey(readPolicy(row.group.policy)) ? 'passkey' : 'email_code' }
}

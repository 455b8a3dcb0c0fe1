import 'server-only'
import { parseAuditDetail } from '../../audit/detail'
import type { AuditEventType } from '../../audit/vocabulary'
import { db } from '../../db'
import { PAYMENT_APPROVAL } from '../../oidc/payment-approval'
import { ACME_CLIENT_ID } from '../acme-expenses'
import { DEMO_PANEL_IDS, type DemoRole } from '../accounts'
import type { StepId, Tour } from './tours'

/** The event that marks a step done, as recorded: its time, how, and its detail. */
export type StepEvent = { at: Date; method: string | null; detail: Record<string, unknown>; count?: number }

/** Whose records a tour reads: the panel's account ids by role. */
export type TourPeople = { account: string; agent: string | null }

const PAGE = 20

type Match = { type: AuditEventType; method?: string; by?: 'agent'; keep?: (detail: Record<string, unknown>) => boolean }

const forAcme = (approval: boolean) => (detail: Record<string, unknown>) =>
  detail.clientId === ACME_CLIENT_ID && (detail.approvalType === PAYMENT_APPROVAL) === approval

/** What each step's doing records (every row a success). */
const MATCHES: Record<Exclude<StepId, 'sendReminders'>, Match> = {
  demoSignIn: { type: 'sign_in', method: 'demo' },
  agentSignIn: { type: 'sign_in', method: 'demo', by: 'agent' },
  addPasskey: { type: 'passkey_added' },
  passkeySignIn: { type: 'sign_in', method: 'passkey' },
  recoveryCodes: { type: 'recovery_codes_generated' },
  recoveryEmail: { type: 'recovery_email_proven' },
  recoveryCode: { type: 'recovery_factor', method: 'recovery_code' },
  recoveredWithPasskey: { type: 'account_recovered' },
  issueAccessCode: { type: 'access_code_issued' },
  redeemAccessCode: { type: 'access_code_used' },
  appSignIn: { type: 'app_sign_in', keep: forAcme(false) },
  approvePayment: { type: 'app_sign_in', keep: forAcme(true) },
}

/** The panel account that plays `role` (lib/demo/accounts.ts), by its fixed id. */
export function panelId(role: DemoRole): string {
  const index = { administrator: 0, helpdesk: 1, employee: 2, contractor: 3, customer: 4 }[role]
  return DEMO_PANEL_IDS[index]!
}

/** The first event after `after` that does `step`; each query reads one person's rows of one type in time order (index userId, type, createdAt). */
async function firstEvent(step: StepId, people: TourPeople, after: Date): Promise<StepEvent | null> {
  if (step === 'sendReminders') return reminders(people.account, after)
  const match = MATCHES[step]
  const userId = match.by === 'agent' ? people.agent : people.account
  if (!userId) return null
  // An access code counts only when the tour's agent issued it.
  const keep = step === 'issueAccessCode' ? (detail: Record<string, unknown>) => detail.agentId === people.agent : match.keep
  const where = { userId, type: match.type, result: 'success', ...(match.method ? { method: match.method } : {}) }
  // In pages of 20 in time order, so other rows of that type (Acme sign-ins without an approval) never hide the one sought.
  let last: { createdAt: Date; id: string } | null = null
  for (;;) {
    const rows: { id: string; createdAt: Date; method: string | null; detail: string | null }[] = await db().auditEvent.findMany({
      where: {
        ...where,
        ...(last ? { OR: [{ createdAt: { gt: last.createdAt } }, { createdAt: last.createdAt, id: { gt: last.id } }] } : { createdAt: { gt: after } }),
      },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { id: true, createdAt: true, method: true, detail: true },
      take: PAGE,
    })
    for (const row of rows) {
      const detail = parseAuditDetail(row.detail)
      if (!keep || keep(detail)) return { at: row.createdAt, method: row.method, detail }
    }
    if (rows.length < PAGE) return null
    last = rows[rows.length - 1]!
  }
}

/** Reminders the tour's administrator sent (each recipient's row names the administrator as actor; index type, createdAt). */
async function reminders(adminId: string, after: Date): Promise<StepEvent | null> {
  const where = { type: 'passkey_reminder_sent', result: 'success', actorId: adminId, createdAt: { gt: after } }
  const [first, count] = await Promise.all([
    db().auditEvent.findFirst({ where, orderBy: { createdAt: 'asc' }, select: { createdAt: true } }),
    db().auditEvent.count({ where }),
  ])
  return first ? { at: first.createdAt, method: null, detail: {}, count } : null
}

/**
 * How far a tour has come: each step's event, in order, each after the one
 * before; the first step not yet done and the ones after it are null.
 */
export async function tourProgress(tour: Tour, since: Date): Promise<(StepEvent | null)[]> {
  const people: TourPeople = { account: panelId(tour.account), agent: tour.agent ? panelId(tour.agent) : null }
  const events: (StepEvent | null)[] = []
  // The tour started at `since`: an event a moment before (the press that started it) is not its doing.
  let after = new Date(since.getTime() - 1)
  for (const step of tour.steps) {
    const event = events.includes(null) ? null : await firstEvent(step, people, after)
    events.push(event)
    if (event) after = event.at
  }
  return events
}

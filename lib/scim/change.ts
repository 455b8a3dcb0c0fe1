import 'server-only'
import type { BoundAuditEvent } from '../audit/record'
import { flagBreakGlassRecovery } from '../admin/break-glass'
import { recordEvent } from '../audit/record'
import { takeSqliteWriteLock } from '../work-lock'
import { db, type Transaction } from '../db'
import type { RequestContext } from '../web/request-context'
import { scimFailure } from './protocol'
import { ScimRefusal } from './staff'

/**
 * Every SCIM request that writes is one database transaction with its
 * history rows: all the Operations of a PATCH apply, or none do (RFC 7644
 * §3.5.2), and a refusal, a conflict or a fault anywhere leaves nothing
 * changed. What must wait for the commit (email, apps' logouts) is returned
 * by the work and sent by the caller afterwards.
 */

/** Who is calling: the SCIM client (its token's name) and the request's network facts. */
export type ScimCall = { client: string; context: RequestContext }

/** A history row written in the request's transaction, with the client as the actor. */
export type ScimAudit = (event: BoundAuditEvent) => Promise<unknown>

export const scimActor = (call: ScimCall) => `SCIM: ${call.client}`

/**
 * Runs `work` in one transaction. A ScimRefusal thrown inside rolls it back,
 * is recorded (after the rollback, so the record stays) and answers 403; a
 * unique key taken meanwhile answers 409, as the check before it would have.
 * A 1,000-member group PATCH writes 1,000 history rows: the time limit
 * leaves room for that on a busy database.
 */
export async function scimChange<T>(call: ScimCall, work: (tx: Transaction, audit: ScimAudit) => Promise<T>): Promise<T> {
  const actorName = scimActor(call)
  try {
    return await db().$transaction(
      async (tx) => {
        await takeSqliteWriteLock(tx)
        return work(tx, (event) => recordEvent({ ...event, actorName, context: call.context }, new Date(), tx))
      },
      {
        maxWait: 10_000,
        timeout: 30_000,
      },
    )
  } catch (error) {
    // A unique key (address, externalId) taken by a concurrent request between the check and the write.
    if ((error as { code?: string }).code === 'P2002') throw scimFailure(409, 'Another request took this userName or externalId meanwhile.', 'uniqueness')
    if (!(error instanceof ScimRefusal)) throw error
    await recordEvent({
      type: 'scim_request_refused',
      result: 'failure',
      reason: error.reason,
      userId: error.userId,
      actorName,
      context: call.context,
      detail: { by: actorName, change: error.change },
    })
    // The break-glass account is never the directory's (ADR 14): the administrators hear of every try.
    if (error.reason === 'scim_break_glass_account' && error.userId) {
      await flagBreakGlassRecovery({ userId: error.userId, attempt: 'scim_change', context: call.context })
    }
    throw scimFailure(403, error.message)
  }
}

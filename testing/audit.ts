import { recordEvent, type Audit, type AuditEventType } from '../lib/audit/record'
import { db } from '../lib/db'
import { env } from '../lib/env'
import type { RequestContext } from '../lib/web/request-context'

/**
 * History rows in tests: an Audit bound to a request's context as the action
 * pipeline binds one (for a request nobody signed in to), and a fault in the
 * database that refuses to write one type of row.
 */

export function auditFor(context: RequestContext = { ipAddress: '192.0.2.1', userAgent: 'test' }): Audit {
  return (event, tx) => recordEvent({ ...event, context }, new Date(), tx)
}

/**
 * Makes every INSERT of an `AuditEvent` row of this type fail inside the
 * database (a trigger), as a full disk or a lost connection would fail it
 * there; returns what removes the fault again.
 */
export async function failAuditRowsOf(type: AuditEventType): Promise<() => Promise<void>> {
  const name = `audit_fault_${type}`
  if (env().database.provider === 'postgresql') {
    await db().$executeRawUnsafe(`CREATE FUNCTION "${name}"() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'audit fault'; END $$ LANGUAGE plpgsql`)
    await db().$executeRawUnsafe(
      `CREATE TRIGGER "${name}" BEFORE INSERT ON "AuditEvent" FOR EACH ROW WHEN (NEW."type" = '${type}') EXECUTE FUNCTION "${name}"()`,
    )
    return async () => {
      await db().$executeRawUnsafe(`DROP TRIGGER "${name}" ON "AuditEvent"`)
      await db().$executeRawUnsafe(`DROP FUNCTION "${name}"()`)
    }
  }
  await db().$executeRawUnsafe(
    `CREATE TRIGGER "${name}" BEFORE INSERT ON "AuditEvent" WHEN NEW."type" = '${type}' BEGIN SELECT RAISE(ABORT, 'audit fault'); END`,
  )
  return async () => void (await db().$executeRawUnsafe(`DROP TRIGGER "${name}"`))
}

import 'server-only'
import { cookies } from 'next/headers'
import { after } from 'next/server'
import { auditAs, type AuditCaller } from '../audit/bound'
import type { UseCaseContext } from '../use-case'
import { getRequestContext, type RequestContext } from './request-context'

/** The use-case context of the request being answered (lib/use-case.ts), for the caller the guard let through. */
export async function contextOfRequest(caller: AuditCaller, request?: RequestContext): Promise<UseCaseContext> {
  const context = request ?? (await getRequestContext())
  return { request: context, audit: auditAs(caller, context), later: (task) => after(task), cookies: await cookies() }
}

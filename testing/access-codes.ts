import { db } from '../lib/db'
import { requestAccessCode, type Agent } from '../lib/recovery/access-codes'
import { testContext } from './use-case'

/** A new account of `role`, as an agent or the person an access code is for. */
export function testPerson(role: Agent['role'] = 'user'): Promise<Agent> {
  return db().user.create({
    data: { email: `${role}-${Math.random().toString(36).slice(2, 10)}@example.com`, role },
    select: { id: true, email: true, displayName: true, role: true },
  })
}

/** A code a new helpdesk agent issued for a new person, after a video call. */
export async function issuedAccessCode() {
  const user = await testPerson()
  const ctx = testContext()
  const issued = await requestAccessCode({
    agent: await testPerson('helpdesk'),
    userId: user.id,
    verification: 'Video call; matched badge photo.',
    checks: ['video_call'],
    validHours: 1,
    context: ctx.request,
    audit: ctx.audit,
  })
  if (!issued.ok || issued.status !== 'active') throw new Error('not issued')
  return { user, ...issued }
}

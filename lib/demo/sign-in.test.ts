import { describe, expect, it } from 'vitest'
import { testContext } from '../../testing/use-case'
import { sessionCookie } from '../auth/session/cookie'
import { db } from '../db'
import { demoSignIn } from './sign-in'

describe('demoSignIn outside demo mode', () => {
  it('refuses even a panel account that exists, like an unknown action, and signs nobody in', async () => {
    await db().user.create({ data: { id: 'demo-person-007', email: 'person-007@demo.example', groupId: 'employees' } })
    const ctx = testContext()
    expect(await demoSignIn({ account: 'demo-person-007' }, ctx)).toEqual({ ok: false, reason: 'not_found' })
    expect(ctx.cookies.values.has(sessionCookie().name)).toBe(false)
    expect(await db().auditEvent.count({ where: { userId: 'demo-person-007' } })).toBe(0)
  })
})

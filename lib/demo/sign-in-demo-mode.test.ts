import { describe, expect, it } from 'vitest'
import { testContext } from '../../testing/use-case'
import { sessionCookie } from '../auth/session/cookie'
import { db } from '../db'
import { demoSignIn } from './sign-in'

// Read once per process (each test file runs in its own): this file is a demo deployment.
process.env.DEMO_MODE = '1'

const signInsOf = (userId: string) => db().auditEvent.findMany({ where: { type: 'sign_in', userId }, select: { result: true, method: true } })

describe('demoSignIn in demo mode', () => {
  it('signs a panel account in with the method its group expects: a passkey for administrators, an emailed code for the rest', async () => {
    await db().user.create({ data: { id: 'demo-person-001', email: 'person-001@demo.example', groupId: 'administrators', role: 'admin' } })
    await db().user.create({ data: { id: 'demo-person-007', email: 'person-007@demo.example', groupId: 'employees' } })
    for (const [id, method] of [
      ['demo-person-001', 'passkey'],
      ['demo-person-007', 'email_code'],
    ] as const) {
      const ctx = testContext()
      expect(await demoSignIn({ account: id }, ctx)).toEqual({ ok: true })
      expect(ctx.cookies.values.has(sessionCookie().name)).toBe(true)
      expect(await signInsOf(id)).toEqual([{ result: 'success', method }])
    }
  })

  it('refuses an account that is not on the panel, or not active', async () => {
    const other = await db().user.create({ data: { email: 'someone@demo.example', groupId: 'employees' } })
    await db().user.create({ data: { id: 'demo-person-003', email: 'person-003@demo.example', groupId: 'employees', status: 'suspended' } })
    for (const account of [other.id, 'demo-person-003', 'demo-person-999']) {
      const ctx = testContext()
      expect(await demoSignIn({ account }, ctx)).toEqual({ ok: false, reason: 'not_found' })
      expect(ctx.cookies.values.size).toBe(0)
    }
  })
})

import { beforeEach, describe, expect, it, vi } from 'vitest'
import { db } from '../../db'
import { DEFAULT_POLICY, type Policy } from '../../policy/schema'
import { enrolSoftPasskey, newPerson } from '../../../testing/passkeys'
import type { CurrentSession } from '../access'
import { devicePasskeysCookie } from './device-passkeys'
import { stepUpPasskeyChoice } from './step-up-view'

// Read once per process (each test file runs in its own): this file is a demo deployment.
process.env.DEMO_MODE = '1'

/** This request's cookies, as the page reader finds them. */
const jar = new Map<string, string>()
vi.mock('next/headers', () => ({ cookies: async () => ({ get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) } : undefined) }) }))

const passkeyStepUp: Policy = { ...DEFAULT_POLICY, stepUp: { ...DEFAULT_POLICY.stepUp, methods: 'passkey' } }

function session(userId: string, policy: Policy = DEFAULT_POLICY): CurrentSession {
  const now = new Date()
  return {
    sessionId: 'session-1',
    method: 'email_code',
    signedInAt: now,
    verifiedAt: now,
    verifiedMethod: 'email_code',
    verifiedFor: null,
    user: { id: userId, email: 'person@example.com', displayName: null, role: 'user', locale: null, timeZone: null },
    policy,
    hasPasskey: true,
  }
}

beforeEach(() => jar.clear())

describe('what the step-up page offers when an app asks for a passkey', () => {
  it('an account without one is offered to create one', async () => {
    const person = await newPerson()
    const choice = await stepUpPasskeyChoice({ ...session(person.id), hasPasskey: false }, { hasPasskeys: false, asked: null })
    expect(choice).toEqual({ creation: 'now', create: true, demo: false })
  })

  it('an account with passkeys leads with using one, and creates one here only when asked', async () => {
    const person = await newPerson()
    await enrolSoftPasskey(person)
    expect(await stepUpPasskeyChoice(session(person.id), { hasPasskeys: true, asked: null })).toEqual({ creation: 'now', create: false, demo: false })
    expect(await stepUpPasskeyChoice(session(person.id), { hasPasskeys: true, asked: 'create' })).toEqual({ creation: 'now', create: true, demo: false })
    // Not downgraded: where only a passkey it has may confirm, asking to create one changes nothing.
    const strict = session(person.id, passkeyStepUp)
    expect(await stepUpPasskeyChoice(strict, { hasPasskeys: true, asked: 'create' })).toEqual({ creation: 'no', create: false, demo: false })
  })

  it('a demo panel account leads with creating one until this browser holds one of its passkeys', async () => {
    const admin = { id: 'demo-person-001', email: 'person-001@demo.example', displayName: null }
    await db().user.create({ data: { ...admin, groupId: 'administrators', role: 'admin' } })
    const { soft: seeded } = await enrolSoftPasskey(admin)
    const panel = session(admin.id, passkeyStepUp)
    jar.set(devicePasskeysCookie().name, 'c29tZW9uZS1lbHNlcw')
    expect(await stepUpPasskeyChoice(panel, { hasPasskeys: true, asked: null })).toEqual({ creation: 'now', create: true, demo: true })
    // Asked to use one it has: the page does.
    expect(await stepUpPasskeyChoice(panel, { hasPasskeys: true, asked: 'use' })).toEqual({ creation: 'now', create: false, demo: true })
    jar.set(devicePasskeysCookie().name, seeded.credentialId)
    expect(await stepUpPasskeyChoice(panel, { hasPasskeys: true, asked: null })).toEqual({ creation: 'now', create: false, demo: false })
  })
})

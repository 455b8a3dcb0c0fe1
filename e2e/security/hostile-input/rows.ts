import type { APIRequestContext } from '@playwright/test'
import { db } from '../../../lib/db'
import { expect } from '../../fixtures'
import { callAction, type ActionBody, type ActionPart } from '../../support/server-actions'

export type { ActionBody }

/**
 * What the hostile-input specs share: how React's client encodes a form
 * posted to an action, the rows every action must survive (protocol,
 * argument types, size), and the check that each answer is a clean error
 * state or 4xx, never a 500 or a stack trace.
 */

export const ACTIONS = {
  passkeys: 'app/(account)/account/passkeys/actions.ts',
  confirm: 'app/(account)/account/confirm/actions.ts',
  recovery: 'app/(account)/account/recovery/actions.ts',
  phone: 'app/(account)/account/recovery/phone-actions.ts',
  sms: 'app/(auth)/sign-in/sms/actions.ts',
  sessions: 'app/(account)/account/sessions/actions.ts',
  activity: 'app/(account)/account/activity/actions.ts',
  profile: 'app/(account)/account/profile/actions.ts',
  recover: 'app/(auth)/recover/actions.ts',
  helpdesk: 'app/(admin)/admin/recovery/actions.ts',
  link: 'app/(auth)/sign-in/link/actions.ts',
  policies: 'app/(admin)/admin/policies/actions.ts',
  people: 'app/(admin)/admin/people/actions.ts',
  audit: 'app/(admin)/admin/audit/actions.ts',
  reports: 'app/(admin)/admin/reports/actions.ts',
  rollout: 'app/(admin)/admin/rollout/actions.ts',
  apps: 'app/(admin)/admin/apps/actions.ts',
  authenticators: 'app/(admin)/admin/authenticators/actions.ts',
} as const

export type Field = ActionPart[1]
export type Expected = { status: 400 | 413 } | { code: string } | { ok: true }

const idle = '{"status":"idle"}'
export const file = (content: string): Field => ({ name: 'name.txt', mimeType: 'text/plain', buffer: Buffer.from(content) })

/**
 * A useActionState call as React's client encodes it: the form's fields
 * (prefixed `_1_`), then part 0 with the previous state and a reference to them.
 */
export function stateAndForm(fields: Record<string, Field>): ActionBody {
  const parts: ActionPart[] = Object.entries(fields).map(([name, value]) => [`_1_${name}`, value])
  return { parts: [...parts, ['0', `[${idle},"$K1"]`]] }
}

/** A passkey row for the actions to find (its key is never used: no ceremony runs here). */
export function storedPasskey(userId: string, name: string) {
  const data = { userId, name, credentialId: `${name}-${userId}`, publicKey: new Uint8Array([1]), aaguid: '00000000-0000-0000-0000-000000000000' }
  return db().passkey.create({ data: { ...data, backupEligible: false, backedUp: false, createdAt: new Date() } })
}

/** Bodies that are wrong for every action, whatever its fields: the protocol itself, argument types, size. */
export function protocolRows(takesForm: boolean): [label: string, body: ActionBody, expected: Expected][] {
  const typeError: Expected = takesForm ? { code: 'bad_request' } : { ok: true }
  return [
    ['a body that is not JSON', { text: '{{{' }, { status: 400 }],
    ['an object instead of the argument list', { text: '{"name":"x"}' }, { status: 400 }],
    ['a server reference as an argument', { text: '["$F1"]' }, { status: 400 }],
    [
      'a reference path into the prototype',
      {
        parts: [
          ['1', '{}'],
          ['0', '["$1:__proto__:then"]'],
        ],
      },
      { status: 400 },
    ],
    ['a multipart body without the argument list', { parts: [['name', 'x']] }, { status: 400 }],
    ['no arguments at all', { text: '[]' }, typeError],
    ['a number instead of the form', { text: `[${idle},42]` }, typeError],
    ['a string instead of the form', { text: `[${idle},"passkeyId=x&name=y"]` }, typeError],
    ['null instead of the form', { text: `[${idle},null]` }, typeError],
    ['a 1 MB field', stateAndForm({ name: 'A'.repeat(1024 * 1024) }), { status: 413 }],
  ]
}

/** Sends each row to the action: the expected status, or a 200 with the expected error state; never a stack trace or a 500. */
export async function expectCleanAnswers(request: APIRequestContext, page: string, id: string, name: string, rows: [string, ActionBody, Expected][]) {
  for (const [label, body, expected] of rows) {
    const what = `${name} with ${label}`
    const response = await callAction(request, page, id, body)
    const text = await response.text()
    expect(text, what).not.toMatch(/at \w+ \(|node_modules|prisma|digest/i)
    if ('status' in expected) {
      expect(response.status(), what).toBe(expected.status)
      continue
    }
    expect(response.status(), what).toBe(200)
    if ('code' in expected) expect(text, what).toContain(`"status":"error","code":"${expected.code}"`)
    else expect(text, what).not.toContain('"status":"error"')
  }
}

import { db } from '../lib/db'
import { env } from '../lib/env'
import { finishPasskeyRegistration, startPasskeyRegistration } from '../lib/auth/passkeys/registration'
import { authenticationResponseSchema, registrationResponseSchema } from '../lib/auth/passkeys/webauthn'
import { findActiveSession, issueSession, type SignInMethod } from '../lib/auth/session/store'
import { auditFor } from './audit'
import { createSoftPasskey, softAuthenticationResponse, softRegistrationResponse, type SoftPasskey } from './soft-authenticator'
import { TEST_REQUEST } from './use-case'

/** People, passkeys and sessions for the passkey use cases' tests, made through the real code paths. */

/** Where the soft authenticator says it ran: this portal's origin and relying party. */
export const softRp = () => ({ origin: env().webauthn.origins[0]!, rpId: env().webauthn.rpId })

export type TestPerson = { id: string; email: string; displayName: string | null }

export async function newPerson(options: { groupId?: string; role?: 'user' | 'admin'; emailVerified?: boolean } = {}): Promise<TestPerson> {
  return db().user.create({
    data: {
      email: `pk-${Math.random().toString(36).slice(2, 10)}@example.com`,
      groupId: options.groupId,
      role: options.role,
      emailVerifiedAt: options.emailVerified === false ? null : new Date(),
    },
    select: { id: true, email: true, displayName: true },
  })
}

/** Registers a software passkey for the person through the registration path; `counter` > 0 makes one that counts, `aaguid` names its model. */
export async function enrolSoftPasskey(
  person: TestPerson,
  options: { counter?: number; aaguid?: string } = {},
): Promise<{ soft: SoftPasskey; passkeyId: string }> {
  const soft = createSoftPasskey(person.id, { counter: options.counter })
  const { options: creation, browserSecret } = await startPasskeyRegistration(person)
  const response = registrationResponseSchema.parse(softRegistrationResponse(soft, { challenge: creation.challenge, ...softRp(), aaguid: options.aaguid }))
  const result = await finishPasskeyRegistration({ userId: person.id, browserSecret, response, context: TEST_REQUEST, audit: auditFor(TEST_REQUEST) })
  if (!result.ok) throw new Error(result.reason)
  return { soft, passkeyId: result.passkey.id }
}

/** The browser's answer to `challenge` with this passkey, as the routes parse it. */
export function softAnswer(soft: SoftPasskey, challenge: string, overrides: { counter?: number; origin?: string } = {}) {
  return authenticationResponseSchema.parse(softAuthenticationResponse(soft, { challenge, ...softRp(), ...overrides }))
}

/** The registration answer to `challenge` with a new passkey of the person's. */
export function softAttestation(soft: SoftPasskey, challenge: string, options: { backupEligible?: boolean; origin?: string } = {}) {
  return registrationResponseSchema.parse(softRegistrationResponse(soft, { challenge, ...softRp(), ...options }))
}

/** A signed-in session of the person, as the guard hands it to a use case (its group's policy included). */
export async function sessionOf(person: TestPerson, method: SignInMethod = 'email_code') {
  const issued = await issueSession(person.id, method, TEST_REQUEST)
  const active = await findActiveSession(issued.secret)
  if (!active) throw new Error('no session')
  return { sessionId: active.id, method: active.method, policy: active.policy, user: active.user, secret: issued.secret }
}

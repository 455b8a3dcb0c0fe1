import { listActivity } from '../lib/activity/history'
import { sendNewSignInNotice } from '../lib/auth/session/new-sign-in-notice'
import { emailRequestRefusal } from '../lib/limits/email-code'
import { approvalNumber } from '../lib/auth/email-code/link-approval'
import { verifyEmailCode } from '../lib/auth/email-code/code-check'
import { claimApprovedSignIn } from '../lib/auth/email-code/pending-request'
import { signInRecipient } from '../lib/auth/email-code/challenge'
import { confirmEmailLink } from '../lib/auth/email-code/link'
import { createEmailChallenge } from '../lib/auth/email-code/challenge'
import { finishPasskeyRegistration, startPasskeyRegistration } from '../lib/auth/passkeys/registration'
import { startPasskeyAuthentication, verifyPasskeyAuthentication } from '../lib/auth/passkeys/authentication'
import { findActiveSession } from '../lib/auth/session/store'
import { accountOf, startSession } from '../lib/auth/session/issue'
import { recordNudgeOffer } from '../lib/auth/passkeys/device-passkeys'
import { db } from '../lib/db'
import { consume, ipKey } from '../lib/limits/store'
import { env } from '../lib/env'
import { auditFor } from '../testing/audit'
import { countStatements } from '../testing/query-count'
import { createSoftPasskey, softAuthenticationResponse, softRegistrationResponse } from '../testing/soft-authenticator'
import { authenticationResponseSchema, registrationResponseSchema } from '../lib/auth/passkeys/webauthn'

/**
 * Child process of `npm run bench`: performs each sign-in step the way the
 * server actions do (same lib calls, same order) against DATABASE_URL and
 * prints the statements each one sent, as one JSON line.
 */
const context = { ipAddress: '192.0.2.10', userAgent: 'benchmark' }
// A returning user: signed in by email before (address verified) and holding a passkey.
const user = await db().user.create({
  data: { email: `bench-${Date.now()}@example.com`, emailVerifiedAt: new Date() },
  select: { id: true, email: true, displayName: true },
})
const rp = { origin: env().webauthn.origins[0]!, rpId: env().webauthn.rpId }
const soft = createSoftPasskey(user.id)
const creation = await startPasskeyRegistration(user)
const registered = await finishPasskeyRegistration({
  userId: user.id,
  browserSecret: creation.browserSecret,
  response: registrationResponseSchema.parse(softRegistrationResponse(soft, { challenge: creation.options.challenge, ...rp })),
  context: { ipAddress: null, userAgent: null },
  audit: auditFor(),
})
if (!registered.ok) throw new Error(registered.reason)
// Warm the client up so connection set-up is not counted.
await db().user.count()

const request = await countStatements(async () => {
  const recipient = await signInRecipient(user.email, 'open')
  await emailRequestRefusal({
    email: user.email,
    ipAddress: context.ipAddress,
    purpose: 'sign_in',
    userId: recipient.userId,
    standing: 'known',
    locks: recipient.locks,
  })
  return createEmailChallenge({ email: user.email, returnTo: null, context, policy: 'open', recipient, knownBrowser: true })
})

const byCode = await createEmailChallenge({ email: user.email, returnTo: null, context, policy: 'open' })
const code = await countStatements(async () => {
  await consume('verifyPerIp', ipKey(context.ipAddress))
  const result = await verifyEmailCode({ browserSecret: byCode.browserSecret, code: byCode.code })
  if (!result.ok) throw new Error(result.reason)
  return startSession(accountOf(result.user), 'email_code', context, { startedAt: result.requestedAt })
})

const byLink = await createEmailChallenge({ email: user.email, returnTo: null, context, policy: 'open' })
const link = await countStatements(async () => {
  await consume('verifyPerIp', ipKey(context.ipAddress))
  const result = await confirmEmailLink({ linkToken: byLink.linkToken, mode: 'here', browserSecret: byLink.browserSecret })
  if (!result.ok) throw new Error(result.reason)
  return startSession(accountOf(result.user), 'magic_link', context, { startedAt: result.requestedAt })
})

// The link opened in another browser, with the code from the same email.
const elsewhere = await createEmailChallenge({ email: user.email, returnTo: null, context, policy: 'open' })
const linkElsewhere = await countStatements(async () => {
  await consume('verifyPerIp', ipKey(context.ipAddress))
  const result = await confirmEmailLink({ linkToken: elsewhere.linkToken, mode: 'here', code: elsewhere.code })
  if (!result.ok) throw new Error(result.reason)
  return startSession(accountOf(result.user), 'magic_link', context, { startedAt: result.requestedAt })
})

const approved = await createEmailChallenge({ email: user.email, returnTo: null, context, policy: 'open' })
await confirmEmailLink({ linkToken: approved.linkToken, mode: 'approve', number: approvalNumber(approved.challengeId) })
const approval = await countStatements(async () => {
  const claimed = await claimApprovedSignIn(approved.browserSecret)
  if (!claimed) throw new Error('approval not claimed')
  return startSession(accountOf(claimed.user), 'magic_link', context, { startedAt: claimed.requestedAt })
})

const assertion = await startPasskeyAuthentication({ purpose: 'sign_in' })
const passkeyResponse = authenticationResponseSchema.parse(softAuthenticationResponse(soft, { challenge: assertion.options.challenge, ...rp }))
const passkey = await countStatements(async () => {
  const result = await verifyPasskeyAuthentication({ browserSecret: assertion.browserSecret, response: passkeyResponse, purpose: 'sign_in', context })
  if (!result.ok) throw new Error(result.reason)
  return startSession(result.passkey.userId, 'passkey', context, { startedAt: result.passkey.challengedAt })
})

const sessionCheck = await countStatements(() => findActiveSession(code.result.secret))
if (!sessionCheck.result) throw new Error('session not found')

// What a sign-in from a browser new to the account adds after the response: the check, and the notice when due.
const newBrowser = await countStatements(() => sendNewSignInNotice({ userId: user.id, sessionId: passkey.result.sessionId, method: 'passkey', context }))
// What an email sign-in adds after the response: whether the passkey offer will show, and its record for the rollout funnel.
const nudgeOffer = await countStatements(() =>
  recordNudgeOffer({ userId: user.id, method: 'email_code', devicePasskeys: undefined, snoozed: undefined, context }),
)

// The activity page on an account with 10,000 events: the first page, and a filtered one.
const events = Array.from({ length: 10_000 }, (_, index) => ({
  userId: user.id,
  type: index % 3 ? 'sign_in' : 'passkey_added',
  result: index % 5 ? 'success' : 'failure',
  createdAt: new Date(Date.now() - index * 60_000),
}))
for (let start = 0; start < events.length; start += 1000) await db().auditEvent.createMany({ data: events.slice(start, start + 1000) })
const activity = await countStatements(() => listActivity(user.id, null))
const activityFiltered = await countStatements(() => listActivity(user.id, null, { category: 'passkeys', result: 'failure' }))

console.log(
  JSON.stringify({
    request: request.statements,
    code: code.statements,
    link: link.statements,
    linkElsewhere: linkElsewhere.statements,
    approval: approval.statements,
    passkey: passkey.statements,
    sessionCheck: sessionCheck.statements,
    newBrowser: newBrowser.statements,
    nudgeOffer: nudgeOffer.statements,
    activity: activity.statements,
    activityFiltered: activityFiltered.statements,
  }),
)
await db().$disconnect()

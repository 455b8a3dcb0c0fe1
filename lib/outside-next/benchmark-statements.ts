import { claimApprovedSignIn, confirmEmailLink, createEmailChallenge, verifyEmailCode } from '../auth/email-sign-in'
import { findActiveSession } from '../auth/session'
import { startSession } from '../auth/sign-in'
import { db } from '../db'
import { blockedUntil, consume, emailKey, ipKey } from '../rate-limit'
import { countStatements } from '../testing/query-count'

/**
 * Child process of `npm run bench`: performs each sign-in step the way the
 * server actions do (same lib calls, same order) against DATABASE_URL and
 * prints the statements each one sent, as one JSON line.
 */
const context = { ipAddress: '192.0.2.10', userAgent: 'benchmark' }
const user = await db().user.create({ data: { email: `bench-${Date.now()}@example.com` }, select: { id: true, email: true } })
// Warm the client up so connection set-up is not counted.
await db().user.count()

const request = await countStatements(async () => {
  await consume('sendPerIp', ipKey(context.ipAddress))
  await consume('sendPerEmail', emailKey(user.email))
  await blockedUntil('codeFailuresPerAccount', emailKey(user.email))
  return createEmailChallenge({ email: user.email, returnTo: null, context, policy: 'open' })
})

const byCode = await createEmailChallenge({ email: user.email, returnTo: null, context, policy: 'open' })
const code = await countStatements(async () => {
  await consume('verifyPerIp', ipKey(context.ipAddress))
  const result = await verifyEmailCode({ browserSecret: byCode.browserSecret, code: byCode.code })
  if (!result.ok) throw new Error(result.reason)
  return startSession(result.user.id, 'email_code', context)
})

const byLink = await createEmailChallenge({ email: user.email, returnTo: null, context, policy: 'open' })
const link = await countStatements(async () => {
  await consume('verifyPerIp', ipKey(context.ipAddress))
  const result = await confirmEmailLink({ linkToken: byLink.linkToken, mode: 'here' })
  if (!result.ok) throw new Error(result.reason)
  return startSession(result.user.id, 'magic_link', context)
})

const approved = await createEmailChallenge({ email: user.email, returnTo: null, context, policy: 'open' })
await confirmEmailLink({ linkToken: approved.linkToken, mode: 'approve' })
const approval = await countStatements(async () => {
  const claimed = await claimApprovedSignIn(approved.browserSecret)
  if (!claimed) throw new Error('approval not claimed')
  return startSession(claimed.user.id, 'magic_link', context)
})

const sessionCheck = await countStatements(() => findActiveSession(code.result.secret))
if (!sessionCheck.result) throw new Error('session not found')

console.log(
  JSON.stringify({
    request: request.statements,
    code: code.statements,
    link: link.statements,
    approval: approval.statements,
    sessionCheck: sessionCheck.statements,
  }),
)
await db().$disconnect()

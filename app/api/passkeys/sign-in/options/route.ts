import { cookies } from 'next/headers'
import type { NextRequest } from 'next/server'
import { z } from 'zod'
import { emailAddressField } from '@/lib/email/address'
import { startPasskeyAuthentication } from '@/lib/auth/passkeys/ceremonies'
import { ceremonyCookie } from '@/lib/auth/passkeys/webauthn'
import { isSameOrigin, jsonError, jsonOk, readJson } from '@/lib/web/json-route'
import { blockedUntil, ipKey, limitReached } from '@/lib/rate-limit'
import { getRequestContext } from '@/lib/web/request-context'

// An address that doesn't parse just means "any passkey": the button works with an empty or half-typed field.
const bodySchema = z.object({ email: z.string().max(320).optional().nullable() }).strict()

/** Starts a passkey sign-in (autofill or the button): a fresh challenge, sealed in this browser's cookie. */
export async function POST(request: NextRequest) {
  if (!isSameOrigin(request)) return jsonError('bad_request', 403)
  const body = await readJson(request, bodySchema)
  if (!body.ok) return body.response
  const context = await getRequestContext()
  const email = emailAddressField.safeParse(body.data.email ?? '')
  // Options for "any passkey" (autofill on every view of /sign-in) only read a counter; a typed address is counted.
  const retryAt = email.success
    ? await limitReached('passkeyOptionsPerIp', ipKey(context.ipAddress))
    : await blockedUntil('passkeyFailuresPerIp', ipKey(context.ipAddress))
  if (retryAt) return jsonError('rate_limited_passkey', 429, { retryAt: retryAt.toISOString() })
  const { options, browserSecret } = await startPasskeyAuthentication({ purpose: 'sign_in', email: email.success ? email.data : undefined })
  ;(await cookies()).set(ceremonyCookie().name, browserSecret, ceremonyCookie().options)
  return jsonOk(options)
}

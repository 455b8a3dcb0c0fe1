import { z } from 'zod'
import { jsonRoute } from '@/lib/actions/pipeline'
import { startPasskeyAuthentication } from '@/lib/auth/passkeys/authentication'
import { bindCeremony } from '@/lib/auth/passkeys/challenges'
import { emailAddressField } from '@/lib/email/address'
import { jsonOk } from '@/lib/web/json-route'

// An address that doesn't parse just means "any passkey": the button works with an empty or half-typed field.
const bodySchema = z
  .object({ email: z.string().max(320).optional().nullable() })
  .strict()
  .transform(({ email }) => {
    const parsed = emailAddressField.safeParse(email ?? '')
    return { email: parsed.success ? parsed.data : undefined }
  })

/**
 * Starts a passkey sign-in (autofill or the button): a fresh challenge, sealed
 * in this browser's cookie. Open to any browser, as the sign-in page's
 * autofill asks on every view. Options for "any passkey" only check the
 * failure counter; a typed address is counted.
 */
export const POST = jsonRoute(
  {
    guard: 'public',
    schema: bodySchema,
    limit: (data) => (data.email ? [{ policy: 'passkey-options-per-ip' }] : [{ policy: 'passkey-failures-per-ip', check: true }]),
  },
  async ({ data }) => {
    const { options, browserSecret } = await startPasskeyAuthentication({ purpose: 'sign_in', email: data.email })
    await bindCeremony(browserSecret)
    return jsonOk(options)
  },
)

import { z } from 'zod'
import { jsonRoute } from '@/lib/actions/pipeline'
import { signInOptions } from '@/lib/auth/passkeys/sign-in'
import { jsonOk } from '@/lib/web/json-route'

// Pages loaded before passkey sign-in stopped naming an address may still send one: accepted, and never read.
const bodySchema = z.object({ email: z.string().max(320).optional().nullable() }).strict()

/**
 * Starts a passkey sign-in (autofill or the button): a fresh challenge, sealed
 * in this browser's cookie, for any discoverable passkey. Open to any
 * browser, as the sign-in page's autofill asks on every view; it reads
 * nothing about any account, so the answer is the same for every address
 * (ADR 2). Only the failure counter is checked.
 */
export const POST = jsonRoute({ guard: 'public', schema: bodySchema, limit: [{ policy: 'passkey-failures-per-ip', check: true }] }, async ({ ctx }) =>
  jsonOk(await signInOptions(ctx)),
)

import { jsonRoute } from '@/lib/actions/pipeline'
import { signInStatus, type SignInStatus } from '@/lib/auth/email-code/link-sign-in'
import type { SignInDelivery } from '@/lib/email/delivery-views'
import { jsonOk } from '@/lib/web/json-route'

export type { SignInDelivery, SignInStatus }

/**
 * Polled by the check-email screen (same origin only; the cookie is SameSite=Lax
 * as well): once the emailed link was approved on another device, this
 * browser, identified by its sign-in cookie, is signed in. It reads no body.
 */
export const POST = jsonRoute({ guard: 'public', schema: null }, async ({ ctx }) => jsonOk<SignInStatus>(await signInStatus(ctx)))

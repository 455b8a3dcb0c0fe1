import 'server-only'
import { cookies } from 'next/headers'
import { cache } from 'react'
import { crossDeviceCookie, devicePasskeysCookie, offerDue, offerPerson, passkeyNudgeCookie } from './device-passkeys'

/*
 * The pages' reader of the passkey offer. It reads this request's cookies
 * itself, so only pages import it; use cases read and set the same cookies
 * through ctx (./device-passkeys.ts) and stay runnable in unit tests.
 */

/**
 * Whether this request's browser is offered a passkey: the person's group and
 * passkeys are read (one statement) only when the cookies leave an offer
 * possible. Cached per request: the layout shows the offer, the overview
 * leaves its own passkey prompt out when it does.
 */
export const passkeyNudgeShown = cache(async (userId: string, method: string): Promise<boolean> => {
  const jar = await cookies()
  return offerDue({
    method,
    snoozed: jar.get(passkeyNudgeCookie().name)?.value,
    devicePasskeys: jar.get(devicePasskeysCookie().name)?.value,
    crossDevice: jar.get(crossDeviceCookie().name)?.value,
    person: () => offerPerson(userId),
  })
})

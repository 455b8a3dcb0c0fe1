import 'server-only'
import { cookies } from 'next/headers'
import { demoPanelAccount, passkeyCreationAtStepUp, type CurrentSession } from '../access'
import { parseDevicePasskeys, devicePasskeysCookie } from './device-passkeys'
import { passkeyCredentialIds } from './management'

/**
 * What the step-up page offers someone an app asks a passkey of (a page
 * reader: it reads this request's cookies itself).
 * - creation: whether a passkey may be created there (passkeyCreationAtStepUp);
 * - create: whether the page leads with creating one rather than using one:
 *   when the account has none, when the person asked for it (`asked`), and,
 *   unless they asked to use one, for a demo panel account none of whose
 *   passkeys this browser has created or used (its seeded ones are in no
 *   browser); never where creation is `no`.
 */
export async function stepUpPasskeyChoice(
  session: CurrentSession,
  input: { hasPasskeys: boolean; asked: 'create' | 'use' | null },
): Promise<{ creation: 'now' | 'after-email-code' | 'no'; create: boolean; demo: boolean }> {
  const creation = await passkeyCreationAtStepUp(session)
  const demo = input.hasPasskeys && demoPanelAccount(session.user.id) && !(await passkeyUsedHere(session.user.id))
  return { creation, create: creation !== 'no' && (!input.hasPasskeys || input.asked === 'create' || (input.asked !== 'use' && demo)), demo }
}

/** Whether one of the person's passkeys was created or used in this browser (its device-passkeys cookie). */
async function passkeyUsedHere(userId: string): Promise<boolean> {
  const here = new Set(parseDevicePasskeys((await cookies()).get(devicePasskeysCookie().name)?.value))
  if (here.size === 0) return false
  return (await passkeyCredentialIds(userId)).some((id) => here.has(id))
}

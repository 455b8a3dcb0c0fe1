import 'server-only'
import { db } from '../../db'
import { env } from '../../env'
import type { RequestContext } from '../../web/request-context'
import { noticeAddresses } from '../../notices/addresses'
import { deliverSecurityNotice, eventFacts } from '../../notices/delivery'

export type PasskeyNotice = 'added' | 'removed' | 'clone_suspected'

const wording: Record<PasskeyNotice, { title: (name: string) => string; summary: (name: string) => string; ifNotYou: string }> = {
  added: {
    title: () => 'A passkey was added to your account',
    summary: (name) => `The passkey “${name}” can now sign in to your account.`,
    ifNotYou: "If this wasn't you, remove the passkey now and sign out your other sessions.",
  },
  removed: {
    title: () => 'A passkey was removed from your account',
    summary: (name) => `The passkey “${name}” can no longer sign in to your account.`,
    ifNotYou: "If this wasn't you, someone may be signed in to your account: review your passkeys and sessions now.",
  },
  clone_suspected: {
    title: () => 'We stopped a sign-in with a possibly copied passkey',
    summary: (name) =>
      `Someone signed in with your passkey “${name}”, but its security counter went backwards, which happens when a copy of the passkey exists. We refused the sign-in.`,
    ifNotYou: 'If you did not just try to sign in, remove this passkey and add a new one. If it was you, you can also remove it and add it again to be safe.',
  },
}

/** Tells the user about a change to their passkeys, at every address security notices go to. */
export async function sendPasskeyNotice(
  notice: PasskeyNotice,
  input: { userId: string; context: RequestContext; at?: Date } & ({ passkeyName: string } | { passkeyId: string }),
): Promise<void> {
  const user = await db().user.findUnique({
    where: { id: input.userId },
    select: { id: true, passkeys: 'passkeyId' in input ? { where: { id: input.passkeyId }, select: { name: true } } : false },
  })
  if (!user) return
  const passkeyName = 'passkeyName' in input ? input.passkeyName : (user.passkeys?.[0]?.name ?? 'Passkey')
  const { appName, appUrl } = env()
  const at = input.at ?? new Date()
  const text = wording[notice]
  await deliverSecurityNotice(
    await noticeAddresses(input.userId),
    {
      appName,
      title: text.title(passkeyName),
      summary: text.summary(passkeyName),
      details: [['Passkey', passkeyName], ...eventFacts(at, input.context)],
      reviewUrl: `${appUrl}/account/passkeys`,
      reviewLabel: 'Review your passkeys',
      ifNotYou: text.ifNotYou,
    },
    { userId: input.userId, reason: `passkey_${notice}`, context: input.context },
  )
}

import 'server-only'
import { db } from '../../db'
import { env } from '../../env'
import type { RequestContext } from '../../web/request-context'
import { ADDRESSEE_FIELDS, addresseeOf } from '../../notices/addresses'
import { deliverSecurityNotice, eventFacts } from '../../notices/delivery'

export type PasskeyNotice = 'added' | 'removed' | 'clone_suspected'

/** Each notice's words, under notices.passkey. */
const WORDING = { added: 'added', removed: 'removed', clone_suspected: 'cloneSuspected' } as const

/**
 * Tells the user about a change to their passkeys, at every address security
 * notices go to, in their language. `own`: whether they made the change
 * themselves (by default, for an added or removed passkey; a refused sign-in
 * with a copied passkey is not theirs to choose the language of), so an
 * administrator's removal is written in the person's language, not theirs.
 */
export async function sendPasskeyNotice(
  notice: PasskeyNotice,
  input: { userId: string; context: RequestContext; at?: Date; own?: boolean } & ({ passkeyName: string } | { passkeyId: string }),
): Promise<void> {
  const user = await db().user.findUnique({
    where: { id: input.userId },
    select: { ...ADDRESSEE_FIELDS, passkeys: 'passkeyId' in input ? { where: { id: input.passkeyId }, select: { name: true } } : false },
  })
  if (!user) return
  const { appUrl } = env()
  const at = input.at ?? new Date()
  const key = WORDING[notice]
  await deliverSecurityNotice({
    to: addresseeOf(user),
    own: input.own ?? notice !== 'clone_suspected',
    record: { userId: input.userId, reason: `passkey_${notice}`, context: input.context },
    write: (tr) => {
      const { t } = tr
      const name = 'passkeyName' in input ? input.passkeyName : (user.passkeys?.[0]?.name ?? t('notices.passkey.unnamed'))
      return {
        title: t(`notices.passkey.${key}.title`),
        summary: t(`notices.passkey.${key}.summary`, { name }),
        details: [[t('notices.facts.passkey'), name], ...eventFacts(tr, at, input.context)],
        reviewUrl: `${appUrl}/account/passkeys`,
        reviewLabel: t('notices.passkey.reviewLabel'),
        ifNotYou: t(`notices.passkey.${key}.ifNotYou`),
      }
    },
  })
}

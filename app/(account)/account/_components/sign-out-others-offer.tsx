import { cookies } from 'next/headers'
import { getTranslations } from 'next-intl/server'
import { countOtherSessions } from '@/lib/auth/session/store'
import { signOutOthersOffered } from '@/lib/auth/session/sign-out-offer'
import { SignOutOthersOfferForm } from '../sessions/_components/session-forms'

/**
 * Shown on the passkeys, recovery and profile pages for 10 minutes after a
 * change to how the account signs in, when other sessions exist. The form
 * stays mounted when the count drops to 0, so its result stays on screen.
 */
export async function SignOutOthersOffer({ userId, sessionId }: { userId: string; sessionId: string }) {
  if (!(await signOutOthersOffered(userId, sessionId, await cookies()))) return null
  const [others, t] = await Promise.all([countOtherSessions(userId, sessionId), getTranslations('account.sessions')])
  return (
    <SignOutOthersOfferForm
      others={others}
      labels={{
        title: t('offer.title'),
        text: t('offer.text', { count: others }),
        submit: t('offer.submit'),
        signingOut: t('signingOut'),
        notNow: t('offer.notNow'),
      }}
    />
  )
}

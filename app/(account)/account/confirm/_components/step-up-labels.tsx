import { getTranslations } from 'next-intl/server'
import { data } from '@/components/ui/data'
import type { StepUpEmailLabels } from '@/app/(account)/account/confirm/_components/step-up'

/** The words of the step-up page's two ways to confirm, for the page and for its "an app asks for a passkey" part alike. */
export async function stepUpLabels(email: string): Promise<{ passkey: { confirm: string; waiting: string }; email: StepUpEmailLabels }> {
  const t = await getTranslations('account.confirm')
  return {
    passkey: { confirm: t('withPasskey'), waiting: t('waitingForPasskey') },
    email: {
      send: t.rich('emailCode', { email, data }),
      sendAgain: t('sendNewCode'),
      sending: t('sending'),
      code: t('codeLabel'),
      checking: t('checking'),
      confirm: t('submit'),
    },
  }
}

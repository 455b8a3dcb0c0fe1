import 'server-only'
import { getTranslations } from 'next-intl/server'
import type { RecoverFormLabels } from './recover-forms'

/** What a recovery or access code looks like, in the hints (codes stay as they are in every language). */
const EXAMPLE_CODE = 'K7QF-2M9D-X4TW-8HNC'

/** The recovery forms' words in the reader's language, for the client forms that show them. */
export async function recoverFormLabels(): Promise<RecoverFormLabels> {
  const t = await getTranslations('recovery.forms')
  return {
    emailLabel: t('emailLabel'),
    emailHint: t('emailHint'),
    sendCode: t('sendCode'),
    sending: t('sending'),
    continue: t('continue'),
    checking: t('checking'),
    emailedCodeLabel: t('emailedCodeLabel'),
    recoveryCodeLabel: t('recoveryCodeLabel'),
    recoveryCodeHint: t('recoveryCodeHint', { example: EXAMPLE_CODE }),
    totpLabel: t('totpLabel'),
    totpHint: t('totpHint'),
    accessCodeLabel: t('accessCodeLabel'),
    accessCodeHint: t('accessCodeHint', { example: EXAMPLE_CODE }),
  }
}

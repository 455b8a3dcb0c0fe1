import 'server-only'
import { getTranslations } from 'next-intl/server'
import { SLOT } from '@/components/ui/slot'
import type { AddressFormLabels } from './address-code-form'

/** The words of AddressCodeForm and AddressRequestForm in the reader's language, for a server page to pass down. */
export async function addressFormLabels(): Promise<AddressFormLabels> {
  const t = await getTranslations('common.addressForm')
  return { sent: t('sent', { address: SLOT }), codeLabel: t('codeLabel'), checking: t('checking'), sending: t('sending') }
}

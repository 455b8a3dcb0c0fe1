import { notFound } from 'next/navigation'
import { getTranslations } from 'next-intl/server'
import { Card } from '@/components/ui/card'
import { requireAnonymous } from '@/lib/auth/dal'
import { env } from '@/lib/env'
import { safeReturnPath } from '@/lib/web/return-path'
import { PhoneForm } from './_components/phone-form'

export async function generateMetadata() {
  const t = await getTranslations('signIn.sms')
  return { title: t('title') }
}

/** Signing in by a code texted to a verified number (ADR 36); only where an SMS provider is set up. */
export default async function TextSignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAnonymous()
  if (!env().sms) notFound()
  const t = await getTranslations('signIn.sms')
  const back = safeReturnPath((await searchParams).returnTo)
  return (
    <Card>
      <h1 className="text-2xl font-bold tracking-tight">{t('title')}</h1>
      <p className="mt-2 mb-6 text-zinc-600 dark:text-zinc-400">{t('intro')}</p>
      <PhoneForm returnTo={back} labels={{ phone: t('phone.label'), hint: t('phone.hint'), submit: t('phone.submit'), pending: t('phone.pending') }} />
      <p className="mt-5 text-center text-sm">
        <a href="/sign-in" className="font-semibold text-indigo-700 underline-offset-4 hover:underline dark:text-indigo-300">
          {t('otherWays')}
        </a>
      </p>
    </Card>
  )
}

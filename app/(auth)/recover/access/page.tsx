import Link from 'next/link'
import { getTranslations } from 'next-intl/server'
import { recoverFormLabels } from '@/app/(auth)/recover/_components/form-labels'
import { AccessCodeForm } from '@/app/(auth)/recover/_components/recover-forms'
import { Card } from '@/components/ui/card'
import { requireAnonymous } from '@/lib/auth/dal'

export async function generateMetadata() {
  const t = await getTranslations('recovery.access')
  return { title: t('title') }
}

/** Where someone enters the one-time access code their helpdesk read out. */
export default async function RecoverWithAccessCodePage() {
  await requireAnonymous()
  const [t, labels] = await Promise.all([getTranslations('recovery.access'), recoverFormLabels()])
  return (
    <Card>
      <h1 className="text-2xl font-bold tracking-tight">{t('title')}</h1>
      <p className="mt-2 mb-6 text-zinc-600 dark:text-zinc-400">{t('intro')}</p>
      <AccessCodeForm labels={labels} />
      <Link href="/recover" className="mt-4 inline-block text-sm font-semibold text-indigo-700 underline dark:text-indigo-300">
        {t('back')}
      </Link>
    </Card>
  )
}

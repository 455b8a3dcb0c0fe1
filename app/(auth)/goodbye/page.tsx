import { getTranslations } from 'next-intl/server'
import { Card } from '@/components/ui/card'

export async function generateMetadata() {
  const t = await getTranslations('signIn.goodbye')
  return { title: t('title') }
}

/** Where a deleted account lands: what happened and what is left to do on the device. */
export default async function GoodbyePage() {
  const t = await getTranslations('signIn.goodbye')
  return (
    <Card>
      <h1 className="text-2xl font-bold tracking-tight">{t('heading')}</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">{t('text')}</p>
      <a href="/sign-in" className="mt-6 inline-block text-sm font-semibold text-indigo-700 underline dark:text-indigo-300">
        {t('back')}
      </a>
    </Card>
  )
}

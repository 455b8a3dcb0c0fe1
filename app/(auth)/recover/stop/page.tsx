import { getTranslations } from 'next-intl/server'
import { Card } from '@/components/ui/card'
import { StopRecoveryForm } from './_components/stop-form'

export async function generateMetadata() {
  const t = await getTranslations('recovery.waiting')
  return { title: t('stopTitle') }
}

/**
 * Where the waiting-recovery notice's link leads: a button that stops the
 * recovery in a browser that signed in to the account before (or is signed
 * in to it). Opening the page reads nothing and changes nothing, so a mail
 * scanner following the link does no harm.
 */
export default async function StopRecoveryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await searchParams
  const t = await getTranslations('recovery.waiting')
  return (
    <Card>
      <h1 className="text-2xl font-bold tracking-tight">{t('stopTitle')}</h1>
      <p className="mt-2 mb-6 text-zinc-600 dark:text-zinc-400">{t('stopBody')}</p>
      <StopRecoveryForm
        token={typeof token === 'string' ? token.slice(0, 64) : ''}
        labels={{ stop: t('stopButton'), stopping: t('stopping'), stopped: t('stopped') }}
      />
    </Card>
  )
}

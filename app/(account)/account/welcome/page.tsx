import Link from 'next/link'
import { getTranslations } from 'next-intl/server'
import { data } from '@/components/ui/data'
import { Card } from '@/components/ui/card'
import { requireWelcome } from '@/lib/auth/dal'
import { passkeyCeremonyMessages } from '@/lib/errors'
import { requestTranslator } from '@/lib/i18n/reader'
import { WelcomePanel } from './_components/welcome-panel'

export async function generateMetadata() {
  const t = await getTranslations('account.welcome')
  return { title: t('title') }
}

/** Where an accepted invitation lands: create the passkey, then set up a way back in. */
export default async function WelcomePage() {
  const ceremonyMessages = passkeyCeremonyMessages((await requestTranslator()).t)
  const session = await requireWelcome()
  const t = await getTranslations('account.welcome')
  const name = session.user.displayName
  return (
    <Card className="max-w-xl">
      <h1 className="text-2xl font-bold tracking-tight">{name ? t.rich('headingNamed', { name, data }) : t('heading')}</h1>
      {session.hasPasskey ? (
        <p className="mt-2 text-zinc-600 dark:text-zinc-400">
          {t.rich('ready', {
            link: (chunks) => (
              <Link href="/account/recovery?welcome=1" className="font-semibold text-indigo-700 underline dark:text-indigo-300">
                {chunks}
              </Link>
            ),
          })}
        </p>
      ) : (
        <>
          <p className="mt-2 mb-6 text-zinc-600 dark:text-zinc-400">{t('intro')}</p>
          <WelcomePanel messages={ceremonyMessages} label={t('create')} />
        </>
      )}
    </Card>
  )
}

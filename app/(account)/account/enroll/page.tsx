import { getTranslations } from 'next-intl/server'
import { Card } from '@/components/ui/card'
import { requireEnrolment } from '@/lib/auth/dal'
import { passkeyCeremonyMessages } from '@/lib/errors'
import { requestTranslator } from '@/lib/i18n/reader'
import { EnrollPanel } from './_components/enroll-panel'
import { safeReturnPath } from '@/lib/web/return-path'

export async function generateMetadata() {
  const t = await getTranslations('account.enroll')
  return { title: t('title') }
}

/**
 * Where someone whose group requires a passkey lands after signing in by
 * email without one: every other page and action sends them back here until
 * a passkey is added (the guard in lib/auth/dal.ts).
 */
export default async function EnrollPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ceremonyMessages = passkeyCeremonyMessages((await requestTranslator()).t)
  const session = await requireEnrolment()
  const { returnTo } = await searchParams
  const t = await getTranslations('account.enroll')
  return (
    <Card className="max-w-xl">
      <h1 className="text-2xl font-bold tracking-tight">{t('title')}</h1>
      <p className="mt-2 mb-6 text-zinc-600 dark:text-zinc-400">
        {t.rich('intro', {
          email: session.user.email,
          data: (chunks) => (
            <bdi className="font-medium break-all" translate="no">
              {chunks}
            </bdi>
          ),
        })}
      </p>
      <EnrollPanel messages={ceremonyMessages} next={safeReturnPath(returnTo)} label={t('create')} />
    </Card>
  )
}

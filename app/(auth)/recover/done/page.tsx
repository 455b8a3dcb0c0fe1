import { getTranslations } from 'next-intl/server'
import { ButtonLink } from '@/components/ui/button-link'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { FormMessage } from '@/components/ui/form-message'
import { requireSession } from '@/lib/auth/dal'
import { countOtherSessions } from '@/lib/auth/session/store'
import { signOutOtherSessionsAction } from '../actions'

export async function generateMetadata() {
  const t = await getTranslations('recovery.done')
  return { title: t('title') }
}

/** After recovery: offer to sign out every other session, then go on to the account. */
export default async function RecoverDonePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireSession('/recover/done')
  const [t, others] = await Promise.all([getTranslations('recovery.done'), countOtherSessions(session.user.id, session.sessionId)])
  const { signedOut } = await searchParams
  return (
    <Card>
      <h1 className="text-2xl font-bold tracking-tight">{t('title')}</h1>
      <p className="mt-2 mb-6 text-zinc-600 dark:text-zinc-400">{t('intro')}</p>
      {signedOut ? <FormMessage tone="success">{t('signedOut')}</FormMessage> : null}
      {others > 0 ? (
        <form action={signOutOtherSessionsAction} className="mb-6 space-y-3" data-testid="other-sessions">
          <p className="text-sm">{t('others', { count: others })}</p>
          <Button type="submit" variant="secondary" className="w-full">
            {t('signOutOthers')}
          </Button>
        </form>
      ) : null}
      <div className="mt-6">
        <ButtonLink href="/account" className="w-full">
          {t('goToAccount')}
        </ButtonLink>
      </div>
    </Card>
  )
}

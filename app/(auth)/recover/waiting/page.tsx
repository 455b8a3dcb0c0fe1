import { cookies } from 'next/headers'
import { redirect } from 'next/navigation'
import { getFormatter, getTranslations } from 'next-intl/server'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { ButtonLink } from '@/components/ui/button-link'
import { requireAnonymous } from '@/lib/auth/dal'
import { waitingRecoveryState } from '@/lib/recovery/waiting-recovery'
import { stopMyRecoveryAction } from '../actions'
import { FinishRecoveryForm } from './_components/finish-form'

export async function generateMetadata() {
  const t = await getTranslations('recovery.waiting')
  return { title: t('waitingTitle') }
}

/**
 * The browser that asked to recover with its email alone: when the recovery
 * takes effect, "Continue" once it has, and a way to stop it. Reading the
 * page changes nothing.
 */
export default async function WaitingRecoveryPage() {
  await requireAnonymous()
  const [t, format, state] = await Promise.all([getTranslations('recovery.waiting'), getFormatter(), waitingRecoveryState({ cookies: await cookies() })])
  if (state.state === 'none') redirect('/recover')
  if (state.state !== 'waiting' && state.state !== 'ready') {
    const stopped = state.state === 'stopped'
    return (
      <Card>
        <h1 className="text-2xl font-bold tracking-tight">{stopped ? t('stoppedTitle') : t('expiredTitle')}</h1>
        <p className="mt-2 mb-6 text-zinc-600 dark:text-zinc-400" data-testid="waiting-recovery" data-state={state.state}>
          {stopped ? t('stoppedBody') : t('expiredBody')}
        </p>
        <form action={stopMyRecoveryAction}>
          <Button type="submit" variant="secondary" className="w-full">
            {t('startAgain')}
          </Button>
        </form>
      </Card>
    )
  }
  const ready = state.state === 'ready'
  return (
    <Card>
      <h1 className="text-2xl font-bold tracking-tight">{ready ? t('readyTitle') : t('waitingTitle')}</h1>
      <p className="mt-2 mb-6 text-zinc-600 dark:text-zinc-400" data-testid="waiting-recovery" data-state={state.state}>
        {ready ? t('readyBody') : t('waitingBody', { time: format.dateTime(state.readyAt, 'time') })}
      </p>
      {ready ? <FinishRecoveryForm labels={{ finish: t('finish'), finishing: t('finishing') }} /> : null}
      <form action={stopMyRecoveryAction} className="mt-3">
        <Button type="submit" variant="ghost" className="w-full">
          {t('stopMine')}
        </Button>
      </form>
      {ready ? null : (
        <ButtonLink href="/sign-in" variant="secondary" className="mt-3 w-full">
          {t('signIn')}
        </ButtonLink>
      )}
    </Card>
  )
}

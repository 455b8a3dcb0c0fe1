import type { ReactNode } from 'react'
import { getTranslations } from 'next-intl/server'
import { AppHeader } from '@/components/app-header'
import { SiteNav } from '@/components/site-nav'
import { PasskeyNudge } from '@/app/(account)/account/_components/passkey-nudge'
import { PasskeySignals } from '@/app/(account)/account/_components/passkey-signals'
import { WaitingRecoveryBanner } from '@/app/(account)/account/_components/waiting-recovery-banner'
import { PLACEHOLDER } from '@/app/(account)/account/_components/template'
import { getCurrentSession, mustEnrol } from '@/lib/auth/dal'
import { passkeyNudgeShown } from '@/lib/auth/passkeys/nudge-view'
import { env } from '@/lib/env'
import { passkeyCeremonyMessages } from '@/lib/errors'
import { requestTranslator } from '@/lib/i18n/reader'
import { signOutAction } from './actions'

export default async function AccountLayout({ children }: { children: ReactNode }) {
  const ceremonyMessages = passkeyCeremonyMessages((await requestTranslator()).t)
  const t = await getTranslations('account.nudge')
  // Each page requires the session itself (and redirects to sign-in with its own
  // path to come back to); the layout only decides whether to draw the frame.
  const session = await getCurrentSession()
  if (!session) return children
  const { user } = session
  if (mustEnrol(session)) {
    // Until the passkey its group requires exists, the session can only add it: no navigation to pages it cannot use.
    return (
      <>
        <AppHeader appName={env().appName} user={user} signOutAction={signOutAction} />
        <main id="main" className="mx-auto max-w-5xl px-4 py-6 sm:py-10">
          {children}
        </main>
      </>
    )
  }
  // After a passkey sign-in the offer shows only when that passkey came from another device (a phone, a security key).
  const nudgeWords =
    session.method === 'passkey'
      ? { title: t('crossDevice.title'), text: t('crossDevice.text'), created: t('crossDevice.created', { name: PLACEHOLDER }) }
      : { title: t('title'), text: t('text'), created: t('created', { name: PLACEHOLDER }) }
  return (
    <>
      <AppHeader appName={env().appName} user={user} signOutAction={signOutAction} />
      <PasskeySignals name={user.email} displayName={user.displayName} />
      <div className="mx-auto grid max-w-5xl gap-6 px-4 py-6 sm:grid-cols-[12rem_1fr] sm:py-10">
        <SiteNav role={user.role} />
        <main id="main" className="min-w-0">
          {/* Read with the session: the banner's own read happens only while a recovery waits. */}
          {session.recoveryWaiting ? <WaitingRecoveryBanner userId={user.id} /> : null}
          <PasskeyNudge
            show={await passkeyNudgeShown(user.id, session.method)}
            // The confirmation page asks for step-up options: registration options beside them would replace its challenge.
            hiddenOn={['/account/passkeys', '/account/confirm']}
            messages={ceremonyMessages}
            labels={{ ...nudgeWords, create: t('create'), notNow: t('notNow') }}
            returnTo="/account"
          />
          {children}
        </main>
      </div>
    </>
  )
}

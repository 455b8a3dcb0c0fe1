import { cookies } from 'next/headers'
import type { ReactNode } from 'react'
import { AppHeader } from '@/components/app-header'
import { SiteNav } from '@/components/site-nav'
import { PasskeyNudge } from '@/app/(account)/account/_components/passkey-nudge'
import { getCurrentSession, mustEnrol, type CurrentSession } from '@/lib/auth/dal'
import { devicePasskeysCookie, nudgeSnoozed, parseDevicePasskeys, passkeyNudgeCookie } from '@/lib/auth/passkeys/device-passkeys'
import { passkeyCredentialIds } from '@/lib/auth/passkeys/management'
import { env } from '@/lib/env'
import { passkeySuggested } from '@/lib/policy/decide'
import { passkeyCeremonyMessages } from '@/lib/errors'
import { signOutAction } from './actions'

const ceremonyMessages = passkeyCeremonyMessages()

/** Offer a passkey after an email sign-in when none of the user's passkeys was used on this browser, unless snoozed. */
async function shouldNudge(session: CurrentSession): Promise<boolean> {
  if (session.method !== 'email_code' && session.method !== 'magic_link') return false
  if (!passkeySuggested(session.policy)) return false
  const jar = await cookies()
  if (nudgeSnoozed(jar.get(passkeyNudgeCookie().name)?.value)) return false
  const here = new Set(parseDevicePasskeys(jar.get(devicePasskeysCookie().name)?.value))
  return !(await passkeyCredentialIds(session.user.id)).some((id) => here.has(id))
}

export default async function AccountLayout({ children }: { children: ReactNode }) {
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
  return (
    <>
      <AppHeader appName={env().appName} user={user} signOutAction={signOutAction} />
      <div className="mx-auto grid max-w-5xl gap-6 px-4 py-6 sm:grid-cols-[12rem_1fr] sm:py-10">
        <SiteNav role={user.role} />
        <main id="main" className="min-w-0">
          <PasskeyNudge show={await shouldNudge(session)} messages={ceremonyMessages} returnTo="/account" />
          {children}
        </main>
      </div>
    </>
  )
}

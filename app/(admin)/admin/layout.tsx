import type { ReactNode } from 'react'
import { signOutAction } from '@/app/(account)/account/actions'
import { AppHeader } from '@/components/app-header'
import { getCurrentSession } from '@/lib/auth/dal'
import { env } from '@/lib/env'

/** The helpdesk's and administrators' pages: the app's header and a wide main column. Each page checks the role itself. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const session = await getCurrentSession()
  return (
    <>
      {session ? <AppHeader appName={env().appName} user={session.user} signOutAction={signOutAction} /> : null}
      <main id="main" className="mx-auto max-w-5xl px-4 py-6 sm:py-10">
        {children}
      </main>
    </>
  )
}

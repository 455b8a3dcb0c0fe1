import type { ReactNode } from 'react'
import { signOutAction } from '@/app/(account)/account/actions'
import { AppHeader } from '@/components/app-header'
import { SiteNav } from '@/components/site-nav'
import { getCurrentSession } from '@/lib/auth/dal'
import { env } from '@/lib/env'

/** The helpdesk's and administrators' pages: the app's header and a wide main column. Each page checks the role itself. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const session = await getCurrentSession()
  return (
    <>
      {session ? <AppHeader appName={env().appName} user={session.user} signOutAction={signOutAction} /> : null}
      <div className="mx-auto grid max-w-6xl gap-6 px-4 py-6 sm:grid-cols-[12rem_1fr] sm:py-10">
        {session ? <SiteNav role={session.user.role} /> : <div />}
        <main id="main" className="min-w-0">
          {children}
        </main>
      </div>
    </>
  )
}

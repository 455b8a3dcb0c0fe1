import type { ReactNode } from 'react'
import { AccountNav } from '@/components/account-nav'
import { AppHeader } from '@/components/app-header'
import { requireUser } from '@/lib/auth/dal'
import { env } from '@/lib/env'
import { signOutAction } from './actions'

export default async function AccountLayout({ children }: { children: ReactNode }) {
  // Pages check the session themselves too; this only decides what the frame shows.
  const user = await requireUser('/account')
  return (
    <>
      <AppHeader appName={env().appName} user={user} signOutAction={signOutAction} />
      <div className="mx-auto grid max-w-5xl gap-6 px-4 py-6 sm:grid-cols-[12rem_1fr] sm:py-10">
        <AccountNav />
        <main id="main" className="min-w-0">
          {children}
        </main>
      </div>
    </>
  )
}

import type { ReactNode } from 'react'
import { AccountNav } from '@/components/account-nav'
import { AppHeader } from '@/components/app-header'
import { getCurrentUser } from '@/lib/auth/dal'
import { env } from '@/lib/env'
import { signOutAction } from './actions'

export default async function AccountLayout({ children }: { children: ReactNode }) {
  // Each page requires the session itself (and redirects to sign-in with its own
  // path to come back to); the layout only decides whether to draw the frame.
  const user = await getCurrentUser()
  if (!user) return children
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

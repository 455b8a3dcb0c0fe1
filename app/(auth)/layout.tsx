import type { ReactNode } from 'react'
import { env } from '@/lib/env'

/** The signed-out screens: one centred card under the app's name. */
export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main id="main" className="mx-auto flex min-h-dvh w-full max-w-md flex-col justify-center px-4 py-10">
      <p translate="no" className="mb-6 text-center text-sm font-bold tracking-wide text-indigo-700 dark:text-indigo-300">
        {env().appName}
      </p>
      {children}
    </main>
  )
}

import { notFound } from 'next/navigation'
import type { ReactNode } from 'react'
import { env } from '@/lib/env'

/** Development tools exist only in development, tests and demo mode; elsewhere they are a 404. */
export default function DevLayout({ children }: { children: ReactNode }) {
  if (!env().devToolsEnabled) notFound()
  return (
    <div className="mx-auto max-w-5xl px-4 py-6 sm:py-10">
      <p className="mb-4 inline-block rounded-full bg-amber-100 px-3 py-1 text-xs font-semibold text-amber-900 dark:bg-amber-500/15 dark:text-amber-300">
        Demo and development only
      </p>
      {children}
    </div>
  )
}

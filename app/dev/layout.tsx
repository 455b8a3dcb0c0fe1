import Link from 'next/link'
import { notFound } from 'next/navigation'
import type { ReactNode } from 'react'
import { getTranslations } from 'next-intl/server'
import { env } from '@/lib/env'

/** Development tools exist only in development, tests and demo mode; elsewhere they are a 404. */
export default async function DevLayout({ children }: { children: ReactNode }) {
  if (!env().devToolsEnabled) notFound()
  const t = await getTranslations('demo.devTools')
  return (
    <div className="mx-auto max-w-5xl px-4 py-6 sm:py-10">
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <p className="inline-block rounded-full bg-amber-100 px-3 py-1 text-xs font-semibold text-amber-900 dark:bg-amber-500/15 dark:text-amber-300">
          {t('badge')}
        </p>
        <Link href="/" className="text-sm font-semibold text-indigo-700 underline-offset-4 hover:underline dark:text-indigo-300">
          {t('back')}
        </Link>
      </div>
      {children}
    </div>
  )
}

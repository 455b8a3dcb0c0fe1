import { getTranslations } from 'next-intl/server'

export async function generateMetadata() {
  const t = await getTranslations('common.notFound')
  return { title: t('title') }
}

export default async function NotFound() {
  const t = await getTranslations('common.notFound')
  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-md flex-col justify-center px-6 py-16">
      <p className="text-sm font-semibold text-indigo-600 dark:text-indigo-400" translate="no">
        404
      </p>
      <h1 className="mt-2 text-2xl font-bold tracking-tight">{t('heading')}</h1>
      <p className="mt-3 text-zinc-600 dark:text-zinc-400">{t('text')}</p>
      {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- the root not-found boundary is part of every route, so next/link here would add its client code (≈3 KiB) to every page, /sign-in included; a full load is fine from a 404. */}
      <a href="/" className="mt-6 text-sm font-semibold text-indigo-600 underline-offset-4 hover:underline dark:text-indigo-400">
        {t('home')}
      </a>
    </main>
  )
}

import type { Metadata, Viewport } from 'next'
import type { ReactNode } from 'react'
import { cookies } from 'next/headers'
import { getTranslations } from 'next-intl/server'
import { DemoBanner } from '@/components/demo-banner'
import { DemoGuideLauncher } from '@/components/demo-guide/demo-guide-launcher'
import { readGuide } from '@/lib/demo/guide/guide'
import { TimeZoneCookie } from '@/components/time-zone-cookie'
import { env } from '@/lib/env'
import { timeZoneCookieName } from '@/lib/i18n/cookies'
import { textDirection } from '@/lib/i18n/locales'
import { readPreferences, requestTranslator } from '@/lib/i18n/reader'
import './globals.css'

// Every page depends on who is signed in (and on run-time configuration).
export const dynamic = 'force-dynamic'

export async function generateMetadata(): Promise<Metadata> {
  const { appName } = env()
  const t = await getTranslations('common.meta')
  return {
    title: { default: appName, template: `%s · ${appName}` },
    description: t('description', { appName }),
    icons: {
      icon: [
        { url: '/favicon.ico', sizes: '48x48' },
        { url: '/icon.svg', type: 'image/svg+xml' },
      ],
      apple: '/apple-touch-icon.png',
    },
    manifest: '/manifest.webmanifest',
    robots: { index: false, follow: false },
  }
}

export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#fafafa' },
    { media: '(prefers-color-scheme: dark)', color: '#09090b' },
  ],
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [{ locale }, t, jar] = await Promise.all([readPreferences(), getTranslations('common'), cookies()])
  // Demo mode only (null anywhere else): the guide reads the records, never writes them.
  const guide = env().demoMode ? await readGuide({ cookies: jar }, await requestTranslator()) : null
  return (
    <html lang={locale} dir={textDirection(locale)}>
      <body className="min-h-dvh font-sans">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:start-4 focus:top-4 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:shadow dark:focus:bg-zinc-900"
        >
          {t('skipToContent')}
        </a>
        <TimeZoneCookie name={timeZoneCookieName()} seen={jar.get(timeZoneCookieName())?.value ?? null} />
        {env().email.mailboxEnabled ? <DemoBanner /> : null}
        {guide ? <DemoGuideLauncher initial={guide} /> : null}
        {children}
      </body>
    </html>
  )
}

import type { Metadata, Viewport } from 'next'
import type { ReactNode } from 'react'
import { DemoBanner } from '@/components/demo-banner'
import { env } from '@/lib/env'
import './globals.css'

// Every page depends on who is signed in (and on run-time configuration).
export const dynamic = 'force-dynamic'

export function generateMetadata(): Metadata {
  const { appName } = env()
  return {
    title: { default: appName, template: `%s · ${appName}` },
    description: `${appName}: sign in without passwords and manage your passkeys.`,
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

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-dvh font-sans">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:shadow dark:focus:bg-zinc-900"
        >
          Skip to content
        </a>
        {env().email.mailboxEnabled ? <DemoBanner /> : null}
        {children}
      </body>
    </html>
  )
}

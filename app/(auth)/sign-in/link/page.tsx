import type { Metadata } from 'next'
import { cookies } from 'next/headers'
import { LinkConfirmForm } from '@/app/(auth)/sign-in/link/_components/link-confirm-form'
import { ButtonLink } from '@/components/ui/button-link'
import { Card } from '@/components/ui/card'
import { FormMessage } from '@/components/ui/form-message'
import { maskEmailAddress } from '@/lib/email/address'
import { describeEmailLink } from '@/lib/auth/email-code/link'
import { signInRequestCookie } from '@/lib/auth/email-code/request-cookie'
import { env } from '@/lib/env'
import { errorMessage, waitText } from '@/lib/errors'

// The token is in the address: never pass it on to another site.
export const metadata: Metadata = { title: 'Confirm sign-in', referrer: 'no-referrer' }

const unusable = { used: 'link_used', expired: 'link_expired', superseded: 'link_superseded', invalid: 'link_invalid' } as const

/** Opening the link only shows this page; the sign-in happens on its button. */
export default async function ConfirmLinkPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await searchParams
  const linkToken = typeof token === 'string' ? token : ''
  const secret = (await cookies()).get(signInRequestCookie().name)?.value
  const link = await describeEmailLink(linkToken, secret)
  const { appName } = env()

  if (link.status !== 'ready' || !link.email) {
    return (
      <Card>
        <h1 className="text-2xl font-bold tracking-tight">This link can’t be used</h1>
        <div className="mt-4">
          <FormMessage tone="error">{errorMessage(unusable[link.status === 'ready' ? 'invalid' : link.status])}</FormMessage>
        </div>
        <ButtonLink href="/sign-in" className="mt-6 w-full">
          Send a new sign-in email
        </ButtonLink>
      </Card>
    )
  }

  const masked = maskEmailAddress(link.email)
  return (
    <Card>
      {link.sameBrowser ? (
        <>
          <h1 className="text-2xl font-bold tracking-tight">Sign in to {appName}</h1>
          <p className="mt-2 mb-6 text-zinc-600 dark:text-zinc-400">
            Sign in to {appName} as <strong className="font-semibold text-zinc-900 dark:text-zinc-100">{masked}</strong> on this device?
          </p>
        </>
      ) : (
        <>
          <h1 className="text-2xl font-bold tracking-tight">Where do you want to sign in?</h1>
          <p className="mt-2 text-zinc-600 dark:text-zinc-400">
            This link signs in <strong className="font-semibold text-zinc-900 dark:text-zinc-100">{masked}</strong>. It was requested from {link.requestedFrom}
            {link.requestedAt ? ` ${waitText(new Date(), link.requestedAt)} ago` : ''}.
          </p>
          <p className="mt-2 mb-6 text-sm text-zinc-600 dark:text-zinc-400">
            Only approve the other device if you asked for this email yourself, just now, and can see its screen.
          </p>
        </>
      )}
      <LinkConfirmForm token={linkToken} sameBrowser={link.sameBrowser} approvable={link.approvable ?? false} appName={appName} />
    </Card>
  )
}

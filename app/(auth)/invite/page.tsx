import Link from 'next/link'
import { getTranslations } from 'next-intl/server'
import { Card } from '@/components/ui/card'
import { describeInvitation, type InvitationState } from '@/lib/admin/invitations'
import { maskEmailAddress } from '@/lib/email/address'
import { env } from '@/lib/env'
import { errorMessage } from '@/lib/errors'
import { AcceptInvitationForm } from './_components/accept-form'

export async function generateMetadata() {
  const t = await getTranslations('signIn.invite')
  return { title: t('title') }
}

const REFUSED: Record<Exclude<InvitationState, 'ready'>, Parameters<typeof errorMessage>[0]> = {
  used: 'invitation_used',
  revoked: 'invitation_revoked',
  expired: 'invitation_expired',
  invalid: 'invitation_invalid',
}

/** Opening an invitation link shows it and changes nothing; only its button accepts it. */
export default async function InvitePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await searchParams
  const value = typeof token === 'string' ? token.slice(0, 128) : ''
  const invitation = await describeInvitation(value)
  const { appName } = env()
  const t = await getTranslations('signIn.invite')
  if (invitation.state !== 'ready') {
    return (
      <Card>
        <h1 className="text-2xl font-bold tracking-tight">{t('refused')}</h1>
        <p className="mt-2 text-zinc-600 dark:text-zinc-400" data-testid="invitation-refused">
          {errorMessage(REFUSED[invitation.state])}
        </p>
        <Link href="/sign-in" className="mt-4 inline-block font-semibold text-indigo-700 underline dark:text-indigo-300">
          {t('toSignIn')}
        </Link>
      </Card>
    )
  }
  return (
    <Card>
      <h1 className="text-2xl font-bold tracking-tight">{t('heading', { appName })}</h1>
      <p className="mt-2 mb-6 text-zinc-600 dark:text-zinc-400">
        {t.rich('intro', {
          email: maskEmailAddress(invitation.email!),
          strong: (chunks) => (
            <span translate="no" dir="ltr" className="font-medium">
              {chunks}
            </span>
          ),
        })}
      </p>
      <AcceptInvitationForm token={value} labels={{ submit: t('submit'), pending: t('pending') }} />
    </Card>
  )
}

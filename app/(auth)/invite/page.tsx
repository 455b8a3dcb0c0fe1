import Link from 'next/link'
import { Card } from '@/components/ui/card'
import { describeInvitation, type InvitationState } from '@/lib/admin/invitations'
import { maskEmailAddress } from '@/lib/email/address'
import { env } from '@/lib/env'
import { errorMessage } from '@/lib/errors'
import { AcceptInvitationForm } from './_components/accept-form'

export const metadata = { title: 'Your invitation' }

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
  if (invitation.state !== 'ready') {
    return (
      <Card>
        <h1 className="text-2xl font-bold tracking-tight">This invitation can’t be used</h1>
        <p className="mt-2 text-zinc-600 dark:text-zinc-400" data-testid="invitation-refused">
          {errorMessage(REFUSED[invitation.state])}
        </p>
        <Link href="/sign-in" className="mt-4 inline-block font-semibold text-indigo-700 underline dark:text-indigo-300">
          Go to sign-in
        </Link>
      </Card>
    )
  }
  return (
    <Card>
      <h1 className="text-2xl font-bold tracking-tight">Join {appName}</h1>
      <p className="mt-2 mb-6 text-zinc-600 dark:text-zinc-400">
        You were invited as <span className="font-medium">{maskEmailAddress(invitation.email!)}</span>. Accept to sign in and create a passkey on this device:
        one press, and no password.
      </p>
      <AcceptInvitationForm token={value} />
    </Card>
  )
}

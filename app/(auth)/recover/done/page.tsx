import { ButtonLink } from '@/components/ui/button-link'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { FormMessage } from '@/components/ui/form-message'
import { requireSession } from '@/lib/auth/dal'
import { countOtherSessions } from '@/lib/auth/session/store'
import { signOutOtherSessionsAction } from '../actions'

export const metadata = { title: 'You’re back in' }

/** After recovery: offer to sign out every other session, then go on to the account. */
export default async function RecoverDonePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireSession('/recover/done')
  const others = await countOtherSessions(session.user.id, session.sessionId)
  const { signedOut } = await searchParams
  return (
    <Card>
      <h1 className="text-2xl font-bold tracking-tight">You’re back in</h1>
      <p className="mt-2 mb-6 text-zinc-600 dark:text-zinc-400">Your new passkey signs you in from now on. We emailed your addresses about this recovery.</p>
      {signedOut ? <FormMessage tone="success">Every other session was signed out.</FormMessage> : null}
      {others > 0 ? (
        <form action={signOutOtherSessionsAction} className="mb-6 space-y-3" data-testid="other-sessions">
          <p className="text-sm">
            {others === 1 ? 'Another browser is still signed in' : `${others} other browsers are still signed in`} to your account. If you lost a device or
            aren’t sure who that is, sign them out.
          </p>
          <Button type="submit" variant="secondary" className="w-full">
            Sign out everywhere else
          </Button>
        </form>
      ) : null}
      <div className="mt-6">
        <ButtonLink href="/account" className="w-full">
          Go to your account
        </ButtonLink>
      </div>
    </Card>
  )
}

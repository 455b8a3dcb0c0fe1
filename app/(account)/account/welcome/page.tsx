import Link from 'next/link'
import { Card } from '@/components/ui/card'
import { requireWelcome } from '@/lib/auth/dal'
import { passkeyCeremonyMessages } from '@/lib/errors'
import { WelcomePanel } from './_components/welcome-panel'

export const metadata = { title: 'Welcome' }

const ceremonyMessages = passkeyCeremonyMessages()

/** Where an accepted invitation lands: create the passkey, then set up a way back in. */
export default async function WelcomePage() {
  const session = await requireWelcome()
  return (
    <Card className="max-w-xl">
      <h1 className="text-2xl font-bold tracking-tight">Welcome{session.user.displayName ? `, ${session.user.displayName}` : ''}</h1>
      {session.hasPasskey ? (
        <p className="mt-2 text-zinc-600 dark:text-zinc-400">
          Your passkey is ready.{' '}
          <Link href="/account/recovery?welcome=1" className="font-semibold text-indigo-700 underline dark:text-indigo-300">
            Set up a way back in
          </Link>{' '}
          in case you lose it.
        </p>
      ) : (
        <>
          <p className="mt-2 mb-6 text-zinc-600 dark:text-zinc-400">
            Create a passkey on this device: from now on you sign in with it, with your fingerprint, face or screen lock.
          </p>
          <WelcomePanel messages={ceremonyMessages} />
        </>
      )}
    </Card>
  )
}

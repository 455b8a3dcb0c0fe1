'use client'

import { useRouter } from 'next/navigation'
import { CreatePasskeyButton } from '@/components/passkeys/create-passkey-button'
import type { CeremonyMessages } from '@/components/passkeys/ceremony'
import { RecoveryCodesPanel } from '@/app/(account)/account/recovery/_components/recovery-codes-panel'

type Props = { messages: CeremonyMessages; remainingCodes: number; appName: string; email: string }

/** In a recovery session: create the new passkey (which ends recovery), and optionally replace the recovery codes first. */
export function RecoveryEnrollPanel({ messages, remainingCodes, appName, email }: Props) {
  const router = useRouter()
  return (
    <div className="space-y-8">
      <CreatePasskeyButton label="Create a passkey" messages={messages} returnTo="/recover/enroll" onCreated={() => router.push('/recover/done')} />
      <section className="border-t border-zinc-200 pt-6 dark:border-zinc-800">
        <h2 className="font-semibold">Recovery codes</h2>
        <p className="mt-1 mb-3 text-sm text-zinc-600 dark:text-zinc-400">
          You used one to get here. If you think someone else could have seen your codes, make a new set now: the old ones stop working.
        </p>
        <RecoveryCodesPanel
          remaining={remainingCodes}
          total={remainingCodes}
          summary={`${remainingCodes === 1 ? '1 code' : `${remainingCodes} codes`} left.`}
          low={false}
          canChange
          appName={appName}
          email={email}
        />
      </section>
    </div>
  )
}

'use client'

import { useRouter } from 'next/navigation'
import { CreatePasskeyButton } from '@/components/passkeys/create-passkey-button'
import type { CeremonyMessages } from '@/components/passkeys/ceremony'
import { RecoveryCodesPanel, type RecoveryCodesLabels } from '@/app/(account)/account/recovery/_components/recovery-codes-panel'

/** The panel's own words, translated by the page; the recovery codes part has its own. */
export type RecoveryEnrollLabels = { create: string; codesHeading: string; codesIntro: string; codesLeft: string | null; codes: RecoveryCodesLabels }

type Props = { messages: CeremonyMessages; remainingCodes: number; appName: string; labels: RecoveryEnrollLabels }

/** In a recovery session: create the new passkey (which ends recovery), and optionally replace the recovery codes first. */
export function RecoveryEnrollPanel({ messages, remainingCodes, appName, labels }: Props) {
  const router = useRouter()
  return (
    <div className="space-y-8">
      <CreatePasskeyButton label={labels.create} messages={messages} returnTo="/recover/enroll" onCreated={() => router.push('/recover/done')} />
      <section className="border-t border-zinc-200 pt-6 dark:border-zinc-800">
        <h2 className="font-semibold">{labels.codesHeading}</h2>
        <p className="mt-1 mb-3 text-sm text-zinc-600 dark:text-zinc-400">{labels.codesIntro}</p>
        <RecoveryCodesPanel total={remainingCodes} summary={labels.codesLeft} low={false} canChange appName={appName} labels={labels.codes} />
      </section>
    </div>
  )
}

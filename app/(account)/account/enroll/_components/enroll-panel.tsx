'use client'

import { useRouter } from 'next/navigation'
import type { CeremonyMessages } from '@/components/passkeys/ceremony'
import { CreatePasskeyButton } from '@/components/passkeys/create-passkey-button'

/** The one button of the enrolment page: once the passkey exists, the account opens. */
export function EnrollPanel({ messages }: { messages: CeremonyMessages }) {
  const router = useRouter()
  return <CreatePasskeyButton label="Create a passkey" messages={messages} returnTo="/account/enroll" onCreated={() => router.push('/account')} />
}

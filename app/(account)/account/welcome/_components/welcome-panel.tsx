'use client'

import { useRouter } from 'next/navigation'
import type { CeremonyMessages } from '@/components/passkeys/ceremony'
import { CreatePasskeyButton } from '@/components/passkeys/create-passkey-button'

/** After an invitation: one press creates the passkey, then recovery set-up is next. */
export function WelcomePanel({ messages, label }: { messages: CeremonyMessages; label: string }) {
  const router = useRouter()
  return <CreatePasskeyButton label={label} messages={messages} returnTo="/account/welcome" onCreated={() => router.push('/account/recovery?welcome=1')} />
}

'use client'

import { useRouter } from 'next/navigation'
import type { CeremonyMessages } from '@/components/passkeys/ceremony'
import { CreatePasskeyButton } from '@/components/passkeys/create-passkey-button'

/** The one button of the enrolment page: once the passkey exists, the account opens (or the app that sent the person here). */
export function EnrollPanel({ messages, next, label }: { messages: CeremonyMessages; next: string | null; label: string }) {
  const router = useRouter()
  // An app's sign-in goes on outside Next.js's router (lib/oidc): a real navigation.
  const done = () => (next ? window.location.assign(next) : router.push('/account'))
  return <CreatePasskeyButton label={label} messages={messages} returnTo="/account/enroll" onCreated={done} />
}

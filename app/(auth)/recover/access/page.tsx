import Link from 'next/link'
import { AccessCodeForm } from '@/app/(auth)/recover/_components/recover-forms'
import { Card } from '@/components/ui/card'
import { requireAnonymous } from '@/lib/auth/dal'

export const metadata = { title: 'Enter your access code' }

/** Where someone enters the one-time access code their helpdesk read out. */
export default async function RecoverWithAccessCodePage() {
  await requireAnonymous()
  return (
    <Card>
      <h1 className="text-2xl font-bold tracking-tight">Enter your access code</h1>
      <p className="mt-2 mb-6 text-zinc-600 dark:text-zinc-400">
        Your helpdesk gave you a one-time code after checking who you are. With it you can add a new passkey to your account.
      </p>
      <AccessCodeForm />
      <Link href="/recover" className="mt-4 inline-block text-sm font-semibold text-indigo-700 underline dark:text-indigo-300">
        Back
      </Link>
    </Card>
  )
}

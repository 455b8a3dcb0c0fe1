import { ReportAccessCodeForm } from '@/app/(auth)/recover/report/_components/report-access-code-form'
import { Card } from '@/components/ui/card'
import { describeReportLink } from '@/lib/recovery/access-codes'

export const metadata = { title: 'Report an access code', referrer: 'no-referrer' }

const MESSAGES = {
  used: 'This code was already used to add a passkey to your account. If that wasn’t you, tell your IT security team now.',
  reported: 'This code was already reported and no longer works.',
  expired: 'This code has expired and no longer works. If you didn’t ask for it, tell your IT security team.',
  invalid: 'This link isn’t valid. Open it from the email again, or tell your IT security team.',
} as const

/**
 * Opened from the "A recovery code was issued" email. Opening it changes
 * nothing (mail scanners open links); only the button stops the code.
 */
export default async function ReportAccessCodePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await searchParams
  const value = typeof token === 'string' ? token : ''
  const state = await describeReportLink(value)
  return (
    <Card>
      <h1 className="text-2xl font-bold tracking-tight">Didn’t ask for an access code?</h1>
      {state === 'active' ? (
        <>
          <p className="mt-2 mb-6 text-zinc-600 dark:text-zinc-400">
            A helpdesk agent issued a one-time code that can add a passkey to your account. If you didn’t ask for it, stop it now: it stops working at once.
          </p>
          <ReportAccessCodeForm token={value} />
        </>
      ) : (
        <p className="mt-2 text-zinc-600 dark:text-zinc-400" data-testid="report-state">
          {MESSAGES[state]}
        </p>
      )}
    </Card>
  )
}

import { BackupEmailPanel } from '@/app/(account)/account/recovery/_components/backup-email-panel'
import { RecoveryCodesPanel } from '@/app/(account)/account/recovery/_components/recovery-codes-panel'
import { TotpPanel } from '@/app/(account)/account/recovery/_components/totp-panel'
import { ButtonLink } from '@/components/ui/button-link'
import { SignOutOthersOffer } from '@/app/(account)/account/_components/sign-out-others-offer'
import { Card, PageHeading } from '@/components/ui/card'
import { FormMessage } from '@/components/ui/form-message'
import { backupEmailStatus } from '@/lib/recovery/backup-email'
import { requireSession } from '@/lib/auth/dal'
import { RECOVERY_CODE_COUNT, RECOVERY_CODES_LOW, recoveryCodeStatus } from '@/lib/recovery/codes'
import { isRecentlyVerified } from '@/lib/auth/dal'
import { pendingTotpEnrollment, totpStatus } from '@/lib/recovery/totp'
import { env } from '@/lib/env'

export const metadata = { title: 'Recovery' }

const formatDay = (date: Date) => new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(date)

function codesSummary(status: { remaining: number; total: number; createdAt: Date | null }): string {
  if (status.total === 0 || !status.createdAt) return 'You have no recovery codes yet.'
  const left = status.remaining === 1 ? '1 code left' : `${status.remaining} codes left`
  return `${left} of ${RECOVERY_CODE_COUNT}, made on ${formatDay(status.createdAt)}.`
}

export default async function RecoveryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireSession('/account/recovery')
  const { welcome } = await searchParams
  const { user } = session
  const [codes, totp, enrollment, backup] = await Promise.all([
    recoveryCodeStatus(user.id),
    totpStatus(user.id),
    pendingTotpEnrollment(user),
    backupEmailStatus(user.id),
  ])
  const canChange = isRecentlyVerified(session)
  return (
    <>
      <PageHeading title="Recovery" description="Ways back into your account if you lose your passkeys. Set them up now, while you still can sign in." />
      {welcome === '1' ? (
        <div className="mb-6" data-testid="recovery-welcome">
          <FormMessage tone="success">Your passkey is ready. Now set up a way back in, in case you ever lose it: recovery codes take a minute.</FormMessage>
        </div>
      ) : null}
      <SignOutOthersOffer userId={session.user.id} sessionId={session.sessionId} />
      {canChange ? null : (
        <div className="mb-6 space-y-3 print:hidden">
          <FormMessage tone="info">For your safety, confirm it’s you before changing your recovery options.</FormMessage>
          <ButtonLink href="/account/confirm?returnTo=%2Faccount%2Frecovery" variant="secondary">
            Confirm it’s you
          </ButtonLink>
        </div>
      )}
      <Card className="mb-6">
        <h2 className="font-semibold">Recovery codes</h2>
        <p className="mt-1 mb-4 text-sm text-zinc-600 dark:text-zinc-400 print:hidden">
          One-time codes to print or save in your password manager. If you lose your passkeys, one code and your email get you back in.
        </p>
        <RecoveryCodesPanel
          remaining={codes.remaining}
          total={codes.total}
          summary={codesSummary(codes)}
          low={codes.total > 0 && codes.remaining <= RECOVERY_CODES_LOW}
          canChange={canChange}
          appName={env().appName}
          email={user.email}
        />
      </Card>
      <Card className="mb-6 print:hidden">
        <h2 className="font-semibold">Authenticator app</h2>
        <p className="mt-1 mb-4 text-sm text-zinc-600 dark:text-zinc-400">
          Codes from an app on your phone can also get you back in, together with your email.
        </p>
        <TotpPanel
          enabledSince={totp.enabled && totp.enabledAt ? `On since ${formatDay(totp.enabledAt)}.` : null}
          enrollment={
            enrollment
              ? { secret: enrollment.secret, qrCodeDataUrl: `data:image/svg+xml;base64,${Buffer.from(enrollment.qrCodeSvg).toString('base64')}` }
              : null
          }
          canChange={canChange}
        />
      </Card>
      <Card className="mb-6 print:hidden">
        <h2 className="font-semibold">Backup email</h2>
        <p className="mt-1 mb-4 text-sm text-zinc-600 dark:text-zinc-400">
          A second address you can prove you control to start a recovery. Security notices go there too.
        </p>
        <BackupEmailPanel
          address={backup.address}
          confirmedOn={backup.verifiedAt ? formatDay(backup.verifiedAt) : null}
          pending={backup.pending}
          canChange={canChange}
        />
      </Card>
    </>
  )
}

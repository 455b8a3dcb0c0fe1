import { cookies } from 'next/headers'
import { getFormatter, getTranslations } from 'next-intl/server'
import { BackupEmailPanel } from '@/app/(account)/account/recovery/_components/backup-email-panel'
import { PhonePanel } from '@/app/(account)/account/recovery/_components/phone-panel'
import { addressFormLabels } from '@/components/forms/address-form-labels'
import { emailTag, phoneTag, recoveryCodesLabels, timeTag } from '@/app/(account)/account/recovery/_components/labels'
import { RecoveryCodesPanel } from '@/app/(account)/account/recovery/_components/recovery-codes-panel'
import { TotpPanel } from '@/app/(account)/account/recovery/_components/totp-panel'
import { PasskeyOnlyPanel } from '@/app/(account)/account/recovery/_components/passkey-only-panel'
import { passkeyOnlyView } from '@/lib/account/passkey-only'
import { ButtonLink } from '@/components/ui/button-link'
import { SignOutOthersOffer } from '@/app/(account)/account/_components/sign-out-others-offer'
import { Card, PageHeading } from '@/components/ui/card'
import { FormMessage } from '@/components/ui/form-message'
import { backupEmailStatus } from '@/lib/recovery/backup-email'
import { textRequestCookie } from '@/lib/sms/challenge'
import { phoneView } from '@/lib/sms/phone'
import { requireSession } from '@/lib/auth/dal'
import { RECOVERY_CODES_LOW, recoveryCodeStatus } from '@/lib/recovery/codes'
import { isRecentlyVerified } from '@/lib/auth/dal'
import { pendingTotpEnrollment, totpStatus } from '@/lib/recovery/totp'
import { env } from '@/lib/env'

export async function generateMetadata() {
  const t = await getTranslations('recovery.settings')
  return { title: t('title') }
}

export default async function RecoveryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireSession('/account/recovery')
  const { welcome } = await searchParams
  const { user } = session
  const proofSecret = (await cookies()).get(textRequestCookie('phone_proof').name)?.value
  const [codes, totp, enrollment, backup, passkeyOnly, phone] = await Promise.all([
    recoveryCodeStatus(user.id),
    totpStatus(user.id),
    pendingTotpEnrollment(user),
    backupEmailStatus(user.id),
    passkeyOnlyView(session),
    phoneView(user.id, proofSecret),
  ])
  const [t, format, codesLabels] = await Promise.all([getTranslations('recovery'), getFormatter(), recoveryCodesLabels(codes.remaining)])
  const canChange = isRecentlyVerified(session)
  // Every time in the reader's zone, with the zone named.
  const when = (at: Date) => ({ date: format.dateTime(at, 'time'), time: timeTag(at) })
  const codesSummary =
    codes.total === 0 || !codes.createdAt
      ? t('codes.none')
      : t.rich('codes.summary', { remaining: codes.remaining, total: codes.total, ...when(codes.createdAt) })
  const backupLine = backup.address
    ? backup.verifiedAt
      ? t.rich('backupEmail.current', { address: backup.address, email: emailTag, ...when(backup.verifiedAt) })
      : t.rich('backupEmail.currentUndated', { address: backup.address, email: emailTag })
    : null
  return (
    <>
      <PageHeading title={t('settings.title')} description={t('settings.description')} />
      {welcome === '1' ? (
        <div className="mb-6" data-testid="recovery-welcome">
          <FormMessage tone="success">{t('settings.welcome')}</FormMessage>
        </div>
      ) : null}
      <SignOutOthersOffer userId={session.user.id} sessionId={session.sessionId} />
      {canChange ? null : (
        <div className="mb-6 space-y-3 print:hidden">
          <FormMessage tone="info">{t('settings.confirmFirst')}</FormMessage>
          <ButtonLink href="/account/confirm?returnTo=%2Faccount%2Frecovery" variant="secondary">
            {t('settings.confirm')}
          </ButtonLink>
        </div>
      )}
      <Card className="mb-6">
        <h2 className="font-semibold">{t('codes.heading')}</h2>
        <p className="mt-1 mb-4 text-sm text-zinc-600 dark:text-zinc-400 print:hidden">{t('codes.intro')}</p>
        <RecoveryCodesPanel
          total={codes.total}
          summary={codesSummary}
          low={codes.total > 0 && codes.remaining <= RECOVERY_CODES_LOW}
          canChange={canChange}
          appName={env().appName}
          labels={codesLabels}
        />
      </Card>
      <Card className="mb-6 print:hidden">
        <h2 className="font-semibold">{t('totp.heading')}</h2>
        <p className="mt-1 mb-4 text-sm text-zinc-600 dark:text-zinc-400">{t('totp.intro')}</p>
        <TotpPanel
          enabledSince={totp.enabled && totp.enabledAt ? t.rich('totp.onSince', when(totp.enabledAt)) : null}
          enrollment={
            enrollment
              ? {
                  secret: enrollment.secret,
                  keyLabel: t('totp.keyLabel', { key: enrollment.secret.split('').join(' ') }),
                  qrCodeDataUrl: `data:image/svg+xml;base64,${Buffer.from(enrollment.qrCodeSvg).toString('base64')}`,
                }
              : null
          }
          canChange={canChange}
          labels={{
            remove: t('totp.remove'),
            removing: t('totp.removing'),
            scan: t('totp.scan'),
            qrAlt: t('totp.qrAlt'),
            cantScan: t('totp.cantScan'),
            codeLabel: t('totp.codeLabel'),
            turnOn: t('totp.turnOn'),
            checking: t('totp.checking'),
            cancel: t('totp.cancel'),
            notSetUp: t('totp.notSetUp'),
            setUp: t('totp.setUp'),
            starting: t('totp.starting'),
          }}
        />
      </Card>
      <Card className="mb-6 print:hidden" labelledBy="passkey-only-heading">
        <h2 id="passkey-only-heading" className="font-semibold">
          {t('passkeyOnly.heading')}
        </h2>
        <p className="mt-1 mb-4 text-sm text-zinc-600 dark:text-zinc-400">{t('passkeyOnly.intro')}</p>
        <PasskeyOnlyPanel
          on={passkeyOnly.on}
          status={passkeyOnly.since ? t('passkeyOnly.onSince', { date: format.dateTime(passkeyOnly.since, 'time') }) : t('passkeyOnly.off')}
          blocked={!passkeyOnly.allowed ? t('passkeyOnly.notAllowed') : passkeyOnly.passkeys === 0 ? t('passkeyOnly.needsPasskey') : null}
          warnings={[
            t('passkeyOnly.warnEmail'),
            ...(passkeyOnly.passkeys < 2 ? [t('passkeyOnly.warnOnePasskey', { count: passkeyOnly.passkeys })] : []),
            t('passkeyOnly.warnRecovery', { codes: passkeyOnly.recoveryCodes, totp: String(passkeyOnly.totp) }),
            t('passkeyOnly.warnHelpdesk'),
          ]}
          canChange={canChange}
          labels={{
            warningsHeading: t('passkeyOnly.warningsHeading'),
            understand: t('passkeyOnly.understand'),
            turnOn: t('passkeyOnly.turnOn'),
            turningOn: t('passkeyOnly.turningOn'),
            turnOff: t('passkeyOnly.turnOff'),
            turningOff: t('passkeyOnly.turningOff'),
          }}
        />
      </Card>
      <Card className="mb-6 print:hidden">
        <h2 className="font-semibold">{t('backupEmail.heading')}</h2>
        <p className="mt-1 mb-4 text-sm text-zinc-600 dark:text-zinc-400">{t('backupEmail.intro')}</p>
        <BackupEmailPanel
          current={backupLine}
          pending={backup.pending}
          canChange={canChange}
          labels={{
            none: t('backupEmail.none'),
            remove: t('backupEmail.remove'),
            removing: t('backupEmail.removing'),
            confirm: t('backupEmail.confirm'),
            label: backup.address ? t('backupEmail.newLabel') : t('backupEmail.label'),
            send: t('backupEmail.send'),
            form: await addressFormLabels(),
          }}
        />
      </Card>
      {/* Only where the group allows texts (and never for staff); a number kept from before can still be removed. */}
      {phone.offered || phone.phone ? (
        <Card className="mb-6 print:hidden">
          <h2 className="font-semibold">{t('phone.heading')}</h2>
          <p className="mt-1 mb-4 text-sm text-zinc-600 dark:text-zinc-400">{phone.offered ? t('phone.intro') : t('phone.notAllowed')}</p>
          <PhonePanel
            current={phone.phone ? t.rich('phone.current', { phone: phone.phone.masked, number: phoneTag, ...when(phone.phone.verifiedAt) }) : null}
            pending={phone.pending !== null}
            canAdd={phone.offered && canChange}
            canRemove={canChange}
            labels={{
              none: t('phone.none'),
              remove: t('phone.remove'),
              removing: t('phone.removing'),
              label: phone.phone ? t('phone.newLabel') : t('phone.label'),
              hint: t('phone.hint'),
              send: t('phone.send'),
              sending: t('phone.sending'),
              sent: phone.pending ? t('phone.sent', { phone: phone.pending }) : null,
              codeLabel: t('phone.codeLabel'),
              confirm: t('phone.confirm'),
              checking: t('phone.checking'),
            }}
          />
        </Card>
      ) : null}
    </>
  )
}

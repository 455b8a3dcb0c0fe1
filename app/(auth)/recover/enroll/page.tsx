import { redirect } from 'next/navigation'
import { getTranslations } from 'next-intl/server'
import { emailTag, recoveryCodesLabels } from '@/app/(account)/account/recovery/_components/labels'
import { RecoveryEnrollPanel } from '@/app/(auth)/recover/enroll/_components/recovery-enroll-panel'
import { Card } from '@/components/ui/card'
import { getRecoveryOrCurrentSession } from '@/lib/auth/dal'
import { RECOVERY_SESSION_SECONDS } from '@/lib/auth/session/store'
import { recoveryCodeStatus } from '@/lib/recovery/codes'
import { enrollCodesWording, recoveryProofOf } from '@/lib/recovery/recovery-proof'
import { env } from '@/lib/env'
import { passkeyCeremonyMessages } from '@/lib/errors'
import { requestTranslator } from '@/lib/i18n/reader'

export async function generateMetadata() {
  const t = await getTranslations('recovery.enroll')
  return { title: t('title') }
}

/** The one thing a recovery session is for: a new passkey (and, if wanted, new recovery codes). */
export default async function RecoverEnrollPage() {
  const ceremonyMessages = passkeyCeremonyMessages((await requestTranslator()).t)
  const session = await getRecoveryOrCurrentSession()
  if (!session) redirect('/recover')
  if (session.method !== 'recovery') redirect('/recover/done')
  const [codes, proof] = await Promise.all([recoveryCodeStatus(session.user.id), recoveryProofOf(session)])
  const [t, codesLabels] = await Promise.all([getTranslations('recovery.enroll'), recoveryCodesLabels(codes.remaining)])
  // Says what proved the person: a helpdesk access code is not a recovery code.
  const wording = enrollCodesWording(proof, codes.remaining)
  return (
    <Card>
      <h1 className="text-2xl font-bold tracking-tight">{t('title')}</h1>
      <p className="mt-2 mb-6 text-zinc-600 dark:text-zinc-400">
        {t.rich('intro', { address: session.user.email, minutes: RECOVERY_SESSION_SECONDS / 60, email: emailTag })}
        {wording.proof ? <> {t(wording.proof)}</> : null}
      </p>
      <RecoveryEnrollPanel
        messages={ceremonyMessages}
        remainingCodes={codes.remaining}
        appName={env().appName}
        labels={{
          create: t('create'),
          codesHeading: t('codesHeading'),
          codesIntro: t(wording.intro),
          codesLeft: wording.showLeft ? t('codesLeft', { count: codes.remaining }) : null,
          codes: codesLabels,
        }}
      />
    </Card>
  )
}

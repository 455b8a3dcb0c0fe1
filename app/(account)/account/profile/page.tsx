import { getTimeZone, getTranslations } from 'next-intl/server'
import { EmailChangePanel } from '@/app/(account)/account/profile/_components/email-change-panel'
import { addressFormLabels } from '@/components/forms/address-form-labels'
import { DeleteAccountForm, DisplayNameForm, NoticesForm, TimeZoneForm } from '@/app/(account)/account/profile/_components/profile-forms'
import { SignOutOthersOffer } from '@/app/(account)/account/_components/sign-out-others-offer'
import { saveLanguageAction } from '@/app/language/actions'
import { LanguageSwitcher } from '@/components/language-switcher'
import { buttonClasses } from '@/components/ui/button'
import { Card, PageHeading } from '@/components/ui/card'
import { pendingEmailChange } from '@/lib/account/email-change'
import { timeZoneChoices } from '@/lib/account/preferences'
import { getProfile } from '@/lib/account/profile'
import { requireSession } from '@/lib/auth/dal'
import { isRecentlyVerified } from '@/lib/auth/dal'

export async function generateMetadata() {
  const t = await getTranslations('account.profile')
  return { title: t('title') }
}

/** Name, sign-in address, language and time zone, notifications, and the account's data: download it or delete it all. */
export default async function ProfilePage() {
  const session = await requireSession('/account/profile')
  const [profile, pending, t, zoneInUse] = await Promise.all([
    getProfile(session.user.id),
    pendingEmailChange(session.user.id),
    getTranslations('account.profile'),
    getTimeZone(),
  ])
  // The saved zone; until one is saved, the zone times are shown in now (the browser's, else the organisation's).
  const timeZone = session.user.timeZone ?? zoneInUse
  const confirmHint = isRecentlyVerified(session) ? null : <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{t('confirmFirst')}</p>
  return (
    <>
      <PageHeading title={t('title')} description={t('description')} />
      <SignOutOthersOffer userId={session.user.id} sessionId={session.sessionId} />
      <div className="space-y-6">
        <Card labelledBy="profile-name">
          <h2 id="profile-name" className="mb-3 text-lg font-semibold">
            {t('name.heading')}
          </h2>
          <DisplayNameForm
            displayName={profile.displayName}
            labels={{ label: t('name.label'), hint: t('name.hint'), save: t('name.save'), saving: t('saving') }}
          />
        </Card>
        <Card labelledBy="profile-email">
          <h2 id="profile-email" className="text-lg font-semibold">
            {t('email.heading')}
          </h2>
          {confirmHint}
          <div className="mt-3">
            <EmailChangePanel
              pending={pending}
              labels={{
                form: await addressFormLabels(),
                current: t.rich('email.current', {
                  email: profile.email,
                  data: (chunks) => (
                    <bdi className="font-medium break-all" data-testid="account-email" translate="no">
                      {chunks}
                    </bdi>
                  ),
                }),
                outcome: t('email.outcome'),
                submit: t('email.submit'),
                newLabel: t('email.newLabel'),
                newHint: t('email.newHint'),
                send: t('email.send'),
              }}
            />
          </div>
        </Card>
        <Card labelledBy="profile-regional">
          <h2 id="profile-regional" className="text-lg font-semibold">
            {t('regional.heading')}
          </h2>
          <p className="mt-1 mb-3 text-sm text-zinc-600 dark:text-zinc-400">{t('regional.language')}</p>
          <LanguageSwitcher action={saveLanguageAction.bind(null, { status: 'idle' })} returnTo="/account/profile" />
          <div className="mt-6">
            <TimeZoneForm
              zones={timeZoneChoices(timeZone)}
              current={timeZone}
              labels={{ label: t('regional.timeZone'), hint: t('regional.timeZoneHint'), save: t('regional.saveTimeZone'), saving: t('saving') }}
            />
          </div>
        </Card>
        <Card labelledBy="profile-notices">
          <h2 id="profile-notices" className="mb-3 text-lg font-semibold">
            {t('notices.heading')}
          </h2>
          <NoticesForm
            enabled={profile.newSignInNotices}
            labels={{
              legend: t('notices.legend'),
              on: t('notices.on'),
              off: t('notices.off'),
              always: t('notices.always'),
              save: t('notices.save'),
              saving: t('saving'),
            }}
          />
        </Card>
        <Card labelledBy="profile-data">
          <h2 id="profile-data" className="text-lg font-semibold">
            {t('data.heading')}
          </h2>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{t('data.text')}</p>
          <a href="/account/profile/export" className={`${buttonClasses('secondary')} mt-3`} download>
            {t('data.download')}
          </a>
        </Card>
        <Card tone="danger" labelledBy="profile-delete">
          <h2 id="profile-delete" className="text-lg font-semibold text-red-700 dark:text-red-400">
            {t('delete.heading')}
          </h2>
          <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">{t('delete.text')}</p>
          {confirmHint}
          <div className="mt-3">
            <DeleteAccountForm
              labels={{ confirm: t('delete.confirm', { email: profile.email }), submit: t('delete.submit'), deleting: t('delete.deleting') }}
            />
          </div>
        </Card>
      </div>
    </>
  )
}

import { EmailChangePanel } from '@/app/(account)/account/profile/_components/email-change-panel'
import { DeleteAccountForm, DisplayNameForm, NoticesForm } from '@/app/(account)/account/profile/_components/profile-forms'
import { SignOutOthersOffer } from '@/app/(account)/account/_components/sign-out-others-offer'
import { buttonClasses } from '@/components/ui/button'
import { Card, PageHeading } from '@/components/ui/card'
import { pendingEmailChange } from '@/lib/account/email-change'
import { getProfile } from '@/lib/account/profile'
import { requireSession } from '@/lib/auth/dal'
import { isRecentlyVerified } from '@/lib/auth/dal'

export const metadata = { title: 'Profile' }

/** Name, sign-in address, notifications, and the account's data: download it or delete it all. */
export default async function ProfilePage() {
  const session = await requireSession('/account/profile')
  const [profile, pending] = await Promise.all([getProfile(session.user.id), pendingEmailChange(session.user.id)])
  const confirmHint = isRecentlyVerified(session) ? null : (
    <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">You’ll be asked to confirm it’s you first.</p>
  )
  return (
    <>
      <PageHeading title="Profile" description="Your name, the address you sign in with, and your data." />
      <SignOutOthersOffer userId={session.user.id} sessionId={session.sessionId} />
      <div className="space-y-6">
        <Card labelledBy="profile-name">
          <h2 id="profile-name" className="mb-3 text-lg font-semibold">
            Name
          </h2>
          <DisplayNameForm displayName={profile.displayName} />
        </Card>
        <Card labelledBy="profile-email">
          <h2 id="profile-email" className="text-lg font-semibold">
            Email address
          </h2>
          {confirmHint}
          <div className="mt-3">
            <EmailChangePanel email={profile.email} pending={pending} />
          </div>
        </Card>
        <Card labelledBy="profile-notices">
          <h2 id="profile-notices" className="mb-3 text-lg font-semibold">
            Security emails
          </h2>
          <NoticesForm enabled={profile.newSignInNotices} />
        </Card>
        <Card labelledBy="profile-data">
          <h2 id="profile-data" className="text-lg font-semibold">
            Your data
          </h2>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            One JSON file with your profile, passkeys (names and dates, no keys), recovery options (no codes or secrets), sessions and history.
          </p>
          <a href="/account/profile/export" className={`${buttonClasses('secondary')} mt-3`} download>
            Download your data
          </a>
        </Card>
        <Card tone="danger" labelledBy="profile-delete">
          <h2 id="profile-delete" className="text-lg font-semibold text-red-700 dark:text-red-400">
            Delete your account
          </h2>
          <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">
            This deletes your passkeys, recovery codes, authenticator app, backup email and sessions, and signs you out everywhere. It can’t be undone. We keep
            a record of past sign-ins without your name, address, IP or browser, for security audits.
          </p>
          {confirmHint}
          <div className="mt-3">
            <DeleteAccountForm email={profile.email} />
          </div>
        </Card>
      </div>
    </>
  )
}

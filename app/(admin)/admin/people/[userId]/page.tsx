import Link from 'next/link'
import { notFound } from 'next/navigation'
import { Card, PageHeading } from '@/components/ui/card'
import { personDetail } from '@/lib/admin/person'
import { requireAgent } from '@/lib/auth/dal'
import { listGroups } from '@/lib/policy/groups'
import {
  changeGroupAction,
  deprovisionPersonAction,
  reactivatePersonAction,
  resendInvitationAction,
  revokeInvitationAction,
  revokePasskeyAction,
  signOutEverywhereAction,
  suspendPersonAction,
} from '../actions'
import { LifecycleForm } from '../_components/lifecycle-forms'
import { GroupSelectForm } from '../_components/group-select-form'

export const metadata = { title: 'Person' }

const formatTime = (date: Date) => `${new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(date)} UTC`

/**
 * One person: profile, group, status, passkeys and recovery factors as
 * metadata, live sessions, recent activity and reports. Administrators also
 * get the lifecycle actions; the helpdesk sees the page without them (and the
 * actions refuse them on the server whatever they post).
 */
export default async function PersonPage({ params }: { params: Promise<{ userId: string }> }) {
  const { userId } = await params
  const page = `/admin/people/${encodeURIComponent(userId)}`
  const session = await requireAgent(page)
  const person = userId.length <= 64 ? await personDetail(userId) : null
  if (!person) notFound()
  const admin = session.user.role === 'admin'
  const groups = admin ? await listGroups() : []
  const ids = { userId: person.id }
  const open = person.status !== 'deprovisioned'
  return (
    <>
      <Link href="/admin/people" className="text-sm font-semibold text-indigo-700 underline dark:text-indigo-300">
        All people
      </Link>
      <PageHeading
        title={person.displayName ?? person.formerEmail ?? person.email}
        description={open ? person.email : `Deprovisioned (was ${person.formerEmail})`}
      />
      <div className="space-y-6">
        <Card labelledBy="summary-heading">
          <h2 id="summary-heading" className="font-semibold">
            Account
          </h2>
          <dl className="mt-3 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2" data-testid="person-summary">
            <div>
              <dt className="text-zinc-600 dark:text-zinc-400">Status</dt>
              <dd className="font-medium">{person.status}</dd>
            </div>
            <div>
              <dt className="text-zinc-600 dark:text-zinc-400">Group</dt>
              <dd className="font-medium">{person.group.name}</dd>
            </div>
            <div>
              <dt className="text-zinc-600 dark:text-zinc-400">Role</dt>
              <dd>{person.role}</dd>
            </div>
            <div>
              <dt className="text-zinc-600 dark:text-zinc-400">Recovery</dt>
              <dd>
                {person.factors.recoveryCodesLeft} recovery codes left · authenticator app {person.factors.totp ? 'on' : 'off'} · backup email{' '}
                {person.factors.backupEmail ? 'proven' : 'none'}
              </dd>
            </div>
          </dl>
        </Card>
        <Card labelledBy="passkeys-heading">
          <h2 id="passkeys-heading" className="font-semibold">
            Passkeys
          </h2>
          {person.passkeys.length === 0 ? <p className="mt-2 text-sm">None.</p> : null}
          <ul className="mt-2 divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
            {person.passkeys.map((passkey) => (
              <li key={passkey.id} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid="person-passkey">
                <span>
                  <span className="font-medium">{passkey.name}</span> · {passkey.provider ?? 'unknown provider'} ·{' '}
                  {passkey.synced ? 'synced' : 'this device only'} · added {formatTime(passkey.createdAt)} ·{' '}
                  {passkey.lastUsedAt ? `last used ${formatTime(passkey.lastUsedAt)}` : 'never used'}
                </span>
                {admin ? (
                  <LifecycleForm
                    action={revokePasskeyAction}
                    fields={{ ...ids, passkeyId: passkey.id }}
                    label="Revoke"
                    pendingLabel="Revoking…"
                    returnTo={page}
                  />
                ) : null}
              </li>
            ))}
          </ul>
        </Card>
        <Card labelledBy="sessions-heading">
          <h2 id="sessions-heading" className="font-semibold">
            Signed in on
          </h2>
          {person.sessions.length === 0 ? <p className="mt-2 text-sm">No live sessions.</p> : null}
          <ul className="mt-2 space-y-1 text-sm">
            {person.sessions.map((live) => (
              <li key={live.id}>
                {live.device} · {live.ipAddress ?? 'unknown IP'} · {live.method} · since {formatTime(live.createdAt)}, last seen {formatTime(live.lastSeenAt)}
              </li>
            ))}
          </ul>
        </Card>
        {admin && open ? (
          <Card labelledBy="lifecycle-heading">
            <h2 id="lifecycle-heading" className="font-semibold">
              Change the account
            </h2>
            <p className="mt-1 mb-4 text-sm text-zinc-600 dark:text-zinc-400">
              Each change needs a fresh confirmation, is recorded, and is emailed to the person.
            </p>
            <div className="grid gap-5 sm:grid-cols-2">
              <GroupSelectForm
                action={changeGroupAction}
                userId={person.id}
                groups={groups.map(({ id, name }) => ({ id, name }))}
                current={person.group.id}
                returnTo={page}
              />
              <LifecycleForm action={signOutEverywhereAction} fields={ids} label="Sign out everywhere" pendingLabel="Signing out…" returnTo={page} />
              {person.status === 'invited' ? (
                <>
                  <LifecycleForm action={resendInvitationAction} fields={ids} label="Send a new invitation" pendingLabel="Sending…" returnTo={page} />
                  <LifecycleForm action={revokeInvitationAction} fields={ids} label="Withdraw the invitation" pendingLabel="Withdrawing…" returnTo={page} />
                </>
              ) : null}
              {person.status === 'suspended' ? (
                <LifecycleForm action={reactivatePersonAction} fields={ids} label="Reactivate" pendingLabel="Reactivating…" returnTo={page} />
              ) : (
                <LifecycleForm action={suspendPersonAction} fields={ids} label="Suspend" pendingLabel="Suspending…" variant="danger" returnTo={page} />
              )}
              <LifecycleForm
                action={deprovisionPersonAction}
                fields={ids}
                label="Deprovision"
                pendingLabel="Deprovisioning…"
                variant="danger"
                confirm={{ label: 'Type their email address to confirm: this is final' }}
                returnTo={page}
              />
            </div>
          </Card>
        ) : null}
        <Card labelledBy="activity-heading">
          <h2 id="activity-heading" className="font-semibold">
            Recent activity
          </h2>
          <ul className="mt-2 space-y-1 text-sm">
            {person.activity.map((event) => (
              <li key={event.id}>
                {formatTime(event.at)} · {event.title} · {event.device}
              </li>
            ))}
          </ul>
          {person.reports.length > 0 ? (
            <>
              <h3 className="mt-4 font-medium">Open “This wasn’t me” reports</h3>
              <ul className="mt-1 space-y-1 text-sm" data-testid="person-reports">
                {person.reports.map((report) => (
                  <li key={report.id}>Reported {formatTime(report.at)}</li>
                ))}
              </ul>
              {admin ? (
                <Link href="/admin/reports" className="text-sm font-semibold text-indigo-700 underline dark:text-indigo-300">
                  Resolve under Reports
                </Link>
              ) : null}
            </>
          ) : null}
        </Card>
      </div>
    </>
  )
}

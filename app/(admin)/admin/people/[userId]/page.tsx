import Link from 'next/link'
import { notFound } from 'next/navigation'
import { getFormatter, getTranslations } from 'next-intl/server'
import { AdminActionForm } from '@/components/forms/admin-action-form'
import { Time } from '@/components/time'
import { Card } from '@/components/ui/card'
import { personDetail } from '@/lib/admin/person'
import { requireAgent } from '@/lib/auth/dal'
import { requestTranslator } from '@/lib/i18n/reader'
import { listGroups } from '@/lib/policy/groups'
import { data, timeTag } from '@/components/ui/data'
import { DataHeading } from '../../_components/heading'
import { ZoneNote } from '../../_components/zone-note'
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
import { GroupSelectForm } from '../_components/group-select-form'
import { RecentEmails } from './_components/recent-emails'

export async function generateMetadata() {
  const t = await getTranslations('admin.person')
  return { title: t('title') }
}

const METHODS = ['email_code', 'magic_link', 'passkey', 'recovery', 'recovered', 'invitation', 'demo', 'fixture'] as const
const isMethod = (method: string): method is (typeof METHODS)[number] => (METHODS as readonly string[]).includes(method)

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
  const person = userId.length <= 64 ? await personDetail(userId, new Date(), (await requestTranslator()).t) : null
  if (!person) notFound()
  const admin = session.user.role === 'admin'
  const [groups, t, tPeople, format] = await Promise.all([
    admin ? listGroups() : [],
    getTranslations('admin.person'),
    getTranslations('admin.people'),
    getFormatter(),
  ])
  const ids = { userId: person.id }
  const open = person.status !== 'deprovisioned'
  const when = (at: Date) => ({ at: format.dateTime(at, 'time'), time: timeTag(at) })
  return (
    <>
      <Link href="/admin/people" className="text-sm font-semibold text-indigo-700 underline dark:text-indigo-300">
        {t('allPeople')}
      </Link>
      <DataHeading
        title={person.displayName ?? person.formerEmail ?? person.email}
        description={open ? <span translate="no">{person.email}</span> : t.rich('deprovisionedWas', { email: person.formerEmail ?? '', data })}
      />
      <ZoneNote />
      <div className="space-y-6">
        <Card labelledBy="summary-heading">
          <h2 id="summary-heading" className="font-semibold">
            {t('summary.heading')}
          </h2>
          <dl className="mt-3 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2" data-testid="person-summary">
            <div>
              <dt className="text-zinc-600 dark:text-zinc-400">{t('summary.status')}</dt>
              <dd className="font-medium">{tPeople(`status.${person.status}`)}</dd>
            </div>
            <div>
              <dt className="text-zinc-600 dark:text-zinc-400">{t('summary.group')}</dt>
              <dd className="font-medium" translate="no">
                {person.group.name}
              </dd>
            </div>
            <div>
              <dt className="text-zinc-600 dark:text-zinc-400">{t('summary.role')}</dt>
              <dd>{t(`roles.${person.role === 'admin' || person.role === 'helpdesk' ? person.role : 'user'}`)}</dd>
            </div>
            <div>
              <dt className="text-zinc-600 dark:text-zinc-400">{t('summary.recovery')}</dt>
              <dd>
                {t('summary.factors', {
                  codes: person.factors.recoveryCodesLeft,
                  totp: person.factors.totp ? 'on' : 'off',
                  backup: person.factors.backupEmail ? 'proven' : 'none',
                })}
              </dd>
            </div>
            <div>
              <dt className="text-zinc-600 dark:text-zinc-400">{t('summary.phone')}</dt>
              <dd data-testid="person-phone">
                {person.factors.phone ? (
                  <span dir="ltr" translate="no" className="whitespace-nowrap">
                    {person.factors.phone}
                  </span>
                ) : (
                  t('summary.noPhone')
                )}
              </dd>
            </div>
            <div>
              <dt className="text-zinc-600 dark:text-zinc-400">{t('summary.signIn')}</dt>
              <dd data-testid="person-passkey-only">
                {person.passkeyOnlySince ? t.rich('summary.passkeyOnlySince', when(person.passkeyOnlySince)) : t('summary.anyMethod')}
              </dd>
            </div>
            {person.status === 'invited' ? (
              <div>
                <dt className="text-zinc-600 dark:text-zinc-400">{t('summary.invitation')}</dt>
                <dd data-testid="person-invitation">
                  {!person.invitation
                    ? t('summary.noInvitation')
                    : person.invitation.expiresAt > new Date()
                      ? t.rich('summary.invitationUntil', when(person.invitation.expiresAt))
                      : t.rich('summary.invitationExpired', when(person.invitation.expiresAt))}
                </dd>
              </div>
            ) : null}
          </dl>
        </Card>
        <Card labelledBy="passkeys-heading">
          <h2 id="passkeys-heading" className="font-semibold">
            {t('passkeys.heading')}
          </h2>
          {person.passkeys.length === 0 ? <p className="mt-2 text-sm">{t('passkeys.none')}</p> : null}
          <ul className="mt-2 divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
            {person.passkeys.map((passkey) => (
              <li key={passkey.id} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid="person-passkey">
                <span>
                  <span className="font-medium" translate="no">
                    {passkey.name}
                  </span>
                  {' · '}
                  <span data-testid="person-passkey-model">
                    {passkey.verifiedModel
                      ? t.rich('passkeys.verifiedModel', { model: passkey.verifiedModel, data })
                      : t.rich('passkeys.claimedModel', { model: passkey.provider ?? t('passkeys.unknownProvider'), data })}
                  </span>
                  {' · '}
                  {passkey.revokeAt ? (
                    <>
                      <span className="font-medium text-red-700 dark:text-red-400">{t.rich('passkeys.recalled', when(passkey.revokeAt))}</span>
                      {' · '}
                    </>
                  ) : null}
                  {passkey.synced ? t('passkeys.synced') : t('passkeys.deviceOnly')}
                  {' · '}
                  {t.rich('passkeys.added', when(passkey.createdAt))}
                  {' · '}
                  {passkey.lastUsedAt ? t.rich('passkeys.lastUsed', when(passkey.lastUsedAt)) : t('passkeys.neverUsed')}
                </span>
                {admin ? (
                  <AdminActionForm
                    action={revokePasskeyAction}
                    fields={{ ...ids, passkeyId: passkey.id }}
                    label={t('actions.revoke')}
                    named={t('actions.revokeNamed', { name: passkey.name })}
                    pendingLabel={t('actions.revoking')}
                    returnTo={page}
                  />
                ) : null}
              </li>
            ))}
          </ul>
        </Card>
        <Card labelledBy="sessions-heading">
          <h2 id="sessions-heading" className="font-semibold">
            {t('sessions.heading')}
          </h2>
          {person.sessions.length === 0 ? <p className="mt-2 text-sm">{t('sessions.none')}</p> : null}
          <ul className="mt-2 space-y-1 text-sm">
            {person.sessions.map((live) => (
              <li key={live.id}>
                <span translate="no">{live.device}</span>
                {' · '}
                {live.ipAddress ? <span translate="no">{live.ipAddress}</span> : t('sessions.unknownIp')}
                {' · '}
                {isMethod(live.method) ? t(`sessions.methods.${live.method}`) : <span translate="no">{live.method}</span>}
                {' · '}
                {t.rich('sessions.since', {
                  since: format.dateTime(live.createdAt, 'time'),
                  seen: format.dateTime(live.lastSeenAt, 'time'),
                  sinceTime: timeTag(live.createdAt),
                  seenTime: timeTag(live.lastSeenAt),
                })}
              </li>
            ))}
          </ul>
        </Card>
        <RecentEmails emails={person.emails} />
        {admin && open ? (
          <Card labelledBy="lifecycle-heading">
            <h2 id="lifecycle-heading" className="font-semibold">
              {t('actions.heading')}
            </h2>
            <p className="mt-1 mb-4 text-sm text-zinc-600 dark:text-zinc-400">{t('actions.explain')}</p>
            <div className="grid gap-5 sm:grid-cols-2">
              <GroupSelectForm
                action={changeGroupAction}
                userId={person.id}
                groups={groups.map(({ id, name }) => ({ id, name }))}
                current={person.group.id}
                returnTo={page}
                labels={{ group: t('actions.group'), change: t('actions.changeGroup'), moving: t('actions.moving') }}
              />
              <AdminActionForm
                action={signOutEverywhereAction}
                fields={ids}
                label={t('actions.signOut')}
                pendingLabel={t('actions.signingOut')}
                returnTo={page}
              />
              {person.status === 'invited' ? (
                <>
                  <AdminActionForm
                    action={resendInvitationAction}
                    fields={ids}
                    label={t('actions.resend')}
                    pendingLabel={t('actions.sending')}
                    returnTo={page}
                  />
                  <AdminActionForm
                    action={revokeInvitationAction}
                    fields={ids}
                    label={t('actions.withdraw')}
                    pendingLabel={t('actions.withdrawing')}
                    returnTo={page}
                  />
                </>
              ) : null}
              {person.status === 'suspended' ? (
                <AdminActionForm
                  action={reactivatePersonAction}
                  fields={ids}
                  label={t('actions.reactivate')}
                  pendingLabel={t('actions.reactivating')}
                  returnTo={page}
                />
              ) : (
                <AdminActionForm
                  action={suspendPersonAction}
                  fields={ids}
                  label={t('actions.suspend')}
                  pendingLabel={t('actions.suspending')}
                  variant="danger"
                  returnTo={page}
                />
              )}
              <AdminActionForm
                action={deprovisionPersonAction}
                fields={ids}
                label={t('actions.deprovision')}
                pendingLabel={t('actions.deprovisioning')}
                variant="danger"
                input={{ id: 'confirm-deprovision', name: 'confirmation', label: t('actions.deprovisionConfirm') }}
                returnTo={page}
              />
            </div>
          </Card>
        ) : null}
        <Card labelledBy="activity-heading">
          <h2 id="activity-heading" className="font-semibold">
            {t('activity.heading')}
          </h2>
          <ul className="mt-2 space-y-1 text-sm">
            {person.activity.map((event) => (
              <li key={event.id}>
                <Time at={event.at} /> · {event.title} · <span translate="no">{event.device}</span>
              </li>
            ))}
          </ul>
          {person.reports.length > 0 ? (
            <>
              <h3 className="mt-4 font-medium">{t('activity.reports')}</h3>
              <ul className="mt-1 space-y-1 text-sm" data-testid="person-reports">
                {person.reports.map((report) => (
                  <li key={report.id}>{t.rich('activity.reported', when(report.at))}</li>
                ))}
              </ul>
              {admin ? (
                <Link href="/admin/reports" className="text-sm font-semibold text-indigo-700 underline dark:text-indigo-300">
                  {t('activity.resolve')}
                </Link>
              ) : null}
            </>
          ) : null}
        </Card>
      </div>
    </>
  )
}

import { getFormatter, getTranslations } from 'next-intl/server'
import { ApproveAccessCodeForm, IssueAccessCodeForm, type AccessCodeLabels } from '@/app/(admin)/admin/recovery/_components/access-code-forms'
import { Button } from '@/components/ui/button'
import { Card, PageHeading } from '@/components/ui/card'
import { TextField } from '@/components/ui/field'
import { VERIFICATION_CHECKS, approverCoolDownUntil, needsSecondAgent, type VerificationCheck } from '@/lib/recovery/access-codes'
import { findUsersForHelpdesk, pendingApprovals } from '@/lib/recovery/helpdesk-views'
import { requireAgent } from '@/lib/auth/dal'
import { data, timeTag } from '@/components/ui/data'
import { ZoneNote } from '../_components/zone-note'

export async function generateMetadata() {
  const t = await getTranslations('admin.recovery')
  return { title: t('title') }
}

const CHECK_IDS = Object.keys(VERIFICATION_CHECKS) as VerificationCheck[]
/** The check a stored label names (pendingApprovals() gives the English labels), to show it in the reader's words. */
const checkByLabel = new Map<string, VerificationCheck>(CHECK_IDS.map((id) => [VERIFICATION_CHECKS[id], id]))

/** The forms' words (they run in the browser, without the catalogue). */
async function formLabels(): Promise<AccessCodeLabels> {
  const t = await getTranslations('admin.recovery.form')
  return {
    checks: t('checks'),
    words: t('words'),
    placeholder: t('placeholder'),
    validFor: t('validFor'),
    hours: Object.fromEntries([1, 4, 8, 24].map((hours) => [hours, t('hours', { count: hours })])),
    issue: t('issue'),
    askApproval: t('askApproval'),
    issuing: t('issuing'),
    approve: t('approve'),
    approving: t('approving'),
  }
}

/**
 * For helpdesk agents and admins: find the person who lost every way in,
 * record how their identity was checked, and issue a one-time access code.
 */
export default async function HelpdeskRecoveryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireAgent('/admin/recovery')
  const { q } = await searchParams
  const query = typeof q === 'string' ? q.normalize('NFKC').trim().toLowerCase().slice(0, 254) : ''
  const [users, approvals, coolDownUntil, t, tPeople, format, labels] = await Promise.all([
    query.length >= 3 ? findUsersForHelpdesk(query) : Promise.resolve([]),
    pendingApprovals(session.user),
    approverCoolDownUntil(session.user.id),
    getTranslations('admin.recovery'),
    getTranslations('admin.people'),
    getFormatter(),
    formLabels(),
  ])
  const checks = CHECK_IDS.map((id) => ({ id, label: t(`checks.${id}`) }))
  const checkWords = (label: string) => {
    const id = checkByLabel.get(label)
    return id ? t(`checks.${id}`) : label
  }
  return (
    <>
      <PageHeading title={t('title')} description={t('description')} />
      <ZoneNote />
      {approvals.length > 0 ? (
        <Card className="mb-6">
          <h2 className="font-semibold">{t('approvals.heading')}</h2>
          <ul className="mt-4 space-y-4">
            {approvals.map((approval) => (
              <li key={approval.id} className="space-y-2 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800" data-testid="pending-approval">
                <p className="text-sm">
                  {t.rich('approvals.request', {
                    email: approval.userEmail,
                    role: approval.userRole === 'admin' ? 'admin' : 'helpdesk',
                    by: approval.requestedBy,
                    at: format.dateTime(approval.createdAt, 'time'),
                    address: (chunks) => (
                      <span className="font-medium break-all" translate="no">
                        {chunks}
                      </span>
                    ),
                    data,
                    time: timeTag(approval.createdAt),
                  })}
                </p>
                <p className="text-sm text-zinc-600 dark:text-zinc-400">{t('approvals.checks', { checks: approval.checks.map(checkWords).join('; ') })}</p>
                <p className="text-sm whitespace-pre-wrap text-zinc-600 dark:text-zinc-400" translate="no">
                  “{approval.verification}”
                </p>
                {coolDownUntil ? (
                  <p className="text-sm font-medium" data-testid="approver-cool-down">
                    {t.rich('approvals.coolDown', { until: format.dateTime(coolDownUntil, 'time'), time: timeTag(coolDownUntil) })}
                  </p>
                ) : (
                  <ApproveAccessCodeForm requestId={approval.id} labels={labels} />
                )}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <Card className="mb-6">
        <form method="get" className="flex flex-wrap items-end gap-3" role="search">
          <TextField id="q" name="q" type="search" label={t('search.label')} defaultValue={query} minLength={3} maxLength={254} className="min-w-0 flex-1" />
          <Button type="submit" variant="secondary">
            {t('search.submit')}
          </Button>
        </form>
        {query.length > 0 && query.length < 3 ? <p className="mt-3 text-sm">{t('search.tooShort')}</p> : null}
        {query.length >= 3 && users.length === 0 ? <p className="mt-3 text-sm">{t.rich('search.none', { query, data })}</p> : null}
      </Card>
      <ul className="space-y-4">
        {users.map((user) => (
          <li key={user.id}>
            <Card>
              <h2 className="font-semibold break-all" translate="no" data-testid="helpdesk-user">
                {user.email}
              </h2>
              <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
                {user.displayName ? (
                  <>
                    <span translate="no">{user.displayName}</span>
                    {' · '}
                  </>
                ) : null}
                {t(`roles.${user.role}`)} · {tPeople(`status.${user.status}`)} · {tPeople('passkeys', { count: user.passkeys })} ·{' '}
                {t('user.codes', { count: user.recoveryCodesLeft })} · {user.totp ? t('user.totp') : t('user.noTotp')}
              </p>
              <div className="mt-4">
                {user.id === session.user.id ? (
                  <p className="text-sm">{t('user.own')}</p>
                ) : user.status !== 'active' ? (
                  <p className="text-sm">{t('user.suspended')}</p>
                ) : (
                  <IssueAccessCodeForm userId={user.id} checks={checks} needsApproval={needsSecondAgent(user)} labels={labels} />
                )}
              </div>
            </Card>
          </li>
        ))}
      </ul>
    </>
  )
}

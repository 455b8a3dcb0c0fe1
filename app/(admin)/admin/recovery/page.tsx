import { ApproveAccessCodeForm, IssueAccessCodeForm } from '@/app/(admin)/admin/recovery/_components/access-code-forms'
import { Button } from '@/components/ui/button'
import { Card, PageHeading } from '@/components/ui/card'
import { TextField } from '@/components/ui/field'
import { VERIFICATION_CHECKS, approverCoolDownUntil, needsSecondAgent } from '@/lib/recovery/access-codes'
import { findUsersForHelpdesk, pendingApprovals } from '@/lib/recovery/helpdesk-views'
import { requireAgent } from '@/lib/auth/dal'

export const metadata = { title: 'Helpdesk recovery' }

const CHECKS = Object.entries(VERIFICATION_CHECKS).map(([id, label]) => ({ id, label }))
const formatTime = (date: Date) => `${new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(date)} UTC`

/**
 * For helpdesk agents and admins: find the person who lost every way in,
 * record how their identity was checked, and issue a one-time access code.
 */
export default async function HelpdeskRecoveryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireAgent('/admin/recovery')
  const { q } = await searchParams
  const query = typeof q === 'string' ? q.normalize('NFKC').trim().toLowerCase().slice(0, 254) : ''
  const [users, approvals, coolDownUntil] = await Promise.all([
    query.length >= 3 ? findUsersForHelpdesk(query) : Promise.resolve([]),
    pendingApprovals(session.user),
    approverCoolDownUntil(session.user.id),
  ])
  return (
    <>
      <PageHeading
        title="Helpdesk recovery"
        description="For people who lost every passkey and recovery option. Check who they are first; every code is logged and emailed to them."
      />
      {approvals.length > 0 ? (
        <Card className="mb-6">
          <h2 className="font-semibold">Waiting for your approval</h2>
          <ul className="mt-4 space-y-4">
            {approvals.map((approval) => (
              <li key={approval.id} className="space-y-2 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800" data-testid="pending-approval">
                <p className="text-sm">
                  Access code for <span className="font-medium break-all">{approval.userEmail}</span> (
                  {approval.userRole === 'admin' ? 'an administrator' : 'a helpdesk agent'}), asked by {approval.requestedBy} at{' '}
                  {formatTime(approval.createdAt)}.
                </p>
                <p className="text-sm text-zinc-600 dark:text-zinc-400">Checks: {approval.checks.join('; ')}.</p>
                <p className="text-sm whitespace-pre-wrap text-zinc-600 dark:text-zinc-400">“{approval.verification}”</p>
                {coolDownUntil ? (
                  <p className="text-sm font-medium" data-testid="approver-cool-down">
                    Your account was recovered or got a new sign-in method recently, so you can’t approve access codes until {formatTime(coolDownUntil)}. Ask
                    another agent.
                  </p>
                ) : (
                  <ApproveAccessCodeForm requestId={approval.id} />
                )}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <Card className="mb-6">
        <form method="get" className="flex flex-wrap items-end gap-3" role="search">
          <TextField
            id="q"
            name="q"
            type="search"
            label="Find a person by email"
            defaultValue={query}
            minLength={3}
            maxLength={254}
            className="min-w-0 flex-1"
          />
          <Button type="submit" variant="secondary">
            Search
          </Button>
        </form>
        {query.length > 0 && query.length < 3 ? <p className="mt-3 text-sm">Type at least 3 characters.</p> : null}
        {query.length >= 3 && users.length === 0 ? <p className="mt-3 text-sm">No account matches “{query}”.</p> : null}
      </Card>
      <ul className="space-y-4">
        {users.map((user) => (
          <li key={user.id}>
            <Card>
              <h2 className="font-semibold break-all" data-testid="helpdesk-user">
                {user.email}
              </h2>
              <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
                {user.displayName ? `${user.displayName} · ` : ''}
                {user.role} · {user.status} · {user.passkeys === 1 ? '1 passkey' : `${user.passkeys} passkeys`} · {user.recoveryCodesLeft} recovery codes left ·{' '}
                {user.totp ? 'authenticator app' : 'no authenticator app'}
              </p>
              <div className="mt-4">
                {user.id === session.user.id ? (
                  <p className="text-sm">You can’t issue an access code for your own account. Ask another agent.</p>
                ) : user.status !== 'active' ? (
                  <p className="text-sm">This account is suspended.</p>
                ) : (
                  <IssueAccessCodeForm userId={user.id} checks={CHECKS} needsApproval={needsSecondAgent(user)} />
                )}
              </div>
            </Card>
          </li>
        ))}
      </ul>
    </>
  )
}

import { getTranslations } from 'next-intl/server'
import { Time } from '@/components/time'
import { Card } from '@/components/ui/card'
import type { PersonDetail } from '@/lib/admin/person'

const PROBLEMS = new Set(['bounced', 'complained', 'failed', 'suppressed'])

/**
 * The person's last emails and what the provider said became of each: what
 * the helpdesk needs for "my code never came". Kinds and statuses only,
 * never the message or the address it went to.
 */
export async function RecentEmails({ emails }: { emails: PersonDetail['emails'] }) {
  const t = await getTranslations('admin.person.emails')
  return (
    <Card labelledBy="emails-heading">
      <h2 id="emails-heading" className="font-semibold">
        {t('heading')}
      </h2>
      {!emails.tracked ? <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{t('untracked')}</p> : null}
      {emails.tracked && emails.last.length === 0 ? <p className="mt-2 text-sm">{t('none')}</p> : null}
      <ul className="mt-2 space-y-1 text-sm" data-testid="person-emails">
        {emails.last.map((email) => (
          <li key={`${email.kind}-${email.sentAt.toISOString()}`}>
            <Time at={email.sentAt} /> · {t(`kinds.${email.kind}`)} ·{' '}
            <strong className={PROBLEMS.has(email.status) ? 'text-red-700 dark:text-red-300' : undefined}>{t(`statuses.${email.status}`)}</strong>
            {email.detail ? (
              <>
                {' · '}
                <span translate="no">{email.detail}</span>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </Card>
  )
}

import { z } from 'zod'
import { ActivityIcon } from '@/app/(account)/account/activity/_components/activity-icon'
import { ActivityTime } from '@/app/(account)/account/activity/_components/activity-time'
import { ReportActivityForm } from '@/app/(account)/account/activity/_components/report-activity-form'
import { buttonClasses } from '@/components/ui/button'
import { Card, PageHeading } from '@/components/ui/card'
import { ACTIVITY_CATEGORIES, listActivity, type ActivityCategory } from '@/lib/activity/history'
import { relativeTime } from '@/lib/activity/relative-time'
import { requireSession } from '@/lib/auth/dal'

export const metadata = { title: 'Activity' }

const categoryKeys = Object.keys(ACTIVITY_CATEGORIES) as [ActivityCategory, ...ActivityCategory[]]

// Unknown or malformed filters fall back to "all" rather than failing the page.
const querySchema = z.object({
  type: z.enum(categoryKeys).optional().catch(undefined),
  result: z.enum(['success', 'failure']).optional().catch(undefined),
  after: z.string().max(100).optional().catch(undefined),
})

type SearchParams = Promise<Record<string, string | string[] | undefined>>

function pageHref(query: { type?: string; result?: string; after?: string }): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value)
  const text = params.toString()
  return text ? `/account/activity?${text}` : '/account/activity'
}

const selectClasses =
  'mt-1 block min-h-10 w-full rounded-lg border border-zinc-300 bg-white px-3 text-sm dark:border-zinc-700 dark:bg-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-500'

/** The sign-in history: every sign-in and security change, newest first, with a way to report what wasn't you. */
export default async function ActivityPage({ searchParams }: { searchParams: SearchParams }) {
  const session = await requireSession('/account/activity')
  const raw = await searchParams
  const query = querySchema.parse({ type: raw.type, result: raw.result, after: raw.after })
  const filter = { category: query.type, result: query.result }
  const page = await listActivity(session.user.id, session.sessionId, filter, query.after ?? null)
  const now = new Date()
  const filtered = Boolean(query.type || query.result)
  return (
    <>
      <PageHeading title="Activity" description="Sign-ins and security changes on your account. If something here wasn’t you, tell us on that row." />
      <form method="get" action="/account/activity" className="mb-4 flex flex-wrap items-end gap-3" aria-label="Filter activity">
        <label className="min-w-40 flex-1 text-sm font-medium">
          Type
          <select name="type" defaultValue={query.type ?? ''} className={selectClasses}>
            <option value="">All activity</option>
            {categoryKeys.map((key) => (
              <option key={key} value={key}>
                {ACTIVITY_CATEGORIES[key].label}
              </option>
            ))}
          </select>
        </label>
        <label className="min-w-40 flex-1 text-sm font-medium">
          Result
          <select name="result" defaultValue={query.result ?? ''} className={selectClasses}>
            <option value="">Any result</option>
            <option value="success">Succeeded</option>
            <option value="failure">Failed</option>
          </select>
        </label>
        <button type="submit" className={buttonClasses('secondary')}>
          Show
        </button>
        {filtered ? (
          <a href="/account/activity" className={buttonClasses('ghost')}>
            Clear filters
          </a>
        ) : null}
      </form>
      {page.items.length === 0 ? (
        <Card>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">{filtered ? 'Nothing matches these filters.' : 'No activity yet.'}</p>
        </Card>
      ) : (
        <ol
          className="divide-y divide-zinc-200 rounded-xl border border-zinc-200 bg-white shadow-sm dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900"
          aria-label="Activity"
        >
          {page.items.map((item) => (
            <li key={item.id} className="flex gap-3 p-4" data-testid="activity-item">
              <span className={item.result === 'failure' ? 'text-red-600 dark:text-red-400' : 'text-zinc-500 dark:text-zinc-400'}>
                <ActivityIcon icon={item.icon} />
              </span>
              <div className="min-w-0 flex-1">
                <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
                  <span className="font-semibold">{item.title}</span>
                  {item.result === 'failure' ? (
                    <span className="rounded-full bg-red-50 px-2 py-0.5 text-xs font-semibold text-red-700 dark:bg-red-500/15 dark:text-red-300">Failed</span>
                  ) : null}
                  {item.currentSession ? (
                    <span className="rounded-full bg-indigo-50 px-2 py-0.5 text-xs font-semibold text-indigo-700 dark:bg-indigo-500/15 dark:text-indigo-300">
                      This session
                    </span>
                  ) : null}
                </p>
                {item.note ? <p className="text-sm text-zinc-700 dark:text-zinc-300">{item.note}</p> : null}
                <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
                  <ActivityTime iso={item.at.toISOString()} relative={relativeTime(item.at, now)} />
                  {' · '}
                  {item.device ?? 'Unknown device'} · IP {item.ipAddress ?? 'unknown'}
                </p>
                {item.currentSession ? null : <ReportActivityForm eventId={item.id} what={item.title} />}
              </div>
            </li>
          ))}
        </ol>
      )}
      <nav aria-label="Pages" className="mt-4 flex flex-wrap gap-3">
        {query.after ? (
          <a href={pageHref({ type: query.type, result: query.result })} className={buttonClasses('secondary')}>
            Newest
          </a>
        ) : null}
        {page.nextCursor ? (
          <a href={pageHref({ type: query.type, result: query.result, after: page.nextCursor })} className={buttonClasses('secondary')} rel="next">
            Older activity
          </a>
        ) : null}
      </nav>
      <Card className="mt-8">
        <h2 className="font-semibold">Download your history</h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">All of it, not only this page: time, event, result, method, device and IP address.</p>
        <div className="mt-3 flex flex-wrap gap-3">
          <a href="/account/activity/download?format=csv" className={buttonClasses('secondary')} download>
            Download CSV
          </a>
          <a href="/account/activity/download?format=json" className={buttonClasses('secondary')} download>
            Download JSON
          </a>
        </div>
      </Card>
    </>
  )
}

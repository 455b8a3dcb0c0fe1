import { getFormatter, getTranslations } from 'next-intl/server'
import { Fragment, type ReactNode } from 'react'
import { z } from 'zod'
import { ActivityIcon } from '@/app/(account)/account/activity/_components/activity-icon'
import { ReportActivityForm, type ReportLabels } from '@/app/(account)/account/activity/_components/report-activity-form'
import { buttonClasses } from '@/components/ui/button'
import { Card, PageHeading } from '@/components/ui/card'
import type { NotePart } from '@/lib/activity/event-words'
import { ACTIVITY_CATEGORIES, listActivity, type ActivityCategory } from '@/lib/activity/history'
import { requireSession } from '@/lib/auth/dal'
import { requestTranslator } from '@/lib/i18n/reader'
import { data } from '@/components/ui/data'

export async function generateMetadata() {
  const t = await getTranslations('activity.page')
  return { title: t('title') }
}

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

/** A link around a message's <link>…</link> part. */
function linkTo(href: string) {
  return function MessageLink(chunks: ReactNode) {
    return (
      <a className="font-semibold text-indigo-700 underline dark:text-indigo-300" href={href}>
        {chunks}
      </a>
    )
  }
}

/** A note's facts, separated by dots; names and other data are marked as not ours to translate. */
function Note({ parts }: { parts: NotePart[] }) {
  return parts.map((part, index) => (
    <Fragment key={index}>
      {index > 0 ? ' · ' : null}
      {part.data ? <span translate="no">{part.text}</span> : part.text}
    </Fragment>
  ))
}

/**
 * "3 hours ago" in the reader's language, with the exact time in their zone
 * on hover; both formatted here, on the server. Under a minute: "just now".
 */
async function When({ at, now }: { at: Date; now: Date }) {
  const [format, t] = await Promise.all([getFormatter(), getTranslations('activity.item')])
  const recent = Math.abs(now.getTime() - at.getTime()) < 60_000
  return (
    <time
      dateTime={at.toISOString()}
      title={format.dateTime(at, 'precise')}
      translate="no"
      className="cursor-help underline decoration-dotted underline-offset-2"
    >
      {recent ? t('justNow') : format.relativeTime(at, now)}
    </time>
  )
}

const selectClasses =
  'mt-1 block min-h-10 w-full rounded-lg border border-zinc-300 bg-white px-3 text-sm dark:border-zinc-700 dark:bg-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-500'

/** The sign-in history: every sign-in and security change, newest first, with a way to report what wasn't you. */
export default async function ActivityPage({ searchParams }: { searchParams: SearchParams }) {
  const session = await requireSession('/account/activity')
  const raw = await searchParams
  const query = querySchema.parse({ type: raw.type, result: raw.result, after: raw.after })
  const filter = { category: query.type, result: query.result }
  const [t, reader] = await Promise.all([getTranslations('activity'), requestTranslator()])
  const page = await listActivity(session.user.id, session.sessionId, filter, query.after ?? null, reader.t)
  const now = new Date()
  const filtered = Boolean(query.type || query.result)
  const reportLabels: ReportLabels = {
    open: t('report.open'),
    explain: t('report.explain'),
    submit: t('report.submit'),
    pending: t('report.pending'),
    nextSteps: t('report.nextSteps'),
    reviewPasskeys: t.rich('report.reviewPasskeys', { link: linkTo('/account/passkeys') }),
    newCodes: t.rich('report.newCodes', { link: linkTo('/account/recovery') }),
  }
  return (
    <>
      <PageHeading title={t('page.title')} description={t('page.description')} />
      <form method="get" action="/account/activity" className="mb-4 flex flex-wrap items-end gap-3" aria-label={t('page.filter.label')}>
        <label className="min-w-40 flex-1 text-sm font-medium">
          {t('page.filter.type')}
          <select name="type" defaultValue={query.type ?? ''} className={selectClasses}>
            <option value="">{t('page.filter.allTypes')}</option>
            {categoryKeys.map((key) => (
              <option key={key} value={key}>
                {t(`page.categories.${key}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="min-w-40 flex-1 text-sm font-medium">
          {t('page.filter.result')}
          <select name="result" defaultValue={query.result ?? ''} className={selectClasses}>
            <option value="">{t('page.filter.anyResult')}</option>
            <option value="success">{t('page.filter.succeeded')}</option>
            <option value="failure">{t('page.filter.failed')}</option>
          </select>
        </label>
        <button type="submit" className={buttonClasses('secondary')}>
          {t('page.filter.show')}
        </button>
        {filtered ? (
          <a href="/account/activity" className={buttonClasses('ghost')}>
            {t('page.filter.clear')}
          </a>
        ) : null}
      </form>
      {page.items.length === 0 ? (
        <Card>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">{filtered ? t('page.noMatch') : t('page.empty')}</p>
        </Card>
      ) : (
        <ol
          className="divide-y divide-zinc-200 rounded-xl border border-zinc-200 bg-white shadow-sm dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900"
          aria-label={t('page.list')}
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
                    <span className="rounded-full bg-red-50 px-2 py-0.5 text-xs font-semibold text-red-700 dark:bg-red-500/15 dark:text-red-300">
                      {t('item.failed')}
                    </span>
                  ) : null}
                  {item.currentSession ? (
                    <span className="rounded-full bg-indigo-50 px-2 py-0.5 text-xs font-semibold text-indigo-700 dark:bg-indigo-500/15 dark:text-indigo-300">
                      {t('item.thisSession')}
                    </span>
                  ) : null}
                </p>
                {item.noteParts.length ? (
                  <p className="text-sm text-zinc-700 dark:text-zinc-300">
                    <Note parts={item.noteParts} />
                  </p>
                ) : null}
                <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
                  <When at={item.at} now={now} />
                  {' · '}
                  {item.device ? <span translate="no">{item.device}</span> : t('item.unknownDevice')}
                  {' · '}
                  {item.ipAddress ? t.rich('item.ip', { address: item.ipAddress, data }) : t('item.ipUnknown')}
                </p>
                {item.currentSession ? null : (
                  <ReportActivityForm eventId={item.id} submitLabel={t('report.submitLabel', { event: item.title })} labels={reportLabels} />
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
      <nav aria-label={t('page.pages')} className="mt-4 flex flex-wrap gap-3">
        {query.after ? (
          <a href={pageHref({ type: query.type, result: query.result })} className={buttonClasses('secondary')}>
            {t('page.newest')}
          </a>
        ) : null}
        {page.nextCursor ? (
          <a href={pageHref({ type: query.type, result: query.result, after: page.nextCursor })} className={buttonClasses('secondary')} rel="next">
            {t('page.older')}
          </a>
        ) : null}
      </nav>
      <Card className="mt-8">
        <h2 className="font-semibold">{t('download.title')}</h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{t('download.description')}</p>
        <div className="mt-3 flex flex-wrap gap-3">
          <a href="/account/activity/download?format=csv" className={buttonClasses('secondary')} download>
            {t('download.csv')}
          </a>
          <a href="/account/activity/download?format=json" className={buttonClasses('secondary')} download>
            {t('download.json')}
          </a>
        </div>
      </Card>
    </>
  )
}

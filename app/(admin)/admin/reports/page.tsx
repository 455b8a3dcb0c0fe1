import Link from 'next/link'
import { Card, PageHeading } from '@/components/ui/card'
import { listReports, type ReportView } from '@/lib/admin/reports'
import { requireAdmin } from '@/lib/auth/dal'
import { resolveReportAction } from './actions'
import { ResolveReportForm } from './_components/resolve-form'

export const metadata = { title: 'Reports' }

const formatTime = (date: Date) => new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(date)

function Report({ report }: { report: ReportView }) {
  return (
    <li className="py-3 text-sm">
      <p>
        <Link href={`/admin/people/${report.userId}`} className="font-medium break-all text-indigo-700 underline dark:text-indigo-300">
          {report.person}
        </Link>{' '}
        said “this wasn’t me” on {formatTime(report.reportedAt)} UTC
      </p>
      <p className="text-zinc-700 dark:text-zinc-300">
        About: {report.event ? `${report.event.title}${report.event.at ? `, ${formatTime(report.event.at)} UTC` : ''}` : 'an event no longer in the log'}
      </p>
      {report.status === 'resolved' ? (
        <p className="text-zinc-700 dark:text-zinc-300">
          Resolved by {report.resolvedBy ?? 'an administrator'}
          {report.resolvedAt ? ` on ${formatTime(report.resolvedAt)} UTC` : ''}
          {report.note ? `: ${report.note}` : ''}
        </p>
      ) : (
        <ResolveReportForm action={resolveReportAction} reportId={report.id} />
      )}
    </li>
  )
}

/** "This wasn't me" reports: the open ones to act on, and the recently resolved with who closed them and why. */
export default async function ReportsPage() {
  await requireAdmin('/admin/reports')
  const { open, resolved } = await listReports()
  return (
    <>
      <PageHeading
        title="Reports"
        description="When someone says an event in their history wasn’t them, their other sessions end at once and the report waits here. Look at the person’s page, act, and note what you did."
      />
      <Card className="mb-6" labelledBy="open-heading">
        <h2 id="open-heading" className="font-semibold">
          Open ({open.length})
        </h2>
        {open.length === 0 ? (
          <p className="mt-2 text-sm">No open reports.</p>
        ) : (
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" aria-labelledby="open-heading">
            {open.map((report) => (
              <Report key={report.id} report={report} />
            ))}
          </ul>
        )}
      </Card>
      <Card labelledBy="resolved-heading">
        <h2 id="resolved-heading" className="font-semibold">
          Recently resolved
        </h2>
        {resolved.length === 0 ? (
          <p className="mt-2 text-sm">None yet.</p>
        ) : (
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" aria-labelledby="resolved-heading">
            {resolved.map((report) => (
              <Report key={report.id} report={report} />
            ))}
          </ul>
        )}
      </Card>
    </>
  )
}

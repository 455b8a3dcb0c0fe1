import Link from 'next/link'
import { getFormatter, getTranslations } from 'next-intl/server'
import { Card, PageHeading } from '@/components/ui/card'
import { listReports, type ReportView } from '@/lib/admin/reports'
import { requireAdmin } from '@/lib/auth/dal'
import { requestTranslator } from '@/lib/i18n/reader'
import { data, timeTag } from '@/components/ui/data'
import { ZoneNote } from '../_components/zone-note'
import { resolveReportAction } from './actions'
import { ResolveReportForm } from './_components/resolve-form'

export async function generateMetadata() {
  const t = await getTranslations('admin.reports')
  return { title: t('title') }
}

async function Report({ report }: { report: ReportView }) {
  const [t, format] = await Promise.all([getTranslations('admin.reports'), getFormatter()])
  const when = (at: Date) => ({ at: format.dateTime(at, 'time'), time: timeTag(at) })
  return (
    <li className="py-3 text-sm">
      <p>
        {t.rich('reported', {
          ...when(report.reportedAt),
          person: report.person,
          link: (chunks) => (
            <Link href={`/admin/people/${report.userId}`} translate="no" className="font-medium break-all text-indigo-700 underline dark:text-indigo-300">
              {chunks}
            </Link>
          ),
        })}
      </p>
      <p className="text-zinc-700 dark:text-zinc-300">
        {!report.event
          ? t('aboutGone')
          : report.event.at
            ? t.rich('aboutAt', { title: report.event.title, ...when(report.event.at) })
            : t('about', { title: report.event.title })}
      </p>
      {report.status === 'resolved' ? (
        <p className="text-zinc-700 dark:text-zinc-300">
          {t.rich(report.resolvedAt ? 'resolvedAt' : 'resolved', {
            by: report.resolvedBy ?? '',
            known: report.resolvedBy ? 'yes' : 'no',
            note: report.note ?? '',
            noted: report.note ? 'yes' : 'no',
            data,
            ...(report.resolvedAt ? when(report.resolvedAt) : {}),
          })}
        </p>
      ) : (
        <ResolveReportForm
          action={resolveReportAction}
          reportId={report.id}
          labels={{ note: t('form.note'), resolve: t('form.resolve'), saving: t('form.saving') }}
        />
      )}
    </li>
  )
}

/** "This wasn't me" reports: the open ones to act on, and the recently resolved with who closed them and why. */
export default async function ReportsPage() {
  await requireAdmin('/admin/reports')
  const [{ open, resolved }, t] = await Promise.all([listReports((await requestTranslator()).t), getTranslations('admin.reports')])
  return (
    <>
      <PageHeading title={t('title')} description={t('description')} />
      <ZoneNote />
      <Card className="mb-6" labelledBy="open-heading">
        <h2 id="open-heading" className="font-semibold">
          {t('open', { count: open.length })}
        </h2>
        {open.length === 0 ? (
          <p className="mt-2 text-sm">{t('noneOpen')}</p>
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
          {t('resolvedHeading')}
        </h2>
        {resolved.length === 0 ? (
          <p className="mt-2 text-sm">{t('noneResolved')}</p>
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

import Link from 'next/link'
import { getFormatter, getTranslations } from 'next-intl/server'
import { Button } from '@/components/ui/button'
import { Card, PageHeading } from '@/components/ui/card'
import { TextField } from '@/components/ui/field'
import { FilterSelect } from '@/components/ui/filter-select'
import { EVENT_TYPES, eventTypeTitle } from '@/lib/activity/event-words'
import { auditFilterSchema, listAuditLog, type AuditRow } from '@/lib/admin/audit-log'
import { anchoringState } from '@/lib/audit/anchor'
import { requireAdmin } from '@/lib/auth/dal'
import { requestTranslator } from '@/lib/i18n/reader'
import { data, timeTag } from '@/components/ui/data'
import { ZoneNote } from '../_components/zone-note'
import { verifyAuditLogAction } from './actions'
import { VerifyLogForm } from './_components/verify-form'

export async function generateMetadata() {
  const t = await getTranslations('admin.audit')
  return { title: t('title') }
}

/** When the chain's head was last anchored outside the database, and what this server's "Verify the log" compares with. Names no path. */
async function Anchoring({ state }: { state: Awaited<ReturnType<typeof anchoringState>> }) {
  const [t, format] = await Promise.all([getTranslations('admin.audit.anchoring'), getFormatter()])
  const { anchored, newestSeq, verifiesAgainst } = state
  const against = verifiesAgainst.length === 2 ? 'both' : verifiesAgainst[0]
  return (
    <p className="mb-3 text-sm text-zinc-700 dark:text-zinc-300" data-testid="audit-anchoring">
      {anchored ? (
        <>
          {t.rich('anchored', {
            at: format.dateTime(anchored.anchoredAt, 'precise'),
            seq: String(anchored.lastSeq),
            time: timeTag(anchored.anchoredAt),
          })}
          {newestSeq !== null && newestSeq > anchored.lastSeq ? <> {t('behind', { seq: String(anchored.lastSeq) })}</> : null}
        </>
      ) : (
        t('never')
      )}{' '}
      {against ? t('against', { against }) : t('noAnchor', { fileVariable: 'AUDIT_ANCHOR_FILE', urlVariable: 'AUDIT_ANCHOR_URL' })}
    </p>
  )
}

async function Outcome({ row }: { row: AuditRow }) {
  const t = await getTranslations('admin.audit.rows')
  return row.result === 'failure' ? <span className="font-medium text-red-700 dark:text-red-400">{t('failed')}</span> : <span>{t('succeeded')}</span>
}

/** Every security and admin event, for administrators: filter, page, download, and verify the seal. */
export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin('/admin/audit')
  const raw = await searchParams
  const filter = auditFilterSchema.parse(Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value])))
  const reader = await requestTranslator()
  const typeChoices = EVENT_TYPES.map((type) => ({ value: type, label: eventTypeTitle(type, reader.t) })).sort((a, b) =>
    a.label.localeCompare(b.label, reader.locale),
  )
  const [{ rows, next, noSuchAccount }, anchoring, t, format] = await Promise.all([
    listAuditLog(filter, reader.t),
    anchoringState(),
    getTranslations('admin.audit'),
    getFormatter(),
  ])
  const query = (extra: Record<string, string | number | undefined>) => {
    const entries: Record<string, string | number | undefined> = { ...filter, before: undefined, ...extra }
    return new URLSearchParams(
      Object.entries(entries).flatMap(([key, value]) => (value === undefined || value === '' ? [] : [[key, String(value)]])),
    ).toString()
  }
  return (
    <>
      <PageHeading title={t('title')} description={t('description')} />
      <ZoneNote />
      <Card className="mb-6" labelledBy="verify-heading">
        <h2 id="verify-heading" className="mb-1 font-semibold">
          {t('verify.heading')}
        </h2>
        <p className="mb-3 text-sm text-zinc-700 dark:text-zinc-300">{t('verify.explain')}</p>
        <Anchoring state={anchoring} />
        <VerifyLogForm action={verifyAuditLogAction} labels={{ verify: t('verify.button'), verifying: t('verify.pending') }} />
      </Card>
      <Card className="mb-6">
        <form method="get" className="grid gap-3 sm:grid-cols-3">
          <TextField id="person" name="person" type="search" label={t('filter.person')} defaultValue={filter.person ?? ''} />
          <TextField id="actor" name="actor" type="search" label={t('filter.actor')} defaultValue={filter.actor ?? ''} className="sm:col-span-2" />
          <FilterSelect id="type" label={t('filter.event')} anyLabel={t('filter.any')} value={filter.type} options={typeChoices} />
          <FilterSelect
            id="result"
            label={t('filter.outcome')}
            anyLabel={t('filter.any')}
            value={filter.result}
            options={[
              { value: 'success', label: t('filter.succeeded') },
              { value: 'failure', label: t('filter.failed') },
            ]}
          />
          <div className="grid grid-cols-2 gap-3">
            <TextField id="from" name="from" type="date" label={t('filter.from')} defaultValue={filter.from ?? ''} />
            <TextField id="to" name="to" type="date" label={t('filter.to')} defaultValue={filter.to ?? ''} />
          </div>
          <div className="flex flex-wrap items-center gap-4 sm:col-span-3">
            <Button type="submit" variant="secondary">
              {t('filter.submit')}
            </Button>
            <a href={`/admin/audit/download?${query({ format: 'csv' })}`} className="font-semibold text-indigo-700 underline dark:text-indigo-300">
              {t('filter.csv')}
            </a>
            <a href={`/admin/audit/download?${query({ format: 'json' })}`} className="font-semibold text-indigo-700 underline dark:text-indigo-300">
              {t('filter.json')}
            </a>
          </div>
        </form>
      </Card>
      <Card>
        {noSuchAccount ? <p className="text-sm">{t('rows.noSuchAccount')}</p> : null}
        {!noSuchAccount && rows.length === 0 ? <p className="text-sm">{t('rows.none')}</p> : null}
        {rows.length > 0 ? (
          <ol className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800" aria-label={t('rows.label')} data-testid="audit-events">
            {rows.map((row) => (
              <li key={row.id} className="grid gap-1 py-3 sm:grid-cols-[11rem_1fr]">
                <div className="text-zinc-600 dark:text-zinc-400">
                  <time dateTime={row.at.toISOString()} translate="no">
                    {format.dateTime(row.at, 'precise')}
                  </time>
                  <span className="block text-xs">
                    {row.seq !== null ? <span translate="no">#{row.seq}</span> : row.refused ? t('rows.refused') : t('rows.unsealed')}
                  </span>
                </div>
                <div className="min-w-0">
                  <p>
                    <span className="font-medium">{row.title}</span> · <Outcome row={row} />
                    {row.note ? <span className="text-zinc-600 dark:text-zinc-400"> · {row.note}</span> : null}
                    {row.reason ? (
                      <span className="text-zinc-600 dark:text-zinc-400">
                        {' · '}
                        <span translate="no">{row.reason.replaceAll('_', ' ')}</span>
                      </span>
                    ) : null}
                  </p>
                  <p className="break-all text-zinc-700 dark:text-zinc-300">
                    {row.person ? t.rich('rows.account', { person: row.person, data }) : t('rows.noAccount')}
                    {row.actor ? <> · {t.rich('rows.by', { actor: row.actor, data })}</> : null}
                    {row.actorDeleted ? <> · {t('rows.byDeleted')}</> : null}
                    {row.ipAddress ? (
                      <>
                        {' · '}
                        <span translate="no">{row.ipAddress}</span>
                      </>
                    ) : null}
                    {row.device ? (
                      <>
                        {' · '}
                        <span translate="no">{row.device}</span>
                      </>
                    ) : null}
                  </p>
                </div>
              </li>
            ))}
          </ol>
        ) : null}
        {next ? (
          <Link href={`/admin/audit?${query({ before: next })}`} className="mt-4 inline-block font-semibold text-indigo-700 underline dark:text-indigo-300">
            {t('rows.older')}
          </Link>
        ) : null}
      </Card>
    </>
  )
}

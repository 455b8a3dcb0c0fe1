import Link from 'next/link'
import { Button } from '@/components/ui/button'
import { Card, PageHeading } from '@/components/ui/card'
import { TextField } from '@/components/ui/field'
import { FilterSelect } from '@/components/ui/filter-select'
import { EVENT_TYPE_TITLES } from '@/lib/activity/event-words'
import { auditFilterSchema, listAuditLog, type AuditRow } from '@/lib/admin/audit-log'
import { anchoringState } from '@/lib/audit/anchor'
import { requireAdmin } from '@/lib/auth/dal'
import { verifyAuditLogAction } from './actions'
import { VerifyLogForm } from './_components/verify-form'

export const metadata = { title: 'Audit log' }

const formatTime = (date: Date) => new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' }).format(date)
const TYPE_CHOICES = EVENT_TYPE_TITLES.map((entry) => ({ value: entry.type, label: entry.title })).sort((a, b) => a.label.localeCompare(b.label))

/** When the chain's head was last anchored outside the database, and what this server's "Verify the log" compares with. Names no path. */
function Anchoring({ state }: { state: Awaited<ReturnType<typeof anchoringState>> }) {
  const { anchored, newestSeq, verifiesAgainst } = state
  const against = verifiesAgainst.map((kind) => (kind === 'file' ? 'the anchor file' : 'the anchor URL')).join(' and ')
  return (
    <p className="mb-3 text-sm text-zinc-700 dark:text-zinc-300" data-testid="audit-anchoring">
      {anchored ? (
        <>
          Head last anchored outside the database <time dateTime={anchored.anchoredAt.toISOString()}>{formatTime(anchored.anchoredAt)} UTC</time>, rows up to #
          {anchored.lastSeq}, in the anchor file.
          {newestSeq !== null && newestSeq > anchored.lastSeq ? ` Rows after #${anchored.lastSeq} are sealed but not anchored yet.` : null}
        </>
      ) : (
        'The head has not been anchored outside the database yet.'
      )}{' '}
      {against
        ? `Verifying compares the log with ${against}.`
        : 'This server has no anchor to compare with (AUDIT_ANCHOR_FILE or AUDIT_ANCHOR_URL), so rows cut off together with their checkpoint would not show.'}
    </p>
  )
}

function Outcome({ row }: { row: AuditRow }) {
  return row.result === 'failure' ? <span className="font-medium text-red-700 dark:text-red-400">failed</span> : <span>succeeded</span>
}

/** Every security and admin event, for administrators: filter, page, download, and verify the seal. */
export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin('/admin/audit')
  const raw = await searchParams
  const filter = auditFilterSchema.parse(Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value])))
  const [{ rows, next, noSuchAccount }, anchoring] = await Promise.all([listAuditLog(filter), anchoringState()])
  const query = (extra: Record<string, string | number | undefined>) => {
    const entries: Record<string, string | number | undefined> = { ...filter, before: undefined, ...extra }
    return new URLSearchParams(
      Object.entries(entries).flatMap(([key, value]) => (value === undefined || value === '' ? [] : [[key, String(value)]])),
    ).toString()
  }
  return (
    <>
      <PageHeading
        title="Audit log"
        description="Every sign-in, recovery and administrator action, newest first. Rows are sealed into a keyed chain every minute; nobody can change them through the portal."
      />
      <Card className="mb-6" labelledBy="verify-heading">
        <h2 id="verify-heading" className="mb-1 font-semibold">
          Is the log intact?
        </h2>
        <p className="mb-3 text-sm text-zinc-700 dark:text-zinc-300">
          Seals what was written up to 30 seconds ago, then checks every row against the chain and names the first one that was changed or removed, or one that
          was backdated.
        </p>
        <Anchoring state={anchoring} />
        <VerifyLogForm action={verifyAuditLogAction} />
      </Card>
      <Card className="mb-6">
        <form method="get" className="grid gap-3 sm:grid-cols-3">
          <TextField id="person" name="person" type="search" label="Person (email address)" defaultValue={filter.person ?? ''} />
          <TextField
            id="actor"
            name="actor"
            type="search"
            label="Actor (administrator’s address or client name)"
            defaultValue={filter.actor ?? ''}
            className="sm:col-span-2"
          />
          <FilterSelect id="type" label="Event" value={filter.type} options={TYPE_CHOICES} />
          <FilterSelect
            id="result"
            label="Outcome"
            value={filter.result}
            options={[
              { value: 'success', label: 'Succeeded' },
              { value: 'failure', label: 'Failed' },
            ]}
          />
          <div className="grid grid-cols-2 gap-3">
            <TextField id="from" name="from" type="date" label="From (UTC)" defaultValue={filter.from ?? ''} />
            <TextField id="to" name="to" type="date" label="To (UTC)" defaultValue={filter.to ?? ''} />
          </div>
          <div className="flex flex-wrap items-center gap-4 sm:col-span-3">
            <Button type="submit" variant="secondary">
              Filter
            </Button>
            <a href={`/admin/audit/download?${query({ format: 'csv' })}`} className="font-semibold text-indigo-700 underline dark:text-indigo-300">
              Download CSV
            </a>
            <a href={`/admin/audit/download?${query({ format: 'json' })}`} className="font-semibold text-indigo-700 underline dark:text-indigo-300">
              Download JSON
            </a>
          </div>
        </form>
      </Card>
      <Card>
        {noSuchAccount ? <p className="text-sm">No account has that address.</p> : null}
        {!noSuchAccount && rows.length === 0 ? <p className="text-sm">No events match.</p> : null}
        {rows.length > 0 ? (
          <ol className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800" aria-label="Events" data-testid="audit-events">
            {rows.map((row) => (
              <li key={row.id} className="grid gap-1 py-3 sm:grid-cols-[11rem_1fr]">
                <div className="text-zinc-600 dark:text-zinc-400">
                  <time dateTime={row.at.toISOString()}>{formatTime(row.at)}</time>
                  <span className="block text-xs">{row.seq !== null ? `#${row.seq}` : row.refused ? 'kept out of the seal' : 'not sealed yet'}</span>
                </div>
                <div className="min-w-0">
                  <p>
                    <span className="font-medium">{row.title}</span> · <Outcome row={row} />
                    {row.note ? <span className="text-zinc-600 dark:text-zinc-400"> · {row.note}</span> : null}
                    {row.reason ? <span className="text-zinc-600 dark:text-zinc-400"> · {row.reason.replaceAll('_', ' ')}</span> : null}
                  </p>
                  <p className="break-all text-zinc-700 dark:text-zinc-300">
                    {row.person ? <>Account: {row.person}</> : 'No account'}
                    {row.actor ? <> · By: {row.actor}</> : null}
                    {row.ipAddress ? <> · {row.ipAddress}</> : null}
                    {row.device ? <> · {row.device}</> : null}
                  </p>
                </div>
              </li>
            ))}
          </ol>
        ) : null}
        {next ? (
          <Link href={`/admin/audit?${query({ before: next })}`} className="mt-4 inline-block font-semibold text-indigo-700 underline dark:text-indigo-300">
            Older events
          </Link>
        ) : null}
      </Card>
    </>
  )
}

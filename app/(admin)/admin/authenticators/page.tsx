import Link from 'next/link'
import { getFormatter, getTranslations } from 'next-intl/server'
import { AdminActionForm } from '@/components/forms/admin-action-form'
import { Card, PageHeading } from '@/components/ui/card'
import { data, timeTag } from '@/components/ui/data'
import { requireAdmin } from '@/lib/auth/dal'
import { metadataStatus, recallViews, HOLDERS_SHOWN, type RecallView } from '@/lib/authenticators/overview'
import { errorMessage } from '@/lib/errors'
import { ZoneNote } from '../_components/zone-note'
import { notifyRecallAction, refreshMetadataAction, scheduleRecallAction } from './actions'

export async function generateMetadata() {
  const t = await getTranslations('admin.authenticators')
  return { title: t('title') }
}

const PAGE = '/admin/authenticators'

/**
 * For administrators: the FIDO metadata that "verified authenticators only"
 * checks attestations against, how its last refresh went, and each model it
 * reported compromised or revoked, with the people and passkeys affected by
 * group, telling them, and the day those passkeys stop (ADR 35).
 */
export default async function AuthenticatorsPage() {
  await requireAdmin(PAGE)
  const [status, recalls, t, format] = await Promise.all([metadataStatus(), recallViews(), getTranslations('admin.authenticators'), getFormatter()])
  const when = (at: Date) => ({ at: format.dateTime(at, 'time'), time: timeTag(at) })
  // A first BLOB reports every model ever compromised: only those someone here holds need a decision.
  const held = recalls.filter((recall) => recall.groups.length > 0)
  const unheld = recalls.filter((recall) => recall.groups.length === 0)
  return (
    <>
      <PageHeading title={t('title')} description={t('description')} />
      <ZoneNote />
      <Card className="mb-6" labelledBy="metadata-heading">
        <h2 id="metadata-heading" className="font-semibold">
          {t('metadata.heading')}
        </h2>
        {status.lastFailure ? (
          <p
            role="status"
            className="mt-2 rounded-lg bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-500/15 dark:text-amber-200"
            data-testid="metadata-failure"
          >
            {errorMessage(`metadata_${status.lastFailure}`)}
          </p>
        ) : null}
        <dl className="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]" data-testid="metadata-status">
          <dt className="text-zinc-600 dark:text-zinc-400">{t('metadata.source')}</dt>
          <dd>{status.configured ? t('metadata.configured') : t('metadata.notConfigured')}</dd>
          <dt className="text-zinc-600 dark:text-zinc-400">{t('metadata.inUse')}</dt>
          <dd>
            {status.loaded
              ? t.rich('metadata.loaded', { number: String(status.loaded.blobNo), models: status.models, ...when(status.loaded.loadedAt) })
              : t('metadata.none')}
          </dd>
          {status.loaded ? (
            <>
              <dt className="text-zinc-600 dark:text-zinc-400">{t('metadata.next')}</dt>
              <dd>{t.rich('metadata.when', { at: format.dateTime(status.loaded.nextUpdate, 'day'), time: timeTag(status.loaded.nextUpdate) })}</dd>
            </>
          ) : null}
          {status.lastAttemptAt && status.loaded?.loadedAt.getTime() !== status.lastAttemptAt.getTime() ? (
            <>
              <dt className="text-zinc-600 dark:text-zinc-400">{t('metadata.lastAttempt')}</dt>
              <dd>{t.rich('metadata.when', when(status.lastAttemptAt))}</dd>
            </>
          ) : null}
        </dl>
        {status.configured ? (
          <div className="mt-3">
            <AdminActionForm action={refreshMetadataAction} fields={{}} label={t('metadata.checkNow')} pendingLabel={t('metadata.checking')} returnTo={PAGE} />
          </div>
        ) : null}
      </Card>
      <section aria-labelledby="recalls-heading">
        <h2 id="recalls-heading" className="mb-3 text-lg font-semibold">
          {t('recalls.heading')}
        </h2>
        {recalls.length === 0 ? <p className="text-sm">{t('recalls.none')}</p> : null}
        {held.map((recall) => (
          <RecallCard key={recall.aaguid} recall={recall} />
        ))}
        {unheld.length > 0 ? (
          <details className="text-sm" data-testid="recalls-unheld">
            <summary className="cursor-pointer">{t('recalls.unheld', { count: unheld.length })}</summary>
            <ul className="mt-2 list-disc ps-5">
              {unheld.map((recall) => (
                <li key={recall.aaguid}>
                  <span translate="no">{recall.model}</span> · <span translate="no">{recall.status}</span>
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </section>
    </>
  )
}

async function RecallCard({ recall }: { recall: RecallView }) {
  const [t, format] = await Promise.all([getTranslations('admin.authenticators.recalls'), getFormatter()])
  const when = (at: Date) => ({ at: format.dateTime(at, 'time'), time: timeTag(at) })
  const headingId = `recall-${recall.aaguid}`
  const people = recall.groups.reduce((sum, group) => sum + group.people, 0)
  const today = new Date().toISOString().slice(0, 10)
  return (
    <Card className="mb-6" labelledBy={headingId}>
      <h3 id={headingId} className="font-semibold" translate="no" data-testid="recall-model">
        {recall.model}
      </h3>
      <dl className="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="text-zinc-600 dark:text-zinc-400">{t('status')}</dt>
        <dd translate="no">{recall.status}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">{t('found')}</dt>
        <dd>{t.rich('at', when(recall.foundAt))}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">{t('told')}</dt>
        <dd>{recall.notifiedAt ? t.rich('at', when(recall.notifiedAt)) : t('notYet')}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">{t('stops')}</dt>
        <dd data-testid="recall-stops">{recall.revokeAt ? t.rich('at', when(recall.revokeAt)) : t('notYet')}</dd>
      </dl>
      <table className="mt-4 w-full text-left text-sm" data-testid="recall-groups">
        <caption className="mb-1 text-left font-medium">{t('byGroup', { people })}</caption>
        <thead>
          <tr className="border-b border-zinc-200 dark:border-zinc-800">
            <th scope="col" className="py-1 pr-3">
              {t('group')}
            </th>
            <th scope="col" className="py-1 pr-3 text-right">
              {t('people')}
            </th>
            <th scope="col" className="py-1 pr-3 text-right">
              {t('passkeys')}
            </th>
            <th scope="col" className="py-1 text-right">
              {t('verified')}
            </th>
          </tr>
        </thead>
        <tbody>
          {recall.groups.map((group) => (
            <tr key={group.groupId} className="border-b border-zinc-100 dark:border-zinc-800/60">
              <th scope="row" className="py-1 pr-3 font-normal" translate="no">
                {group.groupName}
              </th>
              <td className="py-1 pr-3 text-right tabular-nums">{group.people}</td>
              <td className="py-1 pr-3 text-right tabular-nums">{group.passkeys}</td>
              <td className="py-1 text-right tabular-nums">{group.verified}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4 className="mt-4 text-sm font-medium">{t('holders', { shown: Math.min(recall.holders.length, HOLDERS_SHOWN) })}</h4>
      <ul className="mt-1 divide-y divide-zinc-200 text-sm dark:divide-zinc-800" data-testid="recall-holders">
        {recall.holders.map((holder, index) => (
          <li key={`${holder.userId}-${index}`} className="py-1.5">
            <Link href={`/admin/people/${holder.userId}`} className="font-medium text-indigo-700 underline dark:text-indigo-300" translate="no">
              {holder.name ?? holder.email}
            </Link>
            {' · '}
            {t.rich('holderLine', { group: holder.groupName, passkey: holder.passkeyName, data })}
            {' · '}
            {holder.verified ? t('verifiedModel') : t('claimedModel')}
          </li>
        ))}
      </ul>
      <div className="mt-4 flex flex-wrap items-end gap-6">
        <AdminActionForm
          action={notifyRecallAction}
          fields={{ aaguid: recall.aaguid }}
          label={t('tell')}
          named={t('tellNamed', { model: recall.model })}
          pendingLabel={t('telling')}
          returnTo={PAGE}
        />
        <AdminActionForm
          action={scheduleRecallAction}
          fields={{ aaguid: recall.aaguid }}
          label={t('stop')}
          named={t('stopNamed', { model: recall.model })}
          pendingLabel={t('stopping')}
          input={{ id: `stop-${recall.aaguid}`, name: 'revokeOn', type: 'date', label: t('stopOn'), min: today }}
          returnTo={PAGE}
        />
      </div>
    </Card>
  )
}

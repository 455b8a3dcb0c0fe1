import Link from 'next/link'
import { getTranslations } from 'next-intl/server'
import { Button } from '@/components/ui/button'
import { Card, PageHeading } from '@/components/ui/card'
import { TextField } from '@/components/ui/field'
import { FormMessage } from '@/components/ui/form-message'
import { requireAdmin } from '@/lib/auth/dal'
import { normalizeEmailAddress } from '@/lib/email/address'
import { requestTranslator } from '@/lib/i18n/reader'
import { policySummary, presetWords, previewPerson } from '@/lib/policy/explain'
import { listGroups, personFacts } from '@/lib/policy/groups'
import { findPreset } from '@/lib/policy/presets'
import { ZoneNote } from '../_components/zone-note'
import { GroupDetailsForm, MoveMembersForm } from './_components/group-forms'
import { groupFormLabels } from './_components/labels'

export async function generateMetadata() {
  const t = await getTranslations('admin.policies')
  return { title: t('title') }
}

const PAGE = '/admin/policies'

/** The rollout phase a group follows, by name; nothing for an id no preset has. */
function PresetName({ id, words }: { id: string; words: Awaited<ReturnType<typeof requestTranslator>> }) {
  const preset = findPreset(id)
  return preset ? <span className="text-xs text-zinc-600 dark:text-zinc-400">{presetWords(preset, words).name}</span> : null
}

/**
 * For administrators: the groups, how each must sign in, who is in them, and
 * what the policy means for one person. Roles (admin, helpdesk) are separate:
 * a role says what someone may administer, a group says how they sign in.
 */
export default async function PoliciesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin(PAGE)
  const { person } = await searchParams
  const typed = typeof person === 'string' ? person.slice(0, 320) : ''
  const address = typed ? normalizeEmailAddress(typed) : null
  const [groups, facts, t, words, labels] = await Promise.all([
    listGroups(),
    address?.ok ? personFacts(address.email) : Promise.resolve(null),
    getTranslations('admin.policies'),
    requestTranslator(),
    groupFormLabels(),
  ])
  return (
    <>
      <PageHeading title={t('title')} description={t('description')} />
      <ZoneNote />
      <Card className="mb-6" labelledBy="groups-heading">
        <h2 id="groups-heading" className="font-semibold">
          {t('groups')}
        </h2>
        <ul className="mt-4 divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="groups">
          {groups.map((group) => (
            <li key={group.id} className="py-3">
              <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                <Link href={`${PAGE}/${group.id}`} translate="no" className="font-semibold text-indigo-700 underline dark:text-indigo-300">
                  {group.name}
                </Link>
                <span className="text-sm text-zinc-600 dark:text-zinc-400">{t('members', { count: group.members })}</span>
                {group.isDefault ? <span className="rounded bg-zinc-100 px-1.5 text-xs font-medium dark:bg-zinc-800">{t('defaultGroup')}</span> : null}
                {group.preset ? <PresetName id={group.preset} words={words} /> : null}
              </div>
              <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">{policySummary(group.policy, words)}</p>
            </li>
          ))}
        </ul>
      </Card>
      <div className="grid gap-6 md:grid-cols-2">
        <Card labelledBy="person-heading">
          <h2 id="person-heading" className="font-semibold">
            {t('preview.heading')}
          </h2>
          <form method="get" className="mt-3 space-y-3">
            <TextField id="person" name="person" type="email" label={t('preview.email')} defaultValue={typed} autoComplete="off" />
            <Button type="submit" variant="secondary">
              {t('preview.show')}
            </Button>
          </form>
          {typed && !facts ? (
            <div className="mt-3">
              <FormMessage tone="info">{t('preview.noAccount')}</FormMessage>
            </div>
          ) : null}
          {facts ? (
            <div className="mt-4" data-testid="person-preview">
              <p className="text-sm">
                {t.rich('preview.isIn', {
                  email: facts.email,
                  group: facts.group.name,
                  address: (chunks) => (
                    <span className="font-medium break-all" translate="no">
                      {chunks}
                    </span>
                  ),
                  name: (chunks) => (
                    <span className="font-medium" translate="no">
                      {chunks}
                    </span>
                  ),
                })}
              </p>
              <dl className="mt-3 space-y-2 text-sm">
                {previewPerson({ ...facts, groupName: facts.group.name }, words).map((line) => (
                  <div key={line.label}>
                    <dt className="font-medium">{line.label}</dt>
                    <dd>
                      {line.value} <span className="text-zinc-600 dark:text-zinc-400">{t('preview.why', { why: line.why })}</span>
                    </dd>
                  </div>
                ))}
              </dl>
            </div>
          ) : null}
        </Card>
        <Card labelledBy="move-heading">
          <h2 id="move-heading" className="font-semibold">
            {t('move.heading')}
          </h2>
          <div className="mt-3">
            <MoveMembersForm groups={groups.map(({ id, name }) => ({ id, name }))} labels={labels} returnTo={PAGE} />
          </div>
        </Card>
        <Card labelledBy="create-heading">
          <h2 id="create-heading" className="font-semibold">
            {t('create.heading')}
          </h2>
          <p className="mt-1 mb-3 text-sm text-zinc-600 dark:text-zinc-400">{t('create.explain')}</p>
          <GroupDetailsForm labels={labels} returnTo={PAGE} />
        </Card>
      </div>
    </>
  )
}

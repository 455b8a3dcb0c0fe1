import Link from 'next/link'
import { notFound } from 'next/navigation'
import { getTranslations } from 'next-intl/server'
import { Card } from '@/components/ui/card'
import { requireAdmin } from '@/lib/auth/dal'
import { requestTranslator } from '@/lib/i18n/reader'
import { policyChanges, policySettings, policySummary, presetWords } from '@/lib/policy/explain'
import { floorOf, presetForGroup } from '@/lib/policy/floors'
import { findGroup } from '@/lib/policy/groups'
import { PRESETS, findPreset } from '@/lib/policy/presets'
import { DataHeading } from '../../_components/heading'
import { ZoneNote } from '../../_components/zone-note'
import { ApplyPresetForm, GroupDetailsForm, SetDefaultGroupForm } from '../_components/group-forms'
import { groupFormLabels, policyEditorLabels } from '../_components/labels'
import { PolicyEditor } from '../_components/policy-editor'

export async function generateMetadata() {
  const t = await getTranslations('admin.group')
  return { title: t('title') }
}

/** One group: its policy to edit, the rollout presets with what each would change, its name and whether new accounts join it. */
export default async function GroupPolicyPage({
  params,
  searchParams,
}: {
  params: Promise<{ groupId: string }>
  searchParams: Promise<Record<string, string | string[] | undefined>>
}) {
  const { groupId } = await params
  const page = `/admin/policies/${encodeURIComponent(groupId)}`
  await requireAdmin(page)
  const group = groupId.length <= 64 ? await findGroup(groupId) : null
  if (!group) notFound()
  const { preset: presetId } = await searchParams
  const [t, words, labels, editorLabels] = await Promise.all([getTranslations('admin.group'), requestTranslator(), groupFormLabels(), policyEditorLabels()])
  const preset = typeof presetId === 'string' ? findPreset(presetId) : undefined
  const applied = preset ? presetForGroup(group.id, group.policy, preset, words) : null
  const changes = applied ? policyChanges(group.policy, applied.policy, words) : []
  const floor = floorOf(group.id)
  return (
    <>
      <Link href="/admin/policies" className="text-sm font-semibold text-indigo-700 underline dark:text-indigo-300">
        {t('allGroups')}
      </Link>
      <DataHeading
        title={group.name}
        description={
          <>
            {group.description ? (
              <>
                <span translate="no">{group.description}</span>{' '}
              </>
            ) : null}
            {t('members', { count: group.members })}
          </>
        }
      />
      <ZoneNote />
      <p className="mb-6 text-sm text-zinc-700 dark:text-zinc-300" data-testid="policy-summary">
        {policySummary(group.policy, words)}
      </p>
      <div className="space-y-6">
        <Card labelledBy="presets-heading">
          <h2 id="presets-heading" className="font-semibold">
            {t('presets.heading')}
          </h2>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{t('presets.explain')}</p>
          <ul className="mt-3 space-y-1 text-sm">
            {PRESETS.map((item) => (
              <li key={item.id}>
                <Link
                  href={`${page}?preset=${item.id}`}
                  aria-current={item.id === preset?.id ? 'true' : undefined}
                  className="font-medium text-indigo-700 underline dark:text-indigo-300"
                >
                  {presetWords(item, words).name}
                </Link>{' '}
                <span className="text-zinc-600 dark:text-zinc-400">{presetWords(item, words).summary}</span>
              </li>
            ))}
          </ul>
          {preset ? (
            <div className="mt-4 space-y-3" data-testid="preset-preview">
              <h3 className="font-medium">{presetWords(preset, words).name}</h3>
              {applied && applied.kept.length > 0 ? (
                <ul className="space-y-1 text-sm" aria-label={t('presets.keptLabel')} data-testid="preset-kept">
                  {applied.kept.map((setting) => (
                    <li key={setting.key}>{t('presets.kept', { label: setting.label, kept: setting.kept, instead: setting.instead, why: setting.why })}</li>
                  ))}
                </ul>
              ) : null}
              {changes.length === 0 ? (
                <p className="text-sm">{t('presets.nothing')}</p>
              ) : (
                <table className="w-full text-start text-sm">
                  <caption className="sr-only">{t('presets.caption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col" className="py-1 pe-3">
                        {t('presets.setting')}
                      </th>
                      <th scope="col" className="py-1 pe-3">
                        {t('presets.now')}
                      </th>
                      <th scope="col" className="py-1">
                        {t('presets.after')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {changes.map((change) => (
                      <tr key={change.key} className="border-t border-zinc-200 dark:border-zinc-800">
                        <th scope="row" className="py-1 pe-3 font-normal">
                          {change.label}
                        </th>
                        <td className="py-1 pe-3">{change.before}</td>
                        <td className="py-1 font-medium">{change.after}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <ApplyPresetForm
                groupId={group.id}
                presetId={preset.id}
                label={t('presets.apply', { group: group.name })}
                pending={labels.applying}
                returnTo={`${page}?preset=${preset.id}`}
              />
            </div>
          ) : null}
        </Card>
        <Card labelledBy="policy-heading">
          <h2 id="policy-heading" className="mb-4 font-semibold">
            {t('policy.heading')}
          </h2>
          {floor ? (
            <div className="mb-4 text-sm" data-testid="policy-floor">
              <p>{t('policy.floor')}</p>
              <ul className="mt-1 list-disc ps-5 text-zinc-700 dark:text-zinc-300">
                {policySettings(floor.policy, words).map((setting) => (
                  <li key={setting.key}>{t('policy.setting', { label: setting.label, value: setting.value })}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <PolicyEditor groupId={group.id} policy={group.policy} labels={editorLabels} returnTo={page} />
        </Card>
        <Card labelledBy="details-heading">
          <h2 id="details-heading" className="mb-3 font-semibold">
            {t('details.heading')}
          </h2>
          <GroupDetailsForm groupId={group.id} name={group.name} description={group.description} labels={labels} returnTo={page} />
          <div className="mt-4">
            {group.isDefault ? <p className="text-sm">{t('details.isDefault')}</p> : <SetDefaultGroupForm groupId={group.id} labels={labels} returnTo={page} />}
          </div>
        </Card>
      </div>
    </>
  )
}

import Link from 'next/link'
import { notFound } from 'next/navigation'
import { Card, PageHeading } from '@/components/ui/card'
import { requireAdmin } from '@/lib/auth/dal'
import { policyChanges, policySettings, policySummary } from '@/lib/policy/explain'
import { floorOf, presetForGroup } from '@/lib/policy/floors'
import { findGroup } from '@/lib/policy/groups'
import { PRESETS, findPreset } from '@/lib/policy/presets'
import { ApplyPresetForm, GroupDetailsForm, SetDefaultGroupForm } from '../_components/group-forms'
import { PolicyEditor } from '../_components/policy-editor'

export const metadata = { title: 'Group policy' }

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
  const preset = typeof presetId === 'string' ? findPreset(presetId) : undefined
  const applied = preset ? presetForGroup(group.id, group.policy, preset) : null
  const changes = applied ? policyChanges(group.policy, applied.policy) : []
  const floor = floorOf(group.id)
  return (
    <>
      <Link href="/admin/policies" className="text-sm font-semibold text-indigo-700 underline dark:text-indigo-300">
        All groups
      </Link>
      <PageHeading title={group.name} description={`${group.description} ${group.members} ${group.members === 1 ? 'person' : 'people'}.`} />
      <p className="mb-6 text-sm text-zinc-700 dark:text-zinc-300" data-testid="policy-summary">
        {policySummary(group.policy)}
      </p>
      <div className="space-y-6">
        <Card labelledBy="presets-heading">
          <h2 id="presets-heading" className="font-semibold">
            Rollout presets
          </h2>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            A preset changes only some settings. Choose one to see what it changes before applying it.
          </p>
          <ul className="mt-3 space-y-1 text-sm">
            {PRESETS.map((item) => (
              <li key={item.id}>
                <Link
                  href={`${page}?preset=${item.id}`}
                  aria-current={item.id === preset?.id ? 'true' : undefined}
                  className="font-medium text-indigo-700 underline dark:text-indigo-300"
                >
                  {item.name}
                </Link>{' '}
                <span className="text-zinc-600 dark:text-zinc-400">{item.summary}</span>
              </li>
            ))}
          </ul>
          {preset ? (
            <div className="mt-4 space-y-3" data-testid="preset-preview">
              <h3 className="font-medium">{preset.name}</h3>
              {applied && applied.kept.length > 0 ? (
                <ul className="space-y-1 text-sm" aria-label="Settings kept at the group’s floor" data-testid="preset-kept">
                  {applied.kept.map((setting) => (
                    <li key={setting.key}>
                      {setting.label}: kept at {setting.kept}, not {setting.instead} — {setting.why}.
                    </li>
                  ))}
                </ul>
              ) : null}
              {changes.length === 0 ? (
                <p className="text-sm">This group already follows it: nothing would change.</p>
              ) : (
                <table className="w-full text-left text-sm">
                  <caption className="sr-only">What applying the preset changes</caption>
                  <thead>
                    <tr>
                      <th scope="col" className="py-1 pr-3">
                        Setting
                      </th>
                      <th scope="col" className="py-1 pr-3">
                        Now
                      </th>
                      <th scope="col" className="py-1">
                        After
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {changes.map((change) => (
                      <tr key={change.key} className="border-t border-zinc-200 dark:border-zinc-800">
                        <th scope="row" className="py-1 pr-3 font-normal">
                          {change.label}
                        </th>
                        <td className="py-1 pr-3">{change.before}</td>
                        <td className="py-1 font-medium">{change.after}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <ApplyPresetForm groupId={group.id} presetId={preset.id} label={`Apply to ${group.name}`} returnTo={`${page}?preset=${preset.id}`} />
            </div>
          ) : null}
        </Card>
        <Card labelledBy="policy-heading">
          <h2 id="policy-heading" className="mb-4 font-semibold">
            Policy
          </h2>
          {floor ? (
            <div className="mb-4 text-sm" data-testid="policy-floor">
              <p>This group never goes below its floor: each setting can be stricter, never weaker, whether changed here or by a preset.</p>
              <ul className="mt-1 list-disc pl-5 text-zinc-700 dark:text-zinc-300">
                {policySettings(floor.policy).map((setting) => (
                  <li key={setting.key}>
                    {setting.label}: {setting.value}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <PolicyEditor groupId={group.id} policy={group.policy} returnTo={page} />
        </Card>
        <Card labelledBy="details-heading">
          <h2 id="details-heading" className="mb-3 font-semibold">
            Name and default
          </h2>
          <GroupDetailsForm groupId={group.id} name={group.name} description={group.description} returnTo={page} />
          <div className="mt-4">
            {group.isDefault ? <p className="text-sm">New accounts join this group.</p> : <SetDefaultGroupForm groupId={group.id} returnTo={page} />}
          </div>
        </Card>
      </div>
    </>
  )
}

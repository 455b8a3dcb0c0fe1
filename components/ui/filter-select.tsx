import { useTranslations } from 'next-intl'

/** A labelled choice for a filter form (GET): "Any" (or `anyLabel`) first, then the options. A server component (it reads the catalogue). */
export function FilterSelect({
  id,
  label,
  anyLabel,
  value,
  options,
}: {
  id: string
  label: string
  anyLabel?: string
  value: string | undefined
  /** `data`: the label is data (a group's name an administrator typed), not the catalogue's words. */
  options: readonly { value: string; label: string; data?: boolean }[]
}) {
  const t = useTranslations('common.filter')
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <select
        id={id}
        name={id}
        defaultValue={value ?? ''}
        className="mt-1.5 block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2.5 focus-visible:ring-2 focus-visible:ring-indigo-500/40 focus-visible:outline-none dark:border-zinc-700 dark:bg-zinc-950"
      >
        <option value="">{anyLabel ?? t('any')}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value} translate={option.data ? 'no' : undefined}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  )
}

/** A labelled choice for a filter form (GET): "Any" first, then the options. */
export function FilterSelect({
  id,
  label,
  value,
  options,
}: {
  id: string
  label: string
  value: string | undefined
  options: readonly { value: string; label: string }[]
}) {
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
        <option value="">Any</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  )
}

'use client'

import type { ReactNode } from 'react'

/** The policy editor's groups of settings: a legend, and the error of the group's fields below them. */
export function Fieldset({ legend, error, children, id }: { legend: string; error?: string; children: ReactNode; id: string }) {
  return (
    <fieldset className="space-y-2" aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="text-sm font-semibold text-zinc-800 dark:text-zinc-200">{legend}</legend>
      {children}
      {error ? (
        <p id={`${id}-error`} className="text-sm font-medium text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </fieldset>
  )
}

export function Check({
  name,
  value,
  label,
  checked,
  onChange,
}: {
  name: string
  value?: string
  label: string
  checked: boolean
  onChange: (checked: boolean) => void
}) {
  return (
    <label className="flex items-center gap-2 text-sm">
      <input
        type="checkbox"
        name={name}
        value={value ?? 'on'}
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        className="size-4 rounded border-zinc-400"
      />
      {label}
    </label>
  )
}

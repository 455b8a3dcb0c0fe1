import type { InputHTMLAttributes } from 'react'

export type TextFieldProps = InputHTMLAttributes<HTMLInputElement> & {
  id: string
  label: string
  /** Shown under the field and announced with it. */
  error?: string
  hint?: string
  inputClassName?: string
}

/** A labelled text input whose error sits next to it and is tied to it for screen readers. */
export function TextField({ id, label, error, hint, className = '', inputClassName = '', ...input }: TextFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined
  const errorId = error ? `${id}-error` : undefined
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
        className={`mt-1.5 block w-full rounded-lg border bg-white px-3 py-2.5 text-base text-zinc-900 shadow-sm outline-none placeholder:text-zinc-400 focus-visible:border-indigo-500 focus-visible:ring-2 focus-visible:ring-indigo-500/40 dark:bg-zinc-950 dark:text-zinc-100 ${
          error ? 'border-red-600 dark:border-red-400' : 'border-zinc-300 dark:border-zinc-700'
        } ${inputClassName}`.trim()}
        {...input}
      />
      {error ? (
        <p id={errorId} className="mt-1.5 text-sm font-medium text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  )
}

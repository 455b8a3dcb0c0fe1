import type { ReactNode } from 'react'

const borders = { plain: 'border-zinc-200 dark:border-zinc-800', danger: 'border-red-300 dark:border-red-900' }

/**
 * A panel; with `labelledBy` (its heading's id) it is a named region that
 * assistive technology can jump to. `tone="danger"` frames what can't be undone.
 */
export function Card({
  children,
  className = '',
  labelledBy,
  tone = 'plain',
}: {
  children: ReactNode
  className?: string
  labelledBy?: string
  tone?: keyof typeof borders
}) {
  return (
    <section aria-labelledby={labelledBy} className={`rounded-xl border bg-white p-5 shadow-sm sm:p-6 dark:bg-zinc-900 ${borders[tone]} ${className}`.trim()}>
      {children}
    </section>
  )
}

export function PageHeading({ title, description }: { title: string; description?: string }) {
  return (
    <header className="mb-6">
      <h1 className="text-2xl font-bold tracking-tight">{title}</h1>
      {description ? <p className="mt-1 text-zinc-600 dark:text-zinc-400">{description}</p> : null}
    </header>
  )
}

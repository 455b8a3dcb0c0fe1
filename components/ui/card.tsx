import type { ReactNode } from 'react'

/** A panel; with `labelledBy` (its heading's id) it is a named region that assistive technology can jump to. */
export function Card({ children, className = '', labelledBy }: { children: ReactNode; className?: string; labelledBy?: string }) {
  return (
    <section aria-labelledby={labelledBy} className={`rounded-xl border border-zinc-200 bg-white p-5 shadow-sm sm:p-6 dark:border-zinc-800 dark:bg-zinc-900 ${className}`.trim()}>
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

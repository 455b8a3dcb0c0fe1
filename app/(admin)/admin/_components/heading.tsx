import type { ReactNode } from 'react'

/**
 * A page heading whose title is data (a person's name or address, a group's
 * name typed by an administrator): the same look as PageHeading, the title
 * never machine-translated.
 */
export function DataHeading({ title, description }: { title: string; description?: ReactNode }) {
  return (
    <header className="mb-6">
      <h1 className="text-2xl font-bold tracking-tight" translate="no">
        {title}
      </h1>
      {description ? <p className="mt-1 text-zinc-600 dark:text-zinc-400">{description}</p> : null}
    </header>
  )
}

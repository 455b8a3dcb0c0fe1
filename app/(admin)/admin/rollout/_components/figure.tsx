import type { ReactNode } from 'react'
import { Card } from '@/components/ui/card'

/** One figure of the dashboard: a heading, its download, a one-line summary, then its table. */
export function Figure({ id, title, summary, download, children }: { id: string; title: string; summary: string; download: string; children: ReactNode }) {
  return (
    <Card className="mb-6 overflow-x-auto" labelledBy={`${id}-heading`}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={`${id}-heading`} className="font-semibold">
          {title}
        </h2>
        <a href={download} className="text-sm font-semibold text-indigo-700 underline dark:text-indigo-300">
          Download CSV
        </a>
      </div>
      <p className="mt-1 mb-3 text-sm text-zinc-700 dark:text-zinc-300" data-testid={`${id}-summary`}>
        {summary}
      </p>
      {children}
    </Card>
  )
}

const cell = 'py-1.5 pr-4'

/** A figure's table: column headings, then rows whose first cell names the row. */
export function FigureTable({ caption, headings, rows }: { caption: string; headings: string[]; rows: { key: string; cells: ReactNode[] }[] }) {
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr className="text-zinc-600 dark:text-zinc-400">
          {headings.map((heading) => (
            <th key={heading} scope="col" className={cell}>
              {heading}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} className="border-t border-zinc-200 dark:border-zinc-800">
            {row.cells.map((content, index) =>
              index === 0 ? (
                <th key={index} scope="row" className={`${cell} font-normal`}>
                  {content}
                </th>
              ) : (
                <td key={index} className={cell}>
                  {content}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

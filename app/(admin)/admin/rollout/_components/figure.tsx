import Link from 'next/link'
import type { ReactNode } from 'react'
import { Card } from '@/components/ui/card'
import type { Cell, Table, View } from '@/lib/rollout/view'
import { FigureChart } from './chart'

/**
 * One figure of the dashboard: a heading, its download, a one-line summary,
 * then its chart with the table behind a "Table view" disclosure (a native
 * <details>, reachable and opened by keyboard), or the table alone.
 */
export function Figure({ view, download, children }: { view: View; download: string; children?: ReactNode }) {
  const { id, title, summary, table, chart, whenEmpty } = view
  const tableView =
    table.rows.length === 0 && whenEmpty ? (
      <p className="text-sm">{whenEmpty}</p>
    ) : (
      <div className="overflow-x-auto">
        <FigureTable table={table} />
      </div>
    )
  return (
    <Card className="mb-6" labelledBy={`${id}-heading`}>
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
      {chart && table.rows.length > 0 ? (
        <>
          <FigureChart chart={chart} label={`Chart: ${summary}`} />
          <details data-testid={`${id}-table-view`}>
            <summary className="cursor-pointer text-sm font-semibold text-indigo-700 dark:text-indigo-300">Table view</summary>
            <div className="mt-2">{tableView}</div>
          </details>
        </>
      ) : (
        tableView
      )}
    </Card>
  )
}

const cell = 'py-1.5 pr-4'

function CellContent({ content }: { content: Cell }) {
  if (typeof content !== 'object') return content
  return (
    <Link href={content.href} className="break-all text-indigo-700 underline dark:text-indigo-300">
      {content.text}
    </Link>
  )
}

/** A figure's table: column headings, then rows whose first cell names the row. */
function FigureTable({ table }: { table: Table }) {
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">{table.caption}</caption>
      <thead>
        <tr className="text-zinc-600 dark:text-zinc-400">
          {table.headings.map((heading) => (
            <th key={heading} scope="col" className={cell}>
              {heading}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.rows.map((row) => (
          <tr key={row.key} className="border-t border-zinc-200 dark:border-zinc-800">
            {row.cells.map((content, index) =>
              index === 0 ? (
                <th key={index} scope="row" className={`${cell} font-normal`}>
                  <CellContent content={content} />
                </th>
              ) : (
                <td key={index} className={cell}>
                  <CellContent content={content} />
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

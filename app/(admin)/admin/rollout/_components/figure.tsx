import Link from 'next/link'
import type { ReactNode } from 'react'
import { getFormatter, getLocale, getTranslations } from 'next-intl/server'
import { Card } from '@/components/ui/card'
import { textDirection } from '@/lib/i18n/locales'
import type { Cell, Table, View } from '@/lib/rollout/view'
import { FigureChart } from './chart'

/**
 * One figure of the dashboard: a heading, its download, a one-line summary,
 * then its chart with the table behind a "Table view" disclosure (a native
 * <details>, reachable and opened by keyboard), or the table alone.
 */
export async function Figure({ view, download, children }: { view: View; download: string; children?: ReactNode }) {
  const [t, format, locale] = await Promise.all([getTranslations('rollout.figure'), getFormatter(), getLocale()])
  const { id, title, summary, table, chart, whenEmpty } = view
  const tableView =
    table.rows.length === 0 && whenEmpty ? (
      <p className="text-sm">{whenEmpty}</p>
    ) : (
      // A table wider than a narrow screen scrolls: the region takes focus so a keyboard can scroll it too (WCAG 2.1.1).
      <div className="overflow-x-auto" role="region" aria-labelledby={`${id}-heading`} tabIndex={0}>
        <FigureTable table={table} count={(value) => format.number(value)} />
      </div>
    )
  return (
    <Card className="mb-6" labelledBy={`${id}-heading`}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={`${id}-heading`} className="font-semibold">
          {title}
        </h2>
        <a href={download} className="text-sm font-semibold text-indigo-700 underline dark:text-indigo-300">
          {t('download')}
        </a>
      </div>
      <p className="mt-1 mb-3 text-sm text-zinc-700 dark:text-zinc-300" data-testid={`${id}-summary`}>
        {summary}
      </p>
      {children}
      {chart && table.rows.length > 0 ? (
        <>
          <FigureChart chart={chart} label={t('chartLabel', { summary })} locale={locale} dir={textDirection(locale)} />
          <details data-testid={`${id}-table-view`}>
            <summary className="cursor-pointer text-sm font-semibold text-indigo-700 dark:text-indigo-300">{t('tableView')}</summary>
            <div className="mt-2">{tableView}</div>
          </details>
        </>
      ) : (
        tableView
      )}
    </Card>
  )
}

const cell = 'py-1.5 pe-4'

/** A cell's content: our words as they are; counts in the reader's format; names, addresses and times marked as data, not to be translated. */
function CellContent({ content, count }: { content: Cell; count: (value: number) => string }) {
  if (typeof content === 'string') return content
  if (typeof content === 'number') return <span translate="no">{count(content)}</span>
  if ('href' in content)
    return (
      <Link href={content.href} translate="no" className="break-all text-indigo-700 underline dark:text-indigo-300">
        {content.text}
      </Link>
    )
  if ('iso' in content)
    return (
      <time dateTime={content.iso} translate="no" className="whitespace-nowrap">
        {content.text}
      </time>
    )
  return <span translate="no">{content.data}</span>
}

/** A figure's table: column headings, then rows whose first cell names the row. */
function FigureTable({ table, count }: { table: Table; count: (value: number) => string }) {
  return (
    <table className="w-full text-start text-sm">
      <caption className="sr-only">{table.caption}</caption>
      <thead>
        <tr className="text-zinc-600 dark:text-zinc-400">
          {table.headings.map((heading) => (
            <th key={heading} scope="col" className={`${cell} text-start`}>
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
                <th key={index} scope="row" className={`${cell} text-start font-normal`}>
                  <CellContent content={content} count={count} />
                </th>
              ) : (
                <td key={index} className={cell}>
                  <CellContent content={content} count={count} />
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

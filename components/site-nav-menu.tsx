'use client'

import Link from 'next/link'
import { usePathname } from 'next/navigation'
import { useState } from 'react'

export type NavGroup = { label: string; links: { href: string; label: string }[] }

/** The section a path belongs to: the longest link it starts with. */
function currentHref(pathname: string, hrefs: string[]): string | undefined {
  return hrefs.filter((href) => pathname === href || pathname.startsWith(`${href}/`)).sort((a, b) => b.length - a.length)[0]
}

/**
 * The navigation's links, translated by its server part (components/site-nav.tsx):
 * a sidebar from 640 px; below, a menu button that opens the whole list, with
 * the current page named on the button and marked in the list.
 */
export function SiteNavMenu({ groups, labels }: { groups: NavGroup[]; labels: { navigation: string; menu: string } }) {
  const pathname = usePathname()
  const [open, setOpen] = useState(false)
  const all = groups.flatMap((group) => group.links)
  const current = currentHref(
    pathname,
    all.map((link) => link.href),
  )
  const currentLabel = all.find((link) => link.href === current)?.label
  return (
    <nav aria-label={labels.navigation} className="print:hidden">
      <button
        type="button"
        aria-expanded={open}
        aria-controls="site-nav-list"
        onClick={() => setOpen(!open)}
        className="flex w-full items-center justify-between rounded-lg border border-zinc-300 px-3 py-2 text-sm font-medium sm:hidden dark:border-zinc-700"
      >
        <span>
          {labels.menu}
          {currentLabel ? <span className="text-zinc-600 dark:text-zinc-400"> · {currentLabel}</span> : null}
        </span>
        <span aria-hidden="true">{open ? '▴' : '▾'}</span>
      </button>
      <div id="site-nav-list" className={`${open ? 'block' : 'hidden'} mt-2 space-y-4 sm:mt-0 sm:block`}>
        {groups.map((group) => (
          <div key={group.label}>
            <p className="px-3 pb-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{group.label}</p>
            <ul className="space-y-0.5">
              {group.links.map((link) => {
                const here = link.href === current
                return (
                  <li key={link.href}>
                    <Link
                      href={link.href}
                      aria-current={here ? 'page' : undefined}
                      onClick={() => setOpen(false)}
                      className={`block rounded-lg px-3 py-2 text-sm font-medium ${
                        here
                          ? 'bg-indigo-50 text-indigo-700 dark:bg-indigo-500/15 dark:text-indigo-300'
                          : 'text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800'
                      }`}
                    >
                      {link.label}
                    </Link>
                  </li>
                )
              })}
            </ul>
          </div>
        ))}
      </div>
    </nav>
  )
}

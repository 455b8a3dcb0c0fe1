'use client'

import Link from 'next/link'
import { usePathname } from 'next/navigation'

const ACCOUNT_SECTIONS = [
  { href: '/account', label: 'Overview' },
  { href: '/account/passkeys', label: 'Passkeys' },
  { href: '/account/recovery', label: 'Recovery' },
  { href: '/account/activity', label: 'Activity' },
  { href: '/account/sessions', label: 'Sessions' },
  { href: '/account/profile', label: 'Profile' },
]

/** The account's sections; helpdesk agents also get their recovery desk, administrators the sign-in policies. */
export function AccountNav({ helpdesk = false, admin = false }: { helpdesk?: boolean; admin?: boolean }) {
  const pathname = usePathname()
  const sections = [
    ...ACCOUNT_SECTIONS,
    ...(helpdesk ? [{ href: '/admin/recovery', label: 'Helpdesk' }] : []),
    ...(admin ? [{ href: '/admin/policies', label: 'Policies' }] : []),
  ]
  return (
    <nav aria-label="Account" className="-mx-4 overflow-x-auto px-4 sm:mx-0 sm:px-0 print:hidden">
      <ul className="flex gap-1 sm:flex-col">
        {sections.map((section) => {
          const current = pathname === section.href
          return (
            <li key={section.href}>
              <Link
                href={section.href}
                aria-current={current ? 'page' : undefined}
                className={`block whitespace-nowrap rounded-lg px-3 py-2 text-sm font-medium ${
                  current
                    ? 'bg-indigo-50 text-indigo-700 dark:bg-indigo-500/15 dark:text-indigo-300'
                    : 'text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800'
                }`}
              >
                {section.label}
              </Link>
            </li>
          )
        })}
      </ul>
    </nav>
  )
}

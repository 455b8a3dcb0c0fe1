import type { ReactNode } from 'react'

/**
 * The tags of "we sent a code to <strong>…</strong>, until <clock>…</clock>"
 * on the screens after an emailed or texted code: the address or number as
 * data read left to right, and the time the code stops working.
 */
export function sentTags(validUntil: Date) {
  return {
    strong: (chunks: ReactNode) => (
      <strong translate="no" dir="ltr" className="font-semibold text-zinc-900 dark:text-zinc-100">
        {chunks}
      </strong>
    ),
    clock: (chunks: ReactNode) => (
      <time dateTime={validUntil.toISOString()} translate="no" className="whitespace-nowrap">
        {chunks}
      </time>
    ),
  }
}

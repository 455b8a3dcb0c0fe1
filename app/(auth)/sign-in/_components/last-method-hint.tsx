import type { ReactNode } from 'react'

/** "Last time you used a passkey": how this browser signed in before, above the method the page now leads with. */
export function LastMethodHint({ children }: { children: ReactNode }) {
  return (
    <p className="mb-3 text-sm font-medium text-indigo-800 dark:text-indigo-300" data-testid="last-method">
      {children}
    </p>
  )
}

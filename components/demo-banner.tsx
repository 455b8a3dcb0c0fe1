/**
 * Shown on every page while email is kept in the demo mailbox instead of
 * being sent: without it, a newcomer waits for a code that never arrives.
 */
export function DemoBanner() {
  return (
    <div
      role="note"
      aria-label="Demo mode"
      className="border-b border-amber-300 bg-amber-50 px-4 py-2 text-center text-sm text-amber-950 print:hidden dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-200"
    >
      <strong className="font-semibold">Demo mode:</strong> no email leaves this server. Codes and sign-in links are in the{' '}
      {/* A plain link: next/link in the root layout would add its client code (≈3 KiB) to every page, /sign-in included. */}
      {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
      <a href="/dev/mailbox" className="font-semibold underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-offset-2">
        demo mailbox
      </a>
      .
    </div>
  )
}

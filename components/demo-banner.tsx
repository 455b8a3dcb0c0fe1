import { getTranslations } from 'next-intl/server'

/**
 * Shown on every page while email is kept in the demo mailbox instead of
 * being sent: without it, a newcomer waits for a code that never arrives.
 */
export async function DemoBanner() {
  const t = await getTranslations('common.demoBanner')
  return (
    <div
      role="note"
      aria-label={t('label')}
      className="border-b border-amber-300 bg-amber-50 px-4 py-2 text-center text-sm text-amber-950 print:hidden dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-200"
    >
      {t.rich('text', {
        b: (chunks) => <strong className="font-semibold">{chunks}</strong>,
        link: (chunks) => (
          // A plain link: next/link in the root layout would add its client code (≈3 KiB) to every page, /sign-in included.
          // eslint-disable-next-line @next/next/no-html-link-for-pages
          <a href="/dev/mailbox" className="font-semibold underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-offset-2">
            {chunks}
          </a>
        ),
      })}
    </div>
  )
}

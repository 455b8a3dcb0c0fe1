import Link from 'next/link'
import { getTranslations } from 'next-intl/server'
import { Button } from './ui/button'

export async function AppHeader({
  appName,
  user,
  signOutAction,
}: {
  appName: string
  user: { email: string; displayName: string | null }
  signOutAction: () => Promise<void>
}) {
  const t = await getTranslations('common.header')
  return (
    <header className="border-b border-zinc-200 bg-white/80 backdrop-blur print:hidden dark:border-zinc-800 dark:bg-zinc-900/80">
      {/* Below 640 px the address gets a line of its own under the name and the button. An address longer than its room
          ends in an ellipsis rather than breaking mid-word; the whole address stays its text and its tooltip. */}
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-3 gap-y-1 px-4 py-3">
        <Link href="/account" className="flex items-center gap-2 font-semibold tracking-tight">
          <span aria-hidden="true" translate="no" className="grid size-7 place-items-center rounded-md bg-indigo-600 text-xs font-bold text-white">
            PP
          </span>
          <span translate="no">{appName}</span>
        </Link>
        <p
          className="order-last flex w-full min-w-0 items-baseline gap-x-1 text-sm sm:order-none sm:w-auto sm:max-w-md sm:justify-end"
          data-testid="signed-in-user"
        >
          <span className="sr-only">{t('signedInAs')} </span>
          {user.displayName ? (
            <span translate="no" dir="auto" className="hidden truncate font-medium sm:inline">
              {user.displayName}{' '}
            </span>
          ) : null}
          <span translate="no" dir="ltr" title={user.email} className="truncate text-zinc-600 dark:text-zinc-400" data-testid="signed-in-address">
            {user.email}
          </span>
        </p>
        <form action={signOutAction}>
          <Button type="submit" variant="secondary" className="whitespace-nowrap">
            {t('signOut')}
          </Button>
        </form>
      </div>
    </header>
  )
}

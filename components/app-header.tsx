import Link from 'next/link'
import { Button } from './ui/button'

export function AppHeader({
  appName,
  user,
  signOutAction,
}: {
  appName: string
  user: { email: string; displayName: string | null }
  signOutAction: () => Promise<void>
}) {
  return (
    <header className="border-b border-zinc-200 bg-white/80 backdrop-blur print:hidden dark:border-zinc-800 dark:bg-zinc-900/80">
      {/* Below 640 px the address gets a line of its own, whole, under the name and the button. */}
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-3 gap-y-1 px-4 py-3">
        <Link href="/account" className="flex items-center gap-2 font-semibold tracking-tight">
          <span aria-hidden="true" className="grid size-7 place-items-center rounded-md bg-indigo-600 text-xs font-bold text-white">
            PP
          </span>
          <span>{appName}</span>
        </Link>
        <p className="order-last w-full text-sm break-all sm:order-none sm:w-auto sm:max-w-xs sm:text-right" data-testid="signed-in-user">
          <span className="sr-only">Signed in as </span>
          {user.displayName ? <span className="hidden font-medium sm:inline">{user.displayName} </span> : null}
          <span className="text-zinc-600 dark:text-zinc-400">{user.email}</span>
        </p>
        <form action={signOutAction}>
          <Button type="submit" variant="secondary" className="whitespace-nowrap">
            Sign out
          </Button>
        </form>
      </div>
    </header>
  )
}

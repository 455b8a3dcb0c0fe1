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
      <div className="mx-auto flex max-w-5xl items-center justify-between gap-3 px-4 py-3">
        <Link href="/account" className="flex items-center gap-2 font-semibold tracking-tight">
          <span aria-hidden="true" className="grid size-7 place-items-center rounded-md bg-indigo-600 text-xs font-bold text-white">
            PP
          </span>
          <span>{appName}</span>
        </Link>
        <div className="flex min-w-0 items-center gap-2">
          <p className="max-w-[45vw] truncate text-right text-sm sm:max-w-xs" data-testid="signed-in-user">
            <span className="sr-only">Signed in as </span>
            {user.displayName ? <span className="hidden font-medium sm:inline">{user.displayName} </span> : null}
            <span className="text-zinc-600 dark:text-zinc-400">{user.email}</span>
          </p>
          <form action={signOutAction}>
            <Button type="submit" variant="secondary">
              Sign out
            </Button>
          </form>
        </div>
      </div>
    </header>
  )
}

import type { EventIcon } from '@/lib/activity/event-words'

const PATHS: Record<EventIcon, string> = {
  // A key: passkeys.
  passkey: 'M8 15a4 4 0 1 0 0-8 4 4 0 0 0 0 8z M12 11h9 M18 11v3 M21 11v2',
  // An envelope: email codes and links.
  email: 'M3 6h18v12H3z M3 6l9 7 9-7',
  // A life ring: recovery.
  recovery: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8z M6 6l3 3 M18 6l-3 3 M6 18l3-3 M18 18l-3-3',
  // A screen: sessions.
  session: 'M4 5h16v11H4z M9 20h6 M12 16v4',
  // A person: the account itself.
  account: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z M4 20a8 8 0 0 1 16 0',
  // A warning triangle: something was stopped or reported.
  warning: 'M12 3l10 18H2z M12 10v4 M12 17v.5',
}

/** The small picture at the start of a history row (decorative: the row's words say the same). */
export function ActivityIcon({ icon }: { icon: EventIcon }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      className="h-5 w-5 shrink-0"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.75"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={PATHS[icon]} />
    </svg>
  )
}

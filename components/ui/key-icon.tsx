/** The key drawn for passkeys that have no provider icon of their own; decorative. */
export function KeyIcon({ className = 'size-5' }: { className?: string }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      className={className}
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <circle cx="8" cy="15" r="4" />
      <path d="m10.85 12.15 7.4-7.4M16 7l2 2M14 9l1.5 1.5" />
    </svg>
  )
}

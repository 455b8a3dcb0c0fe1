import type { Ref } from 'react'

/**
 * The closed guide: one button under the demo banner that opens it. `busy`
 * while the panel loads (the button keeps focus, so it is not disabled);
 * `onIntent` when the pointer or focus reaches it, to start loading early.
 */
export function GuideButton({
  label,
  onOpen,
  onIntent,
  busy = false,
  buttonRef,
}: {
  label: string
  onOpen: () => void
  onIntent?: () => void
  busy?: boolean
  buttonRef?: Ref<HTMLButtonElement>
}) {
  return (
    <div className="flex justify-end px-4 pt-2 print:hidden">
      <button
        type="button"
        aria-expanded="false"
        aria-busy={busy || undefined}
        ref={buttonRef}
        onClick={onOpen}
        onPointerEnter={onIntent}
        onFocus={onIntent}
        className="rounded-lg border border-amber-300 bg-amber-50 px-3 py-1.5 text-sm font-semibold text-amber-950 hover:bg-amber-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 aria-busy:cursor-progress aria-busy:opacity-70 dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-200"
      >
        {label}
      </button>
    </div>
  )
}

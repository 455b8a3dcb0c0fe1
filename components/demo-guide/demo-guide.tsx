'use client'

import { useCallback, useEffect, useRef, useState } from 'react'
import { usePathname } from 'next/navigation'
import type { GuideCommand } from '@/lib/demo/guide/state'
import type { GuideView } from '@/lib/demo/guide/view-types'
import { GuideButton } from './guide-button'
import { fetchGuide } from './guide-client'
import { GuideTour } from './guide-tour'

/** How often an open guide with a tour under way reads the records again (a step done in another tab or app shows up). */
const POLL_MS = 2_500

/**
 * The demo guide (demo mode only: the root layout renders it only there, and
 * its route answers 404 anywhere else). Its state lives in a cookie the route
 * sets; every step's progress is read from the records on the server.
 * `focusOnMount`: opened by the launcher's button, which is gone, so focus
 * goes to the panel's heading as after this panel's own button.
 */
export function DemoGuide({ initial, focusOnMount = false }: { initial: GuideView; focusOnMount?: boolean }) {
  const [view, setView] = useState(initial)
  const pathname = usePathname()
  // Keyboard users land where they went: the panel's heading once opened or once a tour starts or ends (the button
  // they pressed is gone), the button that reopens the panel once closed.
  const focusAfter = useRef(focusOnMount)
  const focusTarget = useRef<HTMLElement | null>(null)
  useEffect(() => {
    if (!focusAfter.current) return
    focusAfter.current = false
    focusTarget.current?.focus()
  }, [view.open, view.tour?.id])

  const refresh = useCallback(async (command?: GuideCommand) => {
    const next = await fetchGuide(command)
    if (next) setView(next)
  }, [])

  // Another page of the portal: read again (client navigation keeps the root layout, and with it this state).
  useEffect(() => {
    const soon = window.setTimeout(() => void refresh(), 0)
    return () => window.clearTimeout(soon)
  }, [pathname, refresh])

  const following = view.open && view.tour !== null && !view.tour.finished
  useEffect(() => {
    if (!following) return
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void refresh()
    }, POLL_MS)
    const onFocus = () => void refresh()
    window.addEventListener('focus', onFocus)
    return () => {
      window.clearInterval(timer)
      window.removeEventListener('focus', onFocus)
    }
  }, [following, refresh])

  const { words } = view
  if (!view.open) {
    return (
      <GuideButton
        label={words.show}
        buttonRef={(element) => {
          focusTarget.current = element
        }}
        onOpen={() => {
          focusAfter.current = true
          void refresh({ do: 'open' })
        }}
      />
    )
  }
  return (
    <aside
      aria-labelledby="demo-guide-heading"
      className="mx-auto mt-3 max-w-3xl rounded-xl border border-amber-300 bg-white p-4 text-sm text-zinc-800 shadow-sm print:hidden sm:mx-4 md:mx-auto dark:border-amber-500/40 dark:bg-zinc-900 dark:text-zinc-200"
    >
      <div className="flex items-start justify-between gap-3">
        <h2
          id="demo-guide-heading"
          tabIndex={-1}
          ref={(element) => {
            focusTarget.current = element
          }}
          className="text-base font-semibold focus:outline-none"
        >
          {words.heading}
        </h2>
        <button
          type="button"
          aria-expanded="true"
          onClick={() => {
            focusAfter.current = true
            void refresh({ do: 'close' })
          }}
          className="rounded-md px-2 py-1 text-sm font-semibold text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 dark:text-zinc-300 dark:hover:bg-zinc-800"
        >
          {words.close}
        </button>
      </div>
      {view.tour ? (
        <div className="mt-2">
          <GuideTour
            tour={view.tour}
            words={words}
            onLeave={() => {
              focusAfter.current = true
              void refresh({ do: 'leave' })
            }}
          />
        </div>
      ) : (
        <>
          <p className="mt-1 text-zinc-700 dark:text-zinc-300">{words.intro}</p>
          <ul className="mt-3 grid gap-2 sm:grid-cols-2">
            {view.tours.map((tour) => (
              <li key={tour.id} className="flex flex-col gap-2 rounded-lg border border-zinc-200 p-3 dark:border-zinc-700">
                <h3 className="font-semibold">{tour.title}</h3>
                <p className="grow text-zinc-700 dark:text-zinc-300">{tour.summary}</p>
                <button
                  type="button"
                  aria-label={tour.startLabel}
                  onClick={() => {
                    focusAfter.current = true
                    void refresh({ do: 'start', tour: tour.id })
                  }}
                  className="self-start rounded-lg bg-indigo-600 px-3 py-1.5 font-semibold text-white hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 dark:bg-indigo-500"
                >
                  {words.start}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  )
}

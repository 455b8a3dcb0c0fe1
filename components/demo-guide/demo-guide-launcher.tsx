'use client'

import { lazy, Suspense, useState } from 'react'
import type { GuideView } from '@/lib/demo/guide/view-types'
import type { DemoGuide } from './demo-guide'
import { GuideButton } from './guide-button'
import { fetchGuide } from './guide-client'

// The panel's code loads only once someone means to open the guide (or a tour is under way), so a closed guide
// costs a page, /sign-in included, one button. React's own lazy: next/dynamic would add its loader to every page.
const loadPanel = () => import('./demo-guide').then((module) => module.DemoGuide)
const LazyPanel = lazy(() => loadPanel().then((Panel) => ({ default: Panel })))

/**
 * The demo guide as the root layout renders it (demo mode only). With a tour
 * under way the panel renders with the page. Otherwise this is the button:
 * pointing at it or focusing it starts loading the panel, and a press opens
 * the guide and shows the panel once both are there. The button stays (and
 * keeps focus) until then; if either fails, it stays as it was.
 */
export function DemoGuideLauncher({ initial }: { initial: GuideView }) {
  const [opened, setOpened] = useState<{ Panel: typeof DemoGuide; view: GuideView } | null>(null)
  const [busy, setBusy] = useState(false)
  if (initial.open) {
    return (
      <Suspense fallback={null}>
        <LazyPanel initial={initial} />
      </Suspense>
    )
  }
  if (opened) return <opened.Panel initial={opened.view} focusOnMount />
  const open = async () => {
    if (busy) return
    setBusy(true)
    try {
      const [Panel, view] = await Promise.all([loadPanel(), fetchGuide({ do: 'open' })])
      if (view) setOpened({ Panel, view })
    } catch {
      // The panel's code could not be loaded (a new release, say): the button stays for another try.
    } finally {
      setBusy(false)
    }
  }
  return <GuideButton label={initial.words.show} busy={busy} onOpen={() => void open()} onIntent={() => void loadPanel().catch(() => undefined)} />
}

'use client'

import { lazy, Suspense, useState } from 'react'
import type { GuideView } from '@/lib/demo/guide/view-types'
import { GuideButton } from './guide-button'

// The panel's code loads only once someone opens the guide (or a tour is under way): a closed guide costs a page,
// /sign-in included, one button. React's own lazy: next/dynamic would add its loader to every page.
const DemoGuide = lazy(() => import('./demo-guide').then((module) => ({ default: module.DemoGuide })))

/** The demo guide as the root layout renders it (demo mode only): the button, and the panel once opened. */
export function DemoGuideLauncher({ initial }: { initial: GuideView }) {
  const [opened, setOpened] = useState(initial.open)
  const button = <GuideButton label={initial.words.show} onOpen={() => setOpened(true)} />
  if (!opened) return button
  return (
    <Suspense fallback={button}>
      <DemoGuide initial={initial} openOnMount={!initial.open} />
    </Suspense>
  )
}

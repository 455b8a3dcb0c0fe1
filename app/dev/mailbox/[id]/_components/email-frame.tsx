'use client'

import { useEffect, useRef, useState } from 'react'

/**
 * The HTML email at its full height. The sandbox allows no scripts, so the
 * message cannot run anything; allow-same-origin only lets this page measure
 * the rendered message and grow the frame to fit it, instead of cutting it off.
 */
export function EmailFrame({ title, html }: { title: string; html: string }) {
  const frame = useRef<HTMLIFrameElement>(null)
  const [height, setHeight] = useState<number | null>(null)
  const fit = () => {
    const document = frame.current?.contentDocument
    if (document) setHeight(Math.max(document.documentElement.scrollHeight, document.body?.scrollHeight ?? 0) + 16)
  }
  // The frame may finish loading before this page hydrates, and then its load event was missed.
  useEffect(() => {
    if (frame.current?.contentDocument?.readyState === 'complete') fit()
  }, [])
  return (
    <iframe
      ref={frame}
      title={title}
      srcDoc={html}
      onLoad={fit}
      sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
      style={height ? { height } : undefined}
      className="min-h-[32rem] w-full rounded-xl border border-zinc-200 bg-white dark:border-zinc-800"
      data-testid="mailbox-html"
    />
  )
}

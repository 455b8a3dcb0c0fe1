import type { GuideSegment } from '@/lib/demo/guide/segments'

/**
 * A guide sentence: words, the controls to press and the fields to fill as
 * the page names them, data as it is (never translated), links. Everything
 * is text: React escapes names and addresses, whoever chose them.
 */
export function GuideSentence({ segments }: { segments: GuideSegment[] }) {
  return segments.map((segment, index) => {
    switch (segment.kind) {
      case 'text':
        return <span key={index}>{segment.text}</span>
      case 'press':
        return (
          <strong key={index} data-guide="press" className="font-semibold text-zinc-950 dark:text-white">
            {segment.text}
          </strong>
        )
      case 'field':
        return (
          <em key={index} data-guide="field" className="font-medium not-italic underline decoration-dotted underline-offset-2">
            {segment.text}
          </em>
        )
      case 'type':
        return (
          <code key={index} data-guide="type" translate="no" dir="auto" className="rounded bg-zinc-100 px-1 break-all dark:bg-zinc-800">
            {segment.text}
          </code>
        )
      case 'data':
        return (
          <span key={index} data-guide="data" translate="no" dir="auto" className="break-words">
            {segment.text}
          </span>
        )
      case 'link':
        return (
          <a
            key={index}
            data-guide="link"
            href={segment.href}
            {...(segment.newTab ? { target: '_blank', rel: 'noopener' } : {})}
            className="font-semibold text-indigo-700 underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-offset-2 dark:text-indigo-300"
          >
            {segment.text}
          </a>
        )
    }
  })
}

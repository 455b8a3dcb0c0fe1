import type { ReactNode } from 'react'

/**
 * A rich-text tag for data inside a sentence (a person's address, an app's
 * name, a time): the browser never machine-translates it, and the
 * pseudo-locale's check knows it is not ours to translate.
 * Use: t.rich('key', { email, data: keep }) with "… <data>{email}</data> …".
 */
export const keep = (chunks: ReactNode) => <span translate="no">{chunks}</span>

/** A rich-text tag for a time formatted into a sentence: "<time>{at}</time>". */
export const timeTag = (at: Date) =>
  function TimeTag(chunks: ReactNode) {
    return (
      <time dateTime={at.toISOString()} translate="no" className="whitespace-nowrap">
        {chunks}
      </time>
    )
  }

import type { ReactNode } from 'react'

/**
 * The rich-text tag <data> of every catalogue: what it wraps is a name
 * people gave or a product's own (a display name, an address, an app, a
 * passkey or a browser), never translated, by us or by the browser, and
 * isolated from the sentence's direction (a Latin address in Arabic text,
 * an Arabic name in English). The pseudo-locale's check skips it too.
 * Use: t.rich('key', { email, data }) with "… <data>{email}</data> …".
 */
export const data = (chunks: ReactNode) => <bdi translate="no">{chunks}</bdi>

/** A rich-text tag for a time formatted into a sentence: "<time>{at}</time>". */
export const timeTag = (at: Date) =>
  function TimeTag(chunks: ReactNode) {
    return (
      <time dateTime={at.toISOString()} translate="no" className="whitespace-nowrap">
        {chunks}
      </time>
    )
  }

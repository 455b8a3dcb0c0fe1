import type { ReactNode } from 'react'

/**
 * The rich-text tag <data> of the account catalogue: what it wraps is a name
 * people gave or a product's own (a display name, an address, a passkey or a
 * browser), never translated, by us or by the browser, and isolated from the
 * sentence's direction (a Latin address in Arabic text, an Arabic name in English).
 */
export const data = (chunks: ReactNode) => <bdi translate="no">{chunks}</bdi>

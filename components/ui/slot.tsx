import { Fragment, type ReactNode } from 'react'

/**
 * A placeholder a server component passes as a message argument where a
 * client component puts a value later (an address, a countdown): the
 * sentence stays one translated message, and the client needs no catalogue.
 * A private-use character, so it never clashes with real text.
 */
export const SLOT = '\uE000'

/** The server-made `text` with each SLOT replaced by `value`. */
export function fillSlot(text: string, value: ReactNode): ReactNode {
  const parts = text.split(SLOT)
  return parts.map((part, index) => (
    <Fragment key={index}>
      {index > 0 ? value : null}
      {part}
    </Fragment>
  ))
}

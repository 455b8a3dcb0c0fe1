import Link from 'next/link'
import type { ComponentProps } from 'react'
import { buttonClasses, type Variant } from './button'

/** A link that looks like a button (kept apart from Button so client forms don't pull in the router's Link). */
export function ButtonLink({ variant = 'primary', className = '', ...props }: ComponentProps<typeof Link> & { variant?: Variant }) {
  return <Link className={buttonClasses(variant, className)} {...props} />
}

import type { ReactNode } from 'react'

/**
 * A sentence the server translated with a placeholder where a value the
 * browser only learns later goes (a passkey's name once it exists): the
 * server passes `t('key', { name: PLACEHOLDER })`, the component fills it in.
 */
export const PLACEHOLDER = '{value}'

/** The template with its placeholder replaced by `value`, which is data: never translated. */
export function fillTemplate(template: string, value: string): ReactNode {
  const at = template.indexOf(PLACEHOLDER)
  if (at < 0) return template
  return (
    <>
      {template.slice(0, at)}
      <bdi translate="no">{value}</bdi>
      {template.slice(at + PLACEHOLDER.length)}
    </>
  )
}

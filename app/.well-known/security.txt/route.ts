import { jsonRoute } from '@/lib/actions/pipeline'
import { env } from '@/lib/env'

const DAY_MS = 86_400_000

/**
 * RFC 9116: where to report a vulnerability. Contact from SECURITY_CONTACT
 * (a mailto: or https: URI); Expires is always six months ahead, as the RFC
 * asks that it be less than a year away.
 */
export const GET = jsonRoute({ guard: 'public', schema: null }, async () => {
  const { appUrl, securityContact } = env()
  const expires = new Date(Date.now() + 182 * DAY_MS).toISOString().replace(/\.\d{3}Z$/, 'Z')
  const text = [`Contact: ${securityContact}`, `Expires: ${expires}`, 'Preferred-Languages: en', `Canonical: ${appUrl}/.well-known/security.txt`, ''].join('\n')
  return new Response(text, { headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'public, max-age=86400' } })
})

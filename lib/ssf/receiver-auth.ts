import 'server-only'
import { db } from '../db'
import { secretMatches } from '../oidc/apps'

/**
 * Who is calling the stream management endpoints: a confidential app that is
 * on, by its client_id and secret in HTTP Basic (RFC 6749 §2.3.1, each part
 * form-encoded), as it authenticates at the token endpoint. Null otherwise.
 */
export async function receiverOf(authorization: string | null): Promise<string | null> {
  const match = /^basic\s+([A-Za-z0-9+/=]{1,1024})\s*$/i.exec(authorization ?? '')
  if (!match) return null
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 1) return null
  const part = (value: string) => {
    try {
      return decodeURIComponent(value.replaceAll('+', ' '))
    } catch {
      return null
    }
  }
  const clientId = part(decoded.slice(0, colon))
  const secret = part(decoded.slice(colon + 1))
  if (!clientId || !secret || clientId.length > 100) return null
  const app = await db().oidcApp.findUnique({ where: { id: clientId }, select: { clientType: true, secretHash: true, disabledAt: true } })
  if (!app || app.disabledAt || app.clientType !== 'confidential') return null
  return secretMatches(app.secretHash ?? undefined, secret) ? clientId : null
}

import { createHmac, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { isIP } from 'node:net'
import { derivedKey } from '../crypto'

/**
 * The header through which the portal's own server (scripts/server.ts)
 * hands the client's address to the app: "<address>.<HMAC>", keyed from
 * AUTH_SECRET. The server always overwrites it, and the app believes it only
 * with a valid HMAC, so an app reached some other way (a bare `next start`)
 * never takes an address a client wrote into this header.
 */
export const CLIENT_ADDRESS_HEADER = 'x-portal-client-address'

function mac(address: string, secret: string): string {
  return createHmac('sha256', derivedKey('client-address', secret)).update(address).digest('base64url')
}

/** The header's value for an address. */
export function sealClientAddress(address: string, secret: string): string {
  return `${address}.${mac(address, secret)}`
}

/** The address in a header value our server wrote, or null (missing, forged, or not an IP address). */
export function openClientAddress(value: string | null, secret: string): string | null {
  if (!value) return null
  const at = value.lastIndexOf('.')
  if (at <= 0) return null
  const address = value.slice(0, at)
  const given = Buffer.from(value.slice(at + 1))
  const expected = Buffer.from(mac(address, secret))
  return given.length === expected.length && timingSafeEqual(given, expected) ? validIpAddress(address) : null
}

/** A syntactically valid IPv4 or IPv6 address in its plain form, or null (free text never passes as an address). */
export function validIpAddress(value: string | null | undefined): string | null {
  if (!value) return null
  let address = value.trim()
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1)
  // An IPv4 client on a dual-stack socket reads as ::ffff:a.b.c.d.
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address)) address = address.slice(7)
  return isIP(address) ? address.toLowerCase() : null
}

/**
 * The client's address as the outermost trusted proxy saw it. Each trusted
 * proxy appends the address of whoever connected to it to X-Forwarded-For, so
 * with N trusted hops the client is the N-th entry from the right of the chain
 * "X-Forwarded-For entries, then the connection's own peer". Entries further
 * left were written by the client and are never trusted. With 0 hops the
 * address is the connection's own.
 */
export function clientAddressFrom(forwardedFor: string | string[] | undefined, socketAddress: string | undefined, trustedHops: number): string | null {
  const forwarded = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
  const chain = [...forwarded, socketAddress ?? '']
  const index = Math.max(chain.length - 1 - trustedHops, 0)
  return validIpAddress(chain[index])
}

/** Sets the client-address header on an incoming request, replacing whatever the client sent in it. */
export function attachClientAddress(request: IncomingMessage, trustedHops: number, secret: string): void {
  const address = clientAddressFrom(request.headers['x-forwarded-for'], request.socket.remoteAddress, trustedHops)
  if (address) request.headers[CLIENT_ADDRESS_HEADER] = sealClientAddress(address, secret)
  else delete request.headers[CLIENT_ADDRESS_HEADER]
}

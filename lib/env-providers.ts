import 'server-only'
import path from 'node:path'
import { getCountries, type CountryCode } from 'libphonenumber-js/max'
import { z } from 'zod'

/**
 * The settings of the outside services the portal reads from or sends
 * through besides email: the FIDO Metadata Service (ADR 35) and the SMS
 * provider (ADR 36). lib/env.ts spreads the fields into its schema and
 * calls the checks and the transform below, so each service's settings
 * read in one place.
 */

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value && value.trim() !== '' ? value.trim() : undefined))

const onePath = optionalText.refine((value) => value === undefined || !/[\r\n]/.test(value), 'must be one path')

const optionalUrl = (error: string) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), z.url({ protocol: /^https?$/, error }).optional())

const COUNTRIES = new Set<string>(getCountries())

export const providerFields = {
  /** Where the FIDO Metadata Service BLOB comes from: an https URL (refreshed when it says), or a file for sites without the network. */
  FIDO_MDS_URL: optionalUrl('must be an http(s):// URL such as https://mds3.fidoalliance.org/'),
  FIDO_MDS_FILE: onePath,
  /** The common name on the BLOB's signing certificate: mds.fidoalliance.org under the FIDO roots; any under a private root unless set. */
  FIDO_MDS_SIGNER: optionalText.refine((value) => value === undefined || /^[\w.-]{1,253}$/.test(value), 'must be a host name such as mds.example.com'),
  /** A PEM file with the root the BLOB's signing chain must lead to; without it, the FIDO Alliance's own roots. */
  FIDO_MDS_ROOT_FILE: onePath,
  /** Twilio's account and key for text messages; without them SMS is off whatever a policy says. */
  TWILIO_ACCOUNT_SID: optionalText.refine(
    (value) => value === undefined || /^AC[0-9a-f]{32}$/.test(value),
    'must be the account SID Twilio shows, AC and 32 hex digits',
  ),
  TWILIO_AUTH_TOKEN: optionalText,
  /** Another address for Twilio's API: the tests' loopback stand-in, never another host. */
  TWILIO_BASE_URL: optionalUrl('must be an http(s):// URL'),
  /** The sender: a Twilio number in E.164, or a Messaging Service SID (MG…). */
  SMS_FROM: optionalText.refine(
    (value) => value === undefined || /^(\+[1-9]\d{6,14}|MG[0-9a-f]{32})$/.test(value),
    'must be a number such as +15005550006 or a Messaging Service SID (MG…)',
  ),
  /** The countries whose numbers may get codes (ISO 3166 codes, the first for numbers typed without +): texts to others are where SMS fraud pays. */
  SMS_COUNTRIES: optionalText.transform((value, ctx) => {
    if (value === undefined) return undefined
    const codes = value.split(',').map((code) => code.trim().toUpperCase())
    const unknown = codes.filter((code) => !COUNTRIES.has(code))
    if (unknown.length > 0 || codes.length === 0) {
      ctx.addIssue({ code: 'custom', message: `must be country codes such as GB,IE, not ${unknown.join(', ') || 'nothing'}` })
      return z.NEVER
    }
    return [...new Set(codes)] as CountryCode[]
  }),
}

type ProviderSource = { [K in keyof typeof providerFields]?: z.output<(typeof providerFields)[K]> }

const isLoopback = (host: string) => host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host)

/** The checks across fields: what is missing beside what is set, and plain HTTP only on this machine. */
export function checkProviders(env: ProviderSource, ctx: z.RefinementCtx): void {
  // The BLOB is signed, but a plain-HTTP answer could still be swapped for an old one or none on the way.
  if (env.FIDO_MDS_URL?.startsWith('http:') && !isLoopback(new URL(env.FIDO_MDS_URL).hostname)) {
    ctx.addIssue({ code: 'custom', path: ['FIDO_MDS_URL'], message: 'must be https:// (http:// only on this machine)' })
  }
  if (env.TWILIO_ACCOUNT_SID) {
    for (const name of ['TWILIO_AUTH_TOKEN', 'SMS_FROM', 'SMS_COUNTRIES'] as const) {
      if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'is required with TWILIO_ACCOUNT_SID' })
    }
  }
  // The account's credentials go wherever this points: only to a stand-in on this machine.
  if (env.TWILIO_BASE_URL && !isLoopback(new URL(env.TWILIO_BASE_URL).hostname)) {
    ctx.addIssue({ code: 'custom', path: ['TWILIO_BASE_URL'], message: 'is for tests only: a loopback address such as http://127.0.0.1:3126' })
  }
}

/** The settings as the portal reads them. */
export function providerSettings(env: ProviderSource) {
  const sms =
    env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && env.SMS_FROM && env.SMS_COUNTRIES
      ? { accountSid: env.TWILIO_ACCOUNT_SID, authToken: env.TWILIO_AUTH_TOKEN, baseUrl: env.TWILIO_BASE_URL, from: env.SMS_FROM, countries: env.SMS_COUNTRIES }
      : null
  return {
    /** The FIDO Metadata Service BLOB's source (URL or file, the URL first) and the root its chain must lead to. */
    authenticatorMetadata: {
      url: env.FIDO_MDS_URL,
      file: env.FIDO_MDS_FILE ? path.resolve(env.FIDO_MDS_FILE) : undefined,
      rootFile: env.FIDO_MDS_ROOT_FILE ? path.resolve(env.FIDO_MDS_ROOT_FILE) : undefined,
      signer: env.FIDO_MDS_SIGNER,
    },
    /** The SMS provider, or null: text messages are off. */
    sms,
  }
}

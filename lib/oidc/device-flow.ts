import 'server-only'
import type { KoaContextWithOIDC } from 'oidc-provider'
import { recordEvent } from '../audit/record'
import { errorFields, log } from '../ops/log'
import { env } from '../env'
import type { Translator } from '../i18n/translator'
import { userAgentParts } from '../user-agent'
import { requestContextOfIncoming } from '../web/incoming-context'
import { codeConfirmPage, codeInputPage, deviceSignedInPage, type CodeProblem, type FormTarget } from './device-pages'
import { oidcEndpointOf } from './endpoints'
import { pageTranslator } from './pages'
import { portalSessionOf } from './provider-checks'

/**
 * The device authorization grant (RFC 8628) as the provider's deviceFlow
 * feature runs it: a device asks at /oidc/device/auth, the person types its
 * code at /activate, sees which app asks and from which network, approves
 * or refuses, and signs in again there (the device_fresh check in
 * ./provider-checks.ts); the device polls the token endpoint meanwhile.
 * The codes live in the database with every other provider artifact, so any
 * instance can answer any step. Pages: ./device-pages.ts.
 */

/** Where the device asked from: the address and software the portal reads for every request, not the provider's own. */
function deviceInfo(ctx: KoaContextWithOIDC) {
  const { ipAddress, userAgent } = requestContextOfIncoming(ctx.req)
  return { ip: ipAddress ?? undefined, ua: userAgent ?? undefined }
}

/**
 * A network as people can recognise it, never the full address: the /24 of
 * an IPv4 address, the /48 of an IPv6 one.
 */
export function coarseNetwork(ip: string | undefined): string | null {
  if (!ip) return null
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/i.exec(ip)
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`
  if (!ip.includes(':') || !URL.canParse(`http://[${ip}]/`)) return null
  // The URL parser writes the address out one way (RFC 5952); its groups, the "::" filled in, give the /48.
  const [head = '', tail = ''] = new URL(`http://[${ip}]/`).hostname.slice(1, -1).split('::')
  const known = [head.split(':').filter(Boolean), tail.split(':').filter(Boolean)]
  const groups = [...known[0]!, ...Array(8 - known[0]!.length - known[1]!.length).fill('0'), ...known[1]!]
  return `${groups.slice(0, 3).join(':')}::/48`
}

/** The form's action and anti-forgery value, read from the provider's own form (lib/helpers/user_code_form.js). */
function targetOf(form: string): FormTarget {
  const field = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(form)?.[1] ?? ''
  const decode = (value: string) => value.replace(/&amp;/g, '&').replace(/&quot;/g, '"')
  return { action: decode(field('action')), xsrf: decode(field('name="xsrf" value')) }
}

/** The device's software in words, named only from the parser's own tables: a user agent is whatever the device wrote. */
function softwareOf(reader: Translator, userAgent: string | undefined): string {
  const { browser, system } = userAgentParts(userAgent)
  if (browser && system) return reader.t('demo.provider.device.software.browserOnSystem', { browser, system })
  if (browser) return reader.t('demo.provider.device.software.browser', { browser })
  return system ? reader.t('demo.provider.device.software.system', { system }) : reader.t('demo.provider.device.software.unknown')
}

const readerOf = async (ctx: KoaContextWithOIDC) =>
  pageTranslator((name) => ctx.get(name) || null, { saved: (await portalSessionOf(ctx).catch(() => null))?.user, uiLocales: undefined })

function problemOf(error: Error | undefined): CodeProblem {
  switch (error?.name) {
    case undefined:
      return 'none'
    case 'NotFoundError':
    case 'NoCodeError':
      return 'wrong'
    case 'ExpiredError':
      return 'expired'
    case 'AlreadyUsedError':
      return 'used'
    case 'AbortedError':
      return 'refused'
    default:
      return 'failed'
  }
}

/** A refusal on the confirmation page, in the history of whoever is signed in here (the interaction records its own refusals). */
async function recordRefusal(ctx: KoaContextWithOIDC, error: Error & { cause?: unknown }): Promise<void> {
  const code = ctx.oidc.entities.DeviceCode
  const clientId = code?.clientId
  if (!clientId || error.cause) return
  const client = await ctx.oidc.provider.Client.find(clientId)
  const portal = await portalSessionOf(ctx).catch(() => null)
  await recordEvent({
    type: 'app_sign_in',
    result: 'failure',
    userId: portal?.user.id ?? null,
    reason: 'app_device_refused',
    context: requestContextOfIncoming(ctx.req),
    detail: { app: client?.clientName ?? clientId, clientId, device: true },
  })
}

const LINKED_CODE = Symbol('device code from the link')
const WRONG_CODE = Symbol('a wrong, expired or used device code')
type WithLinkedCode = KoaContextWithOIDC & { state: { [LINKED_CODE]?: string; [WRONG_CODE]?: true } }

/** Whether the code page answered a code typed wrong (the failures the limits count, lib/oidc/limit-requests.ts). */
export const isWrongDeviceCode = (ctx: { state: object }) => (ctx.state as WithLinkedCode['state'])[WRONG_CODE] === true

/**
 * The link a device shows with its code in it (verification_uri_complete, RFC 8628 §3.3.1) opens the
 * code page with the code filled in, for the person to check and send. The provider would post the code
 * on by itself, from a script the portal's pages do not run; a press on our own page is the safer step too.
 */
export async function fillCodeFromLink(ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> {
  if (ctx.method === 'GET' && oidcEndpointOf(ctx.path) === 'code_verification' && ctx.query.user_code !== undefined) {
    const query = new URLSearchParams(ctx.querystring)
    const linked = query.get('user_code') ?? ''
    query.delete('user_code')
    ctx.querystring = query.toString()
    if (linked.length <= 20) (ctx as WithLinkedCode).state[LINKED_CODE] = linked
  }
  await next()
}

export function deviceFlowFeature() {
  return {
    enabled: true,
    // Consonants only (no vowels, so no words), 8 of them: RFC 8628 §6.1's recommended shape.
    charset: 'base-20' as const,
    mask: '****-****',
    deviceInfo,
    async userCodeInputSource(ctx: KoaContextWithOIDC, form: string, _out?: unknown, error?: Error) {
      // A refusal that cannot be recorded is still shown as refused; the log says why.
      if (error?.name === 'AbortedError')
        await recordRefusal(ctx, error).catch((caught: unknown) => log().warn(errorFields(caught), 'A device refusal could not be recorded'))
      const problem = problemOf(error)
      // A wrong, expired or used code is a failed attempt: counted against the network (lib/limits/oidc.ts).
      if (problem === 'wrong' || problem === 'expired' || problem === 'used') {
        ctx.status = 400
        ;(ctx as WithLinkedCode).state[WRONG_CODE] = true
      }
      // The page holds the form's anti-forgery value: never kept by a cache.
      ctx.set('Cache-Control', 'no-store')
      ctx.type = 'html'
      const typed = problem === 'wrong' ? (error as { userCode?: string }).userCode : (ctx as WithLinkedCode).state[LINKED_CODE]
      ctx.body = codeInputPage(await readerOf(ctx), env().appName, targetOf(form), problem, typed)
    },
    async userCodeConfirmSource(
      ctx: KoaContextWithOIDC,
      form: string,
      client: { clientName?: string; clientId: string },
      info: { ip?: string; ua?: string },
      userCode: string,
    ) {
      const here = requestContextOfIncoming(ctx.req).ipAddress ?? undefined
      ctx.set('Cache-Control', 'no-store')
      const network = coarseNetwork(info.ip)
      ctx.type = 'html'
      const reader = await readerOf(ctx)
      ctx.body = codeConfirmPage(reader, env().appName, { ...targetOf(form), userCode }, client.clientName ?? client.clientId, {
        software: softwareOf(reader, info.ua),
        network: network ?? reader.t('demo.provider.device.confirm.unknownNetwork'),
        sameNetwork: network !== null && network === coarseNetwork(here),
        // Asked with offline_access, the device keeps access past this browser's session, until it is removed.
        staysSignedIn: String(ctx.oidc.entities.DeviceCode?.params?.scope ?? '')
          .split(' ')
          .includes('offline_access'),
      })
    },
    async successSource(ctx: KoaContextWithOIDC) {
      ctx.type = 'html'
      const client = ctx.oidc.client
      ctx.body = deviceSignedInPage(await readerOf(ctx), env().appName, client?.clientName ?? client?.clientId ?? '')
    },
  }
}

import 'server-only'
import path from 'node:path'
import { z } from 'zod'
import { parseDatabaseUrl } from './database-url'
import { parseDurationSeconds } from './duration'
import { checkProviders, providerFields, providerSettings } from './env-providers'
import { LOCALES } from './i18n/locales'
import { safeTimeZone } from './time-zone'

const flag = z
  .enum(['0', '1', 'true', 'false', ''])
  .optional()
  .transform((value) => value === '1' || value === 'true')

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const seconds = parseDurationSeconds(value)
      if (seconds === null) {
        ctx.addIssue({ code: 'custom', message: 'use a number and a unit, e.g. 15m, 12h or 7d' })
        return z.NEVER
      }
      return seconds
    })

const origin = z.url({ protocol: /^https?$/ }).transform((value, ctx) => {
  const url = new URL(value)
  if (url.origin !== value.replace(/\/$/, '')) {
    ctx.addIssue({ code: 'custom', message: `must be an origin only (scheme, host, port), e.g. ${url.origin}` })
    return z.NEVER
  }
  return url.origin
})

const isLoopback = (host: string) => host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host)

/** An origin and nothing more (no path, no trailing slash), https, or http on this machine. */
function isWebAuthnOrigin(value: string): boolean {
  if (!URL.canParse(value)) return false
  const url = new URL(value)
  return url.origin === value && (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname)))
}

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value && value.trim() !== '' ? value.trim() : undefined))

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    DEMO_MODE: flag,
    PSEUDO_LOCALE: flag,
    APP_NAME: z.string().trim().min(1).max(60).default('Passkey Portal'),
    APP_URL: origin.default('http://localhost:3000'),
    DEFAULT_LOCALE: z.enum(LOCALES, { error: `must be one of ${LOCALES.join(', ')}` }).default('en'),
    DEFAULT_TIME_ZONE: z
      .string()
      .trim()
      .default('UTC')
      .refine((value) => safeTimeZone(value) !== 'UTC' || value === 'UTC', 'must be an IANA time zone such as Europe/Berlin'),
    DATABASE_URL: z
      .string()
      .optional()
      .transform((value, ctx) => {
        try {
          return parseDatabaseUrl(value)
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message.replace(/^DATABASE_URL /, '') })
          return z.NEVER
        }
      }),
    AUTH_SECRET: z
      .string({ error: 'is required: a random value of at least 32 characters (openssl rand -base64 32)' })
      .min(32, 'must be at least 32 characters (openssl rand -base64 32)'),
    WEBAUTHN_RP_ID: optionalText,
    WEBAUTHN_RP_NAME: optionalText,
    WEBAUTHN_ORIGINS: optionalText,
    RESEND_API_KEY: optionalText,
    RESEND_BASE_URL: z.url().optional(),
    /** The signing secret of the Resend webhook that reports delivery (whsec_…); without it delivery status is off. */
    RESEND_WEBHOOK_SECRET: optionalText.refine((value) => value === undefined || /^whsec_[A-Za-z0-9+/=]{24,}$/.test(value), {
      message: 'must be the webhook signing secret Resend shows, starting with whsec_',
    }),
    EMAIL_FROM: optionalText,
    SIGNUP_POLICY: z.preprocess(
      (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
      z.enum(['open', 'invite-only'], { error: 'must be "open" or "invite-only"' }).optional(),
    ),
    SESSION_IDLE_TIMEOUT: duration('7d'),
    SESSION_ABSOLUTE_TIMEOUT: duration('30d'),
    HISTORY_RETENTION: duration('400d'),
    AUDIT_ANCHOR_FILE: optionalText.refine((value) => value === undefined || !/[\r\n]/.test(value), 'must be one path'),
    AUDIT_ANCHOR_URL: z.preprocess(
      (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
      z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }).optional(),
    ),
    ...providerFields,
    SECURITY_CONTACT: z
      .string()
      .optional()
      .refine((value) => !value || /^(mailto:|https:\/\/)\S+$/.test(value.trim()), 'use a mailto: or https:// URI'),
    SCIM_TOKENS: z
      .string()
      .default('')
      .transform((value, ctx) => {
        const tokens: { name: string; hash: string }[] = []
        for (const entry of value
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean)) {
          const at = entry.lastIndexOf(':')
          const name = entry.slice(0, at).trim()
          const hash = entry
            .slice(at + 1)
            .trim()
            .toLowerCase()
          if (at < 1 || name.length > 60 || !/^[0-9a-f]{64}$/.test(hash) || tokens.some((token) => token.name === name)) {
            ctx.addIssue({ code: 'custom', message: 'list "name:sha256-hex" pairs, comma-separated, each name once (npm run scim:token -- "name" makes one)' })
            return z.NEVER
          }
          tokens.push({ name, hash })
        }
        return tokens
      }),
    SCIM_MANAGES_STAFF: flag,
    TRUSTED_PROXY_HOPS: z.preprocess(
      (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
      z.coerce
        .number({ error: 'must be a whole number from 0 to 5' })
        .int('must be a whole number from 0 to 5')
        .min(0, 'must be a whole number from 0 to 5')
        .max(5, 'must be a whole number from 0 to 5')
        .default(0),
    ),
    HOST: optionalText,
    METRICS_TOKEN: z
      .string()
      .optional()
      .transform((value) => (value && value.trim() !== '' ? value.trim() : undefined))
      .refine((value) => value === undefined || value.length >= 32, 'must be at least 32 characters (openssl rand -base64 32)'),
    SHUTDOWN_GRACE: duration('25s'),
    DATABASE_POOL_SIZE: z.preprocess(
      (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
      z.coerce
        .number({ error: 'must be a whole number from 1 to 100' })
        .int('must be a whole number from 1 to 100')
        .min(1, 'must be a whole number from 1 to 100')
        .max(100, 'must be a whole number from 1 to 100')
        .default(10),
    ),
    PORT: z.preprocess(
      (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
      z.coerce
        .number({ error: 'must be a port number' })
        .int('must be a port number')
        .min(1, 'must be a port number')
        .max(65535, 'must be a port number')
        .default(3000),
    ),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.RESEND_API_KEY && !env.DEMO_MODE) {
      ctx.addIssue({
        code: 'custom',
        path: ['RESEND_API_KEY'],
        message: 'is required in production to send email (or set DEMO_MODE=1 to keep email in the dev mailbox)',
      })
    }
    if (env.RESEND_API_KEY && !env.EMAIL_FROM) {
      ctx.addIssue({ code: 'custom', path: ['EMAIL_FROM'], message: 'is required with RESEND_API_KEY, e.g. "Passkey Portal <login@example.com>"' })
    }
    // Checks across fields run even when a field failed; skip those that need a valid APP_URL.
    const host = URL.canParse(env.APP_URL) ? new URL(env.APP_URL).hostname : null
    if (host && env.WEBAUTHN_RP_ID && host !== env.WEBAUTHN_RP_ID && !host.endsWith(`.${env.WEBAUTHN_RP_ID}`)) {
      ctx.addIssue({ code: 'custom', path: ['WEBAUTHN_RP_ID'], message: `must be ${host} or a parent domain of it` })
    }
    // WebAuthn origins are compared with the client data's origin as strings (§7.2 step 9): each must be exactly an
    // origin, over TLS but on this machine, and the portal's own must be one of them or no ceremony here would verify.
    if (env.WEBAUTHN_ORIGINS) {
      const origins = env.WEBAUTHN_ORIGINS.split(',').map((value) => value.trim())
      const bad = origins.filter((value) => !isWebAuthnOrigin(value))
      if (bad.length > 0) {
        const suggested = (value: string) => (URL.canParse(value) ? ` (${new URL(value).origin}?)` : '')
        const named = bad.map((value) => `${value}${suggested(value)}`).join(', ')
        ctx.addIssue({ code: 'custom', path: ['WEBAUTHN_ORIGINS'], message: `must be origins such as https://login.example.com, not ${named}` })
      } else if (URL.canParse(env.APP_URL) && !origins.includes(new URL(env.APP_URL).origin)) {
        ctx.addIssue({ code: 'custom', path: ['WEBAUTHN_ORIGINS'], message: `must include the portal’s own origin, ${new URL(env.APP_URL).origin}` })
      }
    }
    // In production the anchor travels over TLS: a plain-HTTP answer could be swapped for a cut-off head on the way.
    if (env.NODE_ENV === 'production' && env.AUDIT_ANCHOR_URL?.startsWith('http:') && !isLoopback(new URL(env.AUDIT_ANCHOR_URL).hostname)) {
      ctx.addIssue({ code: 'custom', path: ['AUDIT_ANCHOR_URL'], message: 'must be https:// in production (http:// only on this machine)' })
    }
    checkProviders(env, ctx)
    if (env.SESSION_IDLE_TIMEOUT > env.SESSION_ABSOLUTE_TIMEOUT) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_IDLE_TIMEOUT'], message: 'must not be longer than SESSION_ABSOLUTE_TIMEOUT' })
    }
  })
  .transform((env) => {
    const appHost = new URL(env.APP_URL).hostname
    return {
      nodeEnv: env.NODE_ENV,
      demoMode: env.DEMO_MODE,
      appName: env.APP_NAME,
      appUrl: env.APP_URL,
      /** The organisation's language and time zone: for whoever has none saved and whose browser names none the portal speaks. */
      defaultLocale: env.DEFAULT_LOCALE,
      defaultTimeZone: safeTimeZone(env.DEFAULT_TIME_ZONE),
      /** The pseudo-locale (lib/i18n/pseudo.ts): where the dev tools are (development, demo mode), or where PSEUDO_LOCALE=1 (the end-to-end servers). */
      pseudoLocale: env.NODE_ENV !== 'production' || env.DEMO_MODE || env.PSEUDO_LOCALE,
      secureCookies: env.APP_URL.startsWith('https:'),
      database: env.DATABASE_URL,
      /** PostgreSQL connections each instance keeps at most (SQLite has one file and no pool). */
      databasePoolSize: env.DATABASE_POOL_SIZE,
      authSecret: env.AUTH_SECRET,
      webauthn: {
        rpId: env.WEBAUTHN_RP_ID ?? appHost,
        rpName: env.WEBAUTHN_RP_NAME ?? env.APP_NAME,
        origins: env.WEBAUTHN_ORIGINS ? env.WEBAUTHN_ORIGINS.split(',').map((value) => value.trim()) : [env.APP_URL],
      },
      email: {
        resendApiKey: env.RESEND_API_KEY,
        webhookSecret: env.RESEND_WEBHOOK_SECRET,
        from: env.EMAIL_FROM ?? `${env.APP_NAME} <no-reply@${appHost}>`,
        /** The dev mailbox stores email instead of sending it, outside production or in demo mode. */
        mailboxEnabled: !env.RESEND_API_KEY && (env.NODE_ENV !== 'production' || env.DEMO_MODE),
      },
      /** /dev/* pages (mailbox) exist only in development, tests and demo mode. */
      devToolsEnabled: env.NODE_ENV !== 'production' || env.DEMO_MODE,
      /**
       * open: the first successful email sign-in creates the account (default outside production and in demo mode);
       * invite-only: unknown addresses get no email and no account (default in production).
       */
      signup: env.SIGNUP_POLICY ?? (env.NODE_ENV === 'production' && !env.DEMO_MODE ? 'invite-only' : 'open'),
      session: {
        idleTimeoutSeconds: env.SESSION_IDLE_TIMEOUT,
        absoluteTimeoutSeconds: env.SESSION_ABSOLUTE_TIMEOUT,
      },
      /** How long sign-in history and audit events are kept before `npm run maintenance` prunes them. */
      historyRetentionSeconds: env.HISTORY_RETENTION,
      /**
       * The audit chain's head kept outside the database (lib/audit/anchor.ts): a file `npm run maintenance`
       * appends to, and a URL that answers with the same lines; verification compares the log with each one set.
       */
      auditAnchor: { file: env.AUDIT_ANCHOR_FILE ? path.resolve(env.AUDIT_ANCHOR_FILE) : undefined, url: env.AUDIT_ANCHOR_URL },
      ...providerSettings(env),
      /** Where /.well-known/security.txt tells researchers to report a vulnerability. */
      securityContact: env.SECURITY_CONTACT?.trim() || `mailto:security@${appHost}`,
      /** The SCIM clients (an HR system, an identity provider): each token's name and the SHA-256 of its bearer token. */
      scimTokens: env.SCIM_TOKENS,
      /** Whether SCIM may change helpdesk agents and administrators (never the break-glass account, never a role). */
      scimManagesStaff: env.SCIM_MANAGES_STAFF,
      server: {
        port: env.PORT,
        /** Where to listen: HOST, or in demo mode loopback only (its mailbox shows every code), otherwise every interface. */
        host: env.HOST ?? (env.DEMO_MODE ? '127.0.0.1' : undefined),
        /** How many reverse proxies in front of the portal append to X-Forwarded-For (lib/web/client-address.ts). */
        trustedProxyHops: env.TRUSTED_PROXY_HOPS,
        /** The bearer token that reads /metrics; without one, /metrics does not exist. */
        metricsToken: env.METRICS_TOKEN,
        /** How long in-flight requests may take to finish after SIGTERM. */
        shutdownGraceSeconds: env.SHUTDOWN_GRACE,
      },
    }
  })

export type Env = z.output<typeof schema>

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}\nSee .env.example for every setting.`)
    this.name = 'EnvError'
  }
}

/** Validates a set of variables; throws EnvError naming each wrong one. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source)
  if (result.success) return result.data
  throw new EnvError(result.error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`))
}

let cached: Env | undefined

/** The validated configuration of this process, read once. */
export function env(): Env {
  cached ??= parseEnv(process.env)
  return cached
}

import 'server-only'
import type { ErrorCode } from '../errors'
import { blockedUntil, emailKey, ipKey, limitReached, type LimiterName } from './store'

/**
 * The rate-limit policies actions and routes name, each with its counter and
 * the error a refused caller sees. The counters themselves (points, windows)
 * are in lib/limits/store.ts; the emailed-code send limits, which depend on the
 * browser's standing, are in lib/limits/email-code.ts; the OpenID Connect
 * provider's, per endpoint and app, in lib/limits/oidc.ts.
 */
const policies = {
  // Checking a code or link from an email, per network.
  'verify-per-ip': { limiter: 'verifyPerIp', subject: 'network', error: 'rate_limited_verify' },
  // The steps of recovery after the email: per network, and per proven address.
  'recovery-per-ip': { limiter: 'verifyPerIp', subject: 'network', error: 'rate_limited_recovery' },
  'recovery-per-account': { limiter: 'recoveryFactorPerAccount', subject: 'address', error: 'rate_limited_recovery' },
  // Failed passkey sign-ins per network: counted only on failure, checked before giving options.
  'passkey-failures-per-ip': { limiter: 'passkeyFailuresPerIp', subject: 'network', error: 'rate_limited_passkey' },
  // SCIM: per client, and refused tokens per network.
  'scim-per-client': { limiter: 'scimPerClient', subject: 'client', error: 'rate_limited_scim' },
  'scim-refused-per-ip': { limiter: 'scimRefusedPerIp', subject: 'network', error: 'rate_limited_scim' },
  // The email provider's webhooks: unsigned or forged posts per network.
  'webhook-refused-per-ip': { limiter: 'webhookRefusedPerIp', subject: 'network', error: 'rate_limited_webhook' },
  // Shared Signals stream management: per app, and refused credentials per network (answered in its own JSON).
  'ssf-per-client': { limiter: 'ssfPerClient', subject: 'client', error: 'rate_limited_webhook' },
  'ssf-refused-per-ip': { limiter: 'ssfRefusedPerIp', subject: 'network', error: 'rate_limited_webhook' },
} as const satisfies Record<string, { limiter: LimiterName; subject: 'network' | 'address' | 'client'; error: ErrorCode }>

export type LimitPolicy = keyof typeof policies

/** What a policy counts: the caller's network, an email address (hashed before it is stored), or a named API client. */
export type LimitSubject = { ipAddress: string | null } | { email: string } | { client: string }

function keyFor(policy: LimitPolicy, subject: LimitSubject): string {
  const expected = policies[policy].subject
  if (expected === 'network' && 'ipAddress' in subject) return ipKey(subject.ipAddress)
  if (expected === 'address' && 'email' in subject) return emailKey(subject.email)
  if (expected === 'client' && 'client' in subject) return subject.client
  throw new Error(`Limit ${policy} counts per ${expected}`)
}

/** Counts one attempt; returns when to retry if the policy's limit is used up, otherwise null. */
export function countAttempt(policy: LimitPolicy, subject: LimitSubject): Promise<Date | null> {
  return limitReached(policies[policy].limiter, keyFor(policy, subject))
}

/** Whether the policy's limit is used up, without counting an attempt. */
export function limitUsedUp(policy: LimitPolicy, subject: LimitSubject): Promise<Date | null> {
  return blockedUntil(policies[policy].limiter, keyFor(policy, subject))
}

export function limitError(policy: LimitPolicy): ErrorCode {
  return policies[policy].error
}

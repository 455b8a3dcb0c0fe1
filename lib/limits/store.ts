import 'server-only'
import { createHash } from 'node:crypto'
import { RateLimiterPrisma, RateLimiterRes } from 'rate-limiter-flexible'
import { db } from '../db'
import { metrics } from '../ops/metrics'

type StoredCounter = { points: number; expire: number | null }
/** A RateLimit row as a raw statement returns it (integers may come back as bigint). */
export type CounterRow = { points: number | bigint; expire: number | bigint | null }

function toCounter(row: CounterRow | undefined): StoredCounter | null {
  if (!row) return null
  return { points: Number(row.points), expire: row.expire === null ? null : Number(row.expire) }
}

/**
 * rate-limiter-flexible on the portal's own database (the RateLimit table, in
 * both providers' migrations), so limits hold across every app instance.
 * The library's Prisma store spends two statements per point (delete the
 * expired row, then upsert); this keeps its limiter logic and replaces the
 * storage calls with a single atomic upsert, which keeps a sign-in within its
 * SQL budget. The database client is looked up per call, not at import.
 */
export class DatabaseRateLimiter extends RateLimiterPrisma {
  constructor(options: { keyPrefix: string; points: number; duration: number }) {
    super({ ...options, storeClient: { lazy: true }, clearExpiredByTimeout: false })
  }

  async _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<StoredCounter> {
    const now = Date.now()
    const expire = msDuration > 0 ? now + msDuration : null
    // An expired window restarts at `points`; a live one is incremented in the database, so concurrent calls all count.
    const rows = forceExpire
      ? await db().$queryRaw<CounterRow[]>`
          INSERT INTO "RateLimit" ("key", "points", "expire") VALUES (${key}, ${points}, ${expire})
          ON CONFLICT ("key") DO UPDATE SET "points" = excluded."points", "expire" = excluded."expire"
          RETURNING "points", "expire"`
      : await db().$queryRaw<CounterRow[]>`
          INSERT INTO "RateLimit" ("key", "points", "expire") VALUES (${key}, ${points}, ${expire})
          ON CONFLICT ("key") DO UPDATE SET
            "points" = CASE WHEN "RateLimit"."expire" IS NOT NULL AND "RateLimit"."expire" <= ${now}
                            THEN excluded."points" ELSE "RateLimit"."points" + excluded."points" END,
            "expire" = CASE WHEN "RateLimit"."expire" IS NOT NULL AND "RateLimit"."expire" <= ${now}
                            THEN excluded."expire" ELSE "RateLimit"."expire" END
          RETURNING "points", "expire"`
    return toCounter(rows[0])!
  }

  async _get(key: string): Promise<StoredCounter | null> {
    const row = await db().rateLimit.findUnique({ where: { key }, select: { points: true, expire: true } })
    const counter = toCounter(row ?? undefined)
    return counter && (counter.expire === null || counter.expire > Date.now()) ? counter : null
  }

  async _delete(key: string): Promise<boolean> {
    const { count } = await db().rateLimit.deleteMany({ where: { key } })
    return count > 0
  }

  _getRateLimiterRes(_key: string, changedPoints: number, counter: StoredCounter): RateLimiterRes {
    return new RateLimiterRes(
      Math.max(this.points - counter.points, 0),
      counter.expire === null ? -1 : Math.max(counter.expire - Date.now(), 0),
      counter.points,
      counter.points === changedPoints,
    )
  }
}

const MINUTE = 60
/** A streak never runs out by itself: it ends with a successful sign-in. */
export const STREAK_SECONDS = 10 * 365 * 24 * 3600

/** The limits of sign-in. Keys for addresses are hashed so the table holds no email addresses. */
const limiters = {
  sendPerEmail: new DatabaseRateLimiter({ keyPrefix: 'send-email', points: 5, duration: 15 * MINUTE }),
  sendPerIp: new DatabaseRateLimiter({ keyPrefix: 'send-ip', points: 30, duration: 15 * MINUTE }),
  verifyPerIp: new DatabaseRateLimiter({ keyPrefix: 'verify-ip', points: 60, duration: 15 * MINUTE }),
  // Wrong codes per address, purpose and browser standing (lib/limits/email-code.ts): 20 an hour.
  codeFailuresPerAccount: new DatabaseRateLimiter({ keyPrefix: 'code-failures', points: 20, duration: 60 * MINUTE }),
  // Consecutive wrong sign-in codes from browsers new to the account, whatever the hour (NIST SP 800-63B-4: at most 100).
  codeFailureStreak: new DatabaseRateLimiter({ keyPrefix: 'code-streak', points: 100, duration: STREAK_SECONDS }),
  // Text-message codes (lib/limits/sms.ts): each text costs money and SMS fraud pays per text, so the limits are
  // lower than email's: per number and standing, and per network. Unknown numbers are counted alike.
  smsPerNumber: new DatabaseRateLimiter({ keyPrefix: 'sms-number', points: 3, duration: 15 * MINUTE }),
  smsPerIp: new DatabaseRateLimiter({ keyPrefix: 'sms-ip', points: 10, duration: 60 * MINUTE }),
  // Numbers an account may try to prove in a day: each proof texts a number the person typed.
  smsProofsPerAccount: new DatabaseRateLimiter({ keyPrefix: 'sms-proofs', points: 5, duration: 24 * 60 * MINUTE }),
  // Recovery's second step (recovery code or authenticator app), per proven address: ten tries an hour.
  recoveryFactorPerAccount: new DatabaseRateLimiter({ keyPrefix: 'recovery-factor', points: 10, duration: 60 * MINUTE }),
  // Failed passkey sign-ins per network; past it, no more sign-in options from there. Counted only on failure,
  // so showing /sign-in (autofill asks for options on every view) and signing in write no counter.
  passkeyFailuresPerIp: new DatabaseRateLimiter({ keyPrefix: 'passkey-fail-ip', points: 100, duration: 15 * MINUTE }),
  // SCIM requests per client (its token's name): a directory syncing 100,000 people pages through them in minutes.
  scimPerClient: new DatabaseRateLimiter({ keyPrefix: 'scim-client', points: 1200, duration: MINUTE }),
  // Requests with a missing or wrong SCIM token, per network: counted only on refusal, so they cannot crowd out the real client.
  scimRefusedPerIp: new DatabaseRateLimiter({ keyPrefix: 'scim-refused-ip', points: 30, duration: 15 * MINUTE }),
  // Webhook posts with a missing or wrong signature, per network: counted only on refusal, like SCIM's.
  webhookRefusedPerIp: new DatabaseRateLimiter({ keyPrefix: 'webhook-refused-ip', points: 30, duration: 15 * MINUTE }),
  // An app managing its security event stream: a handful of calls a day; 60 a minute leaves room for a test run.
  ssfPerClient: new DatabaseRateLimiter({ keyPrefix: 'ssf-client', points: 60, duration: MINUTE }),
  // Stream management calls with missing or wrong app credentials, per network: counted only on refusal.
  ssfRefusedPerIp: new DatabaseRateLimiter({ keyPrefix: 'ssf-refused-ip', points: 30, duration: 15 * MINUTE }),
}

export type LimiterName = keyof typeof limiters

/** Thrown when a limit is reached; `retryAt` is when the next attempt will be accepted. */
export class RateLimitedError extends Error {
  constructor(
    readonly limiter: LimiterName,
    readonly retryAt: Date,
  ) {
    super(`Rate limit ${limiter} reached`)
    this.name = 'RateLimitedError'
  }
}

export function emailKey(email: string): string {
  return createHash('sha256').update(email).digest('hex')
}

export function ipKey(ipAddress: string | null): string {
  return ipAddress ?? 'unknown'
}

/** Counts one attempt; throws RateLimitedError once the limit is passed. Returns what is left of the window. */
export async function consume(name: LimiterName, key: string, points = 1): Promise<{ remaining: number; resetAt: Date }> {
  try {
    const state = await limiters[name].consume(key, points)
    return { remaining: state.remainingPoints, resetAt: new Date(Date.now() + state.msBeforeNext) }
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      metrics().rateLimited.inc({ policy: name })
      throw new RateLimitedError(name, new Date(Date.now() + error.msBeforeNext))
    }
    throw error
  }
}

/**
 * Counts one attempt against each of two limits in one statement (a
 * multi-row upsert, the same arithmetic as DatabaseRateLimiter._upsert): the
 * send limits of an emailed code, per network and per address, cost one
 * statement instead of two. Both are counted whatever the other answers.
 * Returns when to retry if either is used up (the later time), otherwise null.
 */
export async function limitsReached(first: [LimiterName, string], second: [LimiterName, string]): Promise<Date | null> {
  const now = Date.now()
  const [a, b] = [first, second].map(([name, key]) => ({ name, key: limiters[name].getKey(key), expire: now + limiters[name].duration * 1000 }))
  if (a!.key === b!.key) throw new Error('limitsReached counts two different keys')
  const rows = await db().$queryRaw<(CounterRow & { key: string })[]>`
    INSERT INTO "RateLimit" ("key", "points", "expire") VALUES (${a!.key}, 1, ${a!.expire}), (${b!.key}, 1, ${b!.expire})
    ON CONFLICT ("key") DO UPDATE SET
      "points" = CASE WHEN "RateLimit"."expire" IS NOT NULL AND "RateLimit"."expire" <= ${now}
                      THEN excluded."points" ELSE "RateLimit"."points" + excluded."points" END,
      "expire" = CASE WHEN "RateLimit"."expire" IS NOT NULL AND "RateLimit"."expire" <= ${now}
                      THEN excluded."expire" ELSE "RateLimit"."expire" END
    RETURNING "key", "points", "expire"`
  let retryAt: Date | null = null
  for (const { name, key } of [a!, b!]) {
    const counter = toCounter(rows.find((row) => row.key === key))
    if (!counter) throw new Error(`the ${name} counter was not returned`)
    if (counter.points <= limiters[name].points) continue
    metrics().rateLimited.inc({ policy: name })
    const until = new Date(counter.expire ?? now)
    if (!retryAt || until > retryAt) retryAt = until
  }
  return retryAt
}

/** The key a limiter's counter is stored under, for a statement that reads it along with other rows. */
export function storedKey(name: LimiterName, key: string): string {
  return limiters[name].getKey(key)
}

/** blockedUntil() for a counter row already read (null: there is none), as the limiter would answer it. */
export function blockedUntilFrom(name: LimiterName, row: CounterRow | null): Date | null {
  const now = Date.now()
  const counter = toCounter(row ?? undefined)
  if (!counter || (counter.expire !== null && counter.expire <= now) || counter.points < limiters[name].points) return null
  metrics().rateLimited.inc({ policy: name })
  return new Date(counter.expire === null ? now - 1 : counter.expire)
}

/** Whether a key has used up its limit, without counting an attempt; returns when it may try again. */
export async function blockedUntil(name: LimiterName, key: string): Promise<Date | null> {
  const state = await limiters[name].get(key)
  if (!state || state.consumedPoints < limiters[name].points) return null
  metrics().rateLimited.inc({ policy: name })
  return new Date(Date.now() + state.msBeforeNext)
}

/** Counts one attempt; returns when to retry if the limit is passed, otherwise null. */
export async function limitReached(name: LimiterName, key: string): Promise<Date | null> {
  try {
    await consume(name, key)
    return null
  } catch (error) {
    if (error instanceof RateLimitedError) return error.retryAt
    throw error
  }
}

/** The counter's state without counting: points used and when its window ends (null when there is none). */
export async function peek(name: LimiterName, key: string): Promise<{ points: number; resetAt: Date } | null> {
  const state = await limiters[name].get(key)
  return state ? { points: state.consumedPoints, resetAt: new Date(Date.now() + state.msBeforeNext) } : null
}

/** Blocks a key for `seconds`, whatever its count. */
export async function block(name: LimiterName, key: string, seconds: number): Promise<void> {
  await limiters[name].block(key, seconds)
}

/** Forgets a key's count. */
export async function reset(name: LimiterName, key: string): Promise<void> {
  await limiters[name].delete(key)
}

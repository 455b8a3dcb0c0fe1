import 'server-only'
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { AuditEventType, AuditResult } from '../audit/vocabulary'

/**
 * The Prometheus series the portal exposes at /metrics (docs/operations.md).
 * Labels are closed sets: route patterns, event types and reasons from the
 * audit vocabulary, sign-in methods, limiter names. Never a person, an
 * address or a path with an id in it.
 */
function createMetrics() {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'portal_' })
  const registers = [registry]
  return {
    registry,
    httpRequestDuration: new Histogram({
      name: 'portal_http_request_duration_seconds',
      help: 'HTTP requests by route pattern, method and status class, from arrival to the last byte',
      labelNames: ['route', 'method', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    databaseQueryDuration: new Histogram({
      name: 'portal_db_query_duration_seconds',
      help: 'Database operations by model and operation (raw SQL as model "raw")',
      labelNames: ['model', 'operation', 'outcome'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    }),
    signIns: new Counter({
      name: 'portal_sign_ins_total',
      help: 'Sign-ins by method and result',
      labelNames: ['method', 'result'] as const,
      registers,
    }),
    stepUps: new Counter({
      name: 'portal_step_ups_total',
      help: 'Step-ups (proving presence again for a sensitive action) by method and result',
      labelNames: ['method', 'result'] as const,
      registers,
    }),
    recoveries: new Counter({
      name: 'portal_recoveries_total',
      help: 'Account recovery: self-service started and completed, helpdesk access codes issued and used',
      labelNames: ['stage'] as const,
      registers,
    }),
    emailSent: new Counter({
      name: 'portal_email_sent_total',
      help: 'Emails handed to the provider (or the dev mailbox)',
      labelNames: ['transport'] as const,
      registers,
    }),
    emailFailed: new Counter({
      name: 'portal_email_failed_total',
      help: 'Emails that could not be sent, by cause: timeout, refused, unreachable, circuit_open',
      labelNames: ['cause'] as const,
      registers,
    }),
    emailEvents: new Counter({
      name: 'portal_email_delivery_events_total',
      help: "The email provider's delivery events applied, by status: sent, delayed, delivered, bounced, complained, failed, suppressed",
      labelNames: ['status'] as const,
      registers,
    }),
    rateLimited: new Counter({
      name: 'portal_rate_limit_refusals_total',
      help: 'Requests refused by a rate limit, by limit',
      labelNames: ['policy'] as const,
      registers,
    }),
    securityEvents: new Counter({
      name: 'portal_security_events_total',
      help: 'Every event written to the audit log, by type and result',
      labelNames: ['type', 'result'] as const,
      registers,
    }),
    metadataRefreshes: new Counter({
      name: 'portal_authenticator_metadata_refresh_total',
      help: 'FIDO metadata BLOB refreshes by outcome: loaded, unchanged, fetch_failed, signature_invalid, malformed, not_newer',
      labelNames: ['outcome'] as const,
      registers,
    }),
    smsSent: new Counter({
      name: 'portal_sms_sent_total',
      help: 'Text messages with codes by outcome: sent, refused (the provider said no), unreachable',
      labelNames: ['outcome'] as const,
      registers,
    }),
    databaseUnavailable: new Counter({
      name: 'portal_db_unavailable_total',
      help: 'Requests answered 503 because the database could not be reached',
      registers,
    }),
  }
}

export type PortalMetrics = ReturnType<typeof createMetrics>

/** The portal's server and Next.js's bundle each load this module; both count into one registry. */
const KEY = Symbol.for('passkey-portal.metrics')
const holder = globalThis as unknown as Record<typeof KEY, PortalMetrics | undefined>

export function metrics(): PortalMetrics {
  holder[KEY] ??= createMetrics()
  return holder[KEY]
}

const RECOVERY_STAGES: Partial<Record<AuditEventType, string>> = {
  recovery_requested: 'self_service_started',
  account_recovered: 'completed',
  access_code_issued: 'access_code_issued',
  access_code_used: 'access_code_used',
}

/** Methods are a short closed set in the data model; anything else is counted as "other" rather than becoming a label. */
const methodLabel = (method: string | null | undefined) => (method && /^[a-z_]{1,24}$/.test(method) ? method : 'none')

/** Counts an audit event into the series derived from it (called by recordEvent). */
export function countEvent(event: { type: AuditEventType; result: AuditResult; method?: string | null }): void {
  const series = metrics()
  series.securityEvents.inc({ type: event.type, result: event.result })
  if (event.type === 'sign_in') series.signIns.inc({ method: methodLabel(event.method), result: event.result })
  if (event.type === 'step_up') series.stepUps.inc({ method: methodLabel(event.method), result: event.result })
  const stage = RECOVERY_STAGES[event.type]
  if (stage && event.result === 'success') series.recoveries.inc({ stage })
}

import 'server-only'
import { z } from 'zod'
import { safeTimeZone } from '../auth/email-sign-in'

/** The browser's time zone from a hidden field, so emails can say "expires at 14:32" in local time; UTC when missing or unknown. */
export const timeZoneField = z.string().max(64).optional().transform((value) => safeTimeZone(value))

/** A 6-digit emailed code as people paste it: spaces or a dash in the middle are forgiven. */
export const emailedCodeField = z
  .string({ error: 'code_format' })
  .max(32, 'code_format')
  .transform((value) => value.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'code_format'))

import { expect } from '@playwright/test'
import type { CapturedEmail } from './resend-server'
import { RESEND_URL } from './servers'

/** Every email the production server sent to `address` through the Resend loopback server. */
export async function emailsTo(address: string): Promise<CapturedEmail[]> {
  const response = await fetch(`${RESEND_URL}/__captured?to=${encodeURIComponent(address)}`)
  return (await response.json()) as CapturedEmail[]
}

/** Waits for the newest email to `address` whose subject matches. */
export async function latestEmailTo(address: string, subject: RegExp = /.*/): Promise<CapturedEmail> {
  let found: CapturedEmail | undefined
  await expect
    .poll(async () => {
      found = (await emailsTo(address)).filter((email) => subject.test(email.subject)).at(-1)
      return found !== undefined
    }, { message: `an email to ${address} matching ${subject}` })
    .toBe(true)
  return found!
}

/** Makes the loopback server answer the next `count` sends with `status`. */
export async function failNextEmails(status: number, count = 1): Promise<void> {
  await fetch(`${RESEND_URL}/__fail`, { method: 'POST', body: JSON.stringify({ status, count }) })
}

import { expect } from '@playwright/test'
import type { CapturedEmail } from './resend-server'
import { RESEND_URL } from './servers'

/** Every email the production server sent to `address` through the Resend loopback server. */
export async function emailsTo(address: string): Promise<CapturedEmail[]> {
  const response = await fetch(`${RESEND_URL}/__captured?to=${encodeURIComponent(address)}`)
  return (await response.json()) as CapturedEmail[]
}

/** Waits for the newest email to `address` whose subject matches and whose text contains `containing`. */
export async function latestEmailTo(address: string, subject: RegExp = /.*/, containing = ''): Promise<CapturedEmail> {
  let found: CapturedEmail | undefined
  await expect
    .poll(
      async () => {
        found = (await emailsTo(address)).filter((email) => subject.test(email.subject) && email.text.includes(containing)).at(-1)
        return found !== undefined
      },
      { message: `an email to ${address} matching ${subject}` },
    )
    .toBe(true)
  return found!
}

/** Makes the loopback server answer the next `count` sends (to `to` only, when given) with `status`. */
export async function failNextEmails(status: number | 'hang', count = 1, to?: string): Promise<void> {
  await fetch(`${RESEND_URL}/__fail`, { method: 'POST', body: JSON.stringify({ status, count, to }) })
}

/** The code and link of the newest sign-in email to `address`. */
export async function signInEmailTo(address: string, after = 0): Promise<{ code: string; link: string }> {
  let found: { code: string; link: string } | undefined
  await expect
    .poll(
      async () => {
        const emails = (await emailsTo(address)).filter((email) => email.subject.startsWith('Sign in to'))
        const email = emails.length > after ? emails.at(-1) : undefined
        const code = email?.text.match(/\b(\d{6})\b/)?.[1]
        const link = email?.text.match(/(https?:\/\/\S+\/sign-in\/link\?token=[A-Za-z0-9_-]+)/)?.[1]
        found = code && link ? { code, link } : undefined
        return found !== undefined
      },
      { message: `sign-in email number ${after + 1} to ${address}` },
    )
    .toBe(true)
  return found!
}

/** The 6-digit code of the newest email to `address` whose subject matches (codes without a link: confirming, backup address, recovery). */
export async function emailedCodeTo(address: string, subject: RegExp): Promise<string> {
  const email = await latestEmailTo(address, subject)
  const code = email.text.match(/\b(\d{6})\b/)?.[1]
  if (!code) throw new Error(`no code in "${email.subject}"`)
  return code
}

/** Has the loopback server report the newest email to `address` as Resend would (a signed webhook); returns the portal's answer. */
export async function reportDelivery(address: string, type: 'email.delivered' | 'email.delivery_delayed' | 'email.bounced'): Promise<number> {
  await latestEmailTo(address)
  const response = await fetch(`${RESEND_URL}/__event`, { method: 'POST', body: JSON.stringify({ to: address, type }) })
  return ((await response.json()) as { status: number }).status
}

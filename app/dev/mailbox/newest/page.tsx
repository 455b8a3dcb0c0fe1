import { notFound, redirect } from 'next/navigation'
import { mailboxRecipient, newestMailboxMessageId } from '@/lib/email/mailbox'
import { env } from '@/lib/env'

/**
 * GET ?to=…: opens the newest message to that address (the check-email
 * page's link in demo mode), or that address's messages, live, while none
 * has arrived yet. The mailbox is open to anyone where it exists, so the
 * address in the link shows nothing the list would not.
 */
export default async function NewestMailboxMessagePage({ searchParams }: { searchParams: Promise<{ to?: string | string[] }> }) {
  if (!env().devToolsEnabled) notFound()
  const raw = (await searchParams).to
  const to = mailboxRecipient(Array.isArray(raw) ? raw[0] : raw)
  const newest = to ? await newestMailboxMessageId(to) : null
  redirect(newest ? `/dev/mailbox/${newest}` : `/dev/mailbox${to ? `?${new URLSearchParams({ to })}` : ''}`)
}

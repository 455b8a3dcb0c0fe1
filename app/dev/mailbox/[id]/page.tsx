import Link from 'next/link'
import { notFound } from 'next/navigation'
import { Card } from '@/components/ui/card'
import { getMailboxMessage } from '@/lib/email/mailbox'
import { env } from '@/lib/env'
import { EmailFrame } from './_components/email-frame'

export const metadata = { title: 'Message' }

export default async function MailboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  if (!env().devToolsEnabled) notFound()
  const message = await getMailboxMessage((await params).id)
  if (!message) notFound()
  // Links open in a new tab; the frame's sandbox keeps the message from running scripts.
  const html = message.html.replace(/<head>/i, '<head><base target="_blank">')
  return (
    <main id="main">
      <Link href="/dev/mailbox" className="text-sm font-semibold text-indigo-600 underline-offset-4 hover:underline dark:text-indigo-400">
        ← All messages
      </Link>
      <h1 className="mt-3 text-2xl font-bold tracking-tight">{message.subject}</h1>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 text-sm text-zinc-600 dark:text-zinc-400">
        <dt>From</dt>
        <dd>{message.from}</dd>
        <dt>To</dt>
        <dd data-testid="mailbox-to">{message.to}</dd>
        <dt>Sent</dt>
        <dd>
          <time dateTime={message.createdAt.toISOString()}>{message.createdAt.toISOString()}</time>
        </dd>
      </dl>
      <h2 className="mb-2 mt-6 text-sm font-semibold">HTML</h2>
      <EmailFrame title={`Email: ${message.subject}`} html={html} />
      <h2 className="mb-2 mt-6 text-sm font-semibold">Plain text</h2>
      <Card>
        <pre className="whitespace-pre-wrap break-words font-mono text-sm" data-testid="mailbox-text">
          {message.text}
        </pre>
      </Card>
    </main>
  )
}

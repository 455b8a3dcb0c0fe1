import Link from 'next/link'
import { notFound } from 'next/navigation'
import { PageHeading } from '@/components/ui/card'
import { listMailboxMessages } from '@/lib/email/mailbox'
import { env } from '@/lib/env'

export const metadata = { title: 'Mailbox' }

const formatTime = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' })

export default async function MailboxPage() {
  if (!env().devToolsEnabled) notFound()
  const messages = await listMailboxMessages()
  return (
    <main id="main">
      <PageHeading title="Mailbox" description="Email the portal would have sent. Nothing here leaves this server." />
      {messages.length === 0 ? (
        <p className="rounded-xl border border-dashed border-zinc-300 p-8 text-center text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          No email yet. Sign in with an email address and the message appears here.
        </p>
      ) : (
        <ul className="divide-y divide-zinc-200 overflow-hidden rounded-xl border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
          {messages.map((message) => (
            <li key={message.id}>
              <Link href={`/dev/mailbox/${message.id}`} className="block px-4 py-3 hover:bg-zinc-50 dark:hover:bg-zinc-800/60">
                <span className="block font-medium">{message.subject}</span>
                <span className="mt-0.5 block text-sm text-zinc-600 dark:text-zinc-400">
                  To {message.to} · <time dateTime={message.createdAt.toISOString()}>{formatTime.format(message.createdAt)} UTC</time>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </main>
  )
}

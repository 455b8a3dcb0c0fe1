import Link from 'next/link'
import { notFound } from 'next/navigation'
import { getFormatter, getTranslations } from 'next-intl/server'
import { Button } from '@/components/ui/button'
import { Card, PageHeading } from '@/components/ui/card'
import { TextField } from '@/components/ui/field'
import { listMailboxMessages, mailboxRecipient } from '@/lib/email/mailbox'
import { env } from '@/lib/env'
import { LiveUpdates } from './_components/live-updates'
import { data } from '@/components/ui/data'

export async function generateMetadata() {
  const t = await getTranslations('demo.mailbox')
  return { title: t('title') }
}

/** The messages the portal would have sent, newest first, all or one recipient's (?to=, a GET form), kept current while open. */
export default async function MailboxPage({ searchParams }: { searchParams: Promise<{ to?: string | string[] }> }) {
  if (!env().devToolsEnabled) notFound()
  const raw = (await searchParams).to
  const to = mailboxRecipient(Array.isArray(raw) ? raw[0] : raw)
  const [messages, t, format] = await Promise.all([listMailboxMessages({ to }), getTranslations('demo.mailbox'), getFormatter()])
  return (
    <main id="main">
      <PageHeading title={t('title')} description={t('description')} />
      <Card className="mb-4">
        <form method="get" role="search" aria-label={t('filter.label')} className="flex flex-wrap items-end gap-3">
          <TextField
            id="to"
            name="to"
            type="search"
            inputMode="email"
            autoComplete="off"
            spellCheck={false}
            maxLength={254}
            label={t('filter.recipient')}
            defaultValue={to ?? ''}
            className="min-w-0 grow basis-64"
          />
          <Button type="submit" variant="secondary">
            {t('filter.show')}
          </Button>
          {to ? (
            <Link href="/dev/mailbox" className="py-2 text-sm font-semibold text-indigo-700 underline-offset-4 hover:underline dark:text-indigo-300">
              {t('filter.all')}
            </Link>
          ) : null}
        </form>
      </Card>
      <LiveUpdates to={to} newest={messages[0]?.id ?? null} arrived={t('arrived')} />
      {messages.length === 0 ? (
        <p className="rounded-xl border border-dashed border-zinc-300 p-8 text-center text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          {to ? t('emptyFor', { address: to }) : t('empty')}
        </p>
      ) : (
        <ul
          aria-label={to ? t('listFor', { address: to }) : t('list')}
          className="divide-y divide-zinc-200 overflow-hidden rounded-xl border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900"
        >
          {messages.map((message) => (
            <li key={message.id}>
              <Link href={`/dev/mailbox/${message.id}`} className="block px-4 py-3 hover:bg-zinc-50 dark:hover:bg-zinc-800/60">
                {/* A message's subject is in its recipient's language: data here, not this page's words. */}
                <span className="block font-medium" translate="no">
                  {message.subject}
                </span>
                <span className="mt-0.5 block text-sm break-words text-zinc-600 dark:text-zinc-400">
                  {t.rich('sentTo', {
                    address: message.to,
                    at: format.dateTime(message.createdAt, 'precise'),
                    recipient: data,
                    time: (chunks) => (
                      <time dateTime={message.createdAt.toISOString()} translate="no" className="whitespace-nowrap">
                        {chunks}
                      </time>
                    ),
                  })}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </main>
  )
}

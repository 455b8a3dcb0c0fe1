import Link from 'next/link'
import { notFound } from 'next/navigation'
import { getTranslations } from 'next-intl/server'
import { Time } from '@/components/time'
import { Card } from '@/components/ui/card'
import { getMailboxMessage } from '@/lib/email/mailbox'
import { env } from '@/lib/env'
import { EmailFrame } from './_components/email-frame'

export async function generateMetadata() {
  const t = await getTranslations('demo.mailbox.message')
  return { title: t('title') }
}

export default async function MailboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  if (!env().devToolsEnabled) notFound()
  const message = await getMailboxMessage((await params).id)
  if (!message) notFound()
  const t = await getTranslations('demo.mailbox.message')
  // Links open in a new tab; the frame's sandbox keeps the message from running scripts.
  const html = message.html.replace(/<head>/i, '<head><base target="_blank">')
  // The message itself (subject, addresses, body) is in its recipient's language: data on this page, never translated.
  return (
    <main id="main">
      <Link href="/dev/mailbox" className="text-sm font-semibold text-indigo-600 underline-offset-4 hover:underline dark:text-indigo-400">
        {t('back')}
      </Link>
      <h1 className="mt-3 text-2xl font-bold tracking-tight" translate="no">
        {message.subject}
      </h1>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 text-sm text-zinc-600 dark:text-zinc-400">
        <dt>{t('from')}</dt>
        <dd translate="no">{message.from}</dd>
        <dt>{t('to')}</dt>
        <dd data-testid="mailbox-to" translate="no">
          {message.to}
        </dd>
        <dt>{t('sent')}</dt>
        <dd translate="no">
          <Time at={message.createdAt} format="precise" />
        </dd>
      </dl>
      <h2 className="mt-6 mb-2 text-sm font-semibold">{t('html')}</h2>
      <div translate="no">
        <EmailFrame title={t('frame', { subject: message.subject })} html={html} />
      </div>
      <h2 className="mt-6 mb-2 text-sm font-semibold">{t('text')}</h2>
      <Card>
        <pre className="font-mono text-sm break-words whitespace-pre-wrap" data-testid="mailbox-text" translate="no">
          {message.text}
        </pre>
      </Card>
    </main>
  )
}

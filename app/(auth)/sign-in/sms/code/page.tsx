import { cookies } from 'next/headers'
import { redirect } from 'next/navigation'
import { getFormatter, getLocale, getTranslations } from 'next-intl/server'
import { CodeForm } from '@/app/(auth)/sign-in/_components/code-form'
import { ResendForm } from '@/app/(auth)/sign-in/_components/resend-form'
import { sentTags } from '@/app/(auth)/sign-in/_components/sent-tags'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { SLOT } from '@/components/ui/slot'
import { requireAnonymous } from '@/lib/auth/dal'
import { TEXT_CODE_MINUTES, textRequestCookie } from '@/lib/sms/challenge'
import { maskPhoneNumber } from '@/lib/sms/phone-number'
import { pendingTextSignIn } from '@/lib/sms/sign-in'
import { resendTextAction, startTextOverAction, verifyTextAction } from '../actions'

export async function generateMetadata() {
  const t = await getTranslations('signIn.smsCode')
  return { title: t('title') }
}

/** The screen every "Text me a code" leads to, whether or not the number can sign in. */
export default async function TextCodePage() {
  await requireAnonymous()
  const pending = await pendingTextSignIn((await cookies()).get(textRequestCookie('sign_in').name)?.value)
  if (!pending) redirect('/sign-in/sms')
  const [t, format, locale] = await Promise.all([getTranslations('signIn.smsCode'), getFormatter(), getLocale()])
  const { validUntil } = pending
  return (
    <Card>
      <h1 className="text-2xl font-bold tracking-tight">{t('title')}</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">
        {t.rich('sentIfAllowed', {
          phone: maskPhoneNumber(pending.phone),
          minutes: TEXT_CODE_MINUTES,
          time: format.dateTime(validUntil, 'clock'),
          ...sentTags(validUntil),
        })}
      </p>
      <div className="mt-6">
        <CodeForm verify={verifyTextAction} labels={{ label: t('code.label'), hint: t('code.hint'), submit: t('code.submit'), pending: t('code.pending') }} />
      </div>
      <hr className="my-6 border-zinc-200 dark:border-zinc-800" />
      <ResendForm
        resend={resendTextAction}
        availableAt={pending.resendAt.toISOString()}
        locale={locale}
        labels={{ submit: t('resend.submit'), pending: t('resend.pending'), cooldown: t('resend.cooldown', { seconds: SLOT }), help: t('resend.help') }}
      />
      <form action={startTextOverAction} className="mt-3">
        <Button type="submit" variant="ghost" className="w-full">
          {t('startOver')}
        </Button>
      </form>
    </Card>
  )
}

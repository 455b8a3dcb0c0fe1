import 'server-only'
import type { ReactNode } from 'react'
import { getTranslations } from 'next-intl/server'
import type { RecoveryCodesLabels } from './recovery-codes-panel'

/** The recovery-codes panel's words in the reader's language; `remaining` is how many codes a new set would replace. */
export async function recoveryCodesLabels(remaining: number): Promise<RecoveryCodesLabels> {
  const t = await getTranslations('recovery.codes')
  return {
    runningOut: t('runningOut'),
    create: t('create'),
    makeNew: t('makeNew'),
    making: t('making'),
    replaceWarning: t('replaceWarning', { count: remaining }),
    saveNow: t('saveNow'),
    earlierStopped: t('earlierStopped'),
    listLabel: t('listLabel'),
    copy: t('copy'),
    copied: t('copied'),
    copiedAnnouncement: t('copiedAnnouncement'),
    download: t('download'),
    print: t('print'),
  }
}

/** The `<time>` tag of a message, around a time the message formats in the reader's zone (a date, not ours to translate). */
export function timeTag(at: Date): (chunks: ReactNode) => ReactNode {
  return function TimeTag(chunks) {
    return (
      <time dateTime={at.toISOString()} translate="no" className="whitespace-nowrap">
        {chunks}
      </time>
    )
  }
}

/** The `<email>` tag of a message, around an address: data, read left to right in every language. */
export function emailTag(chunks: ReactNode): ReactNode {
  return (
    <span className="font-medium break-all" dir="ltr" translate="no">
      {chunks}
    </span>
  )
}

/** The `<number>` tag of a message, around a masked phone number: data, read left to right in every language. */
export function phoneTag(chunks: ReactNode): ReactNode {
  return (
    <span className="font-medium whitespace-nowrap" dir="ltr" translate="no">
      {chunks}
    </span>
  )
}

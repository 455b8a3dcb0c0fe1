import 'server-only'
import { getTranslations } from 'next-intl/server'
import type { InviteLabels } from './invite-forms'

/** The invitation forms' words (they run in the browser, without the catalogue). */
export async function inviteLabels(): Promise<InviteLabels> {
  const t = await getTranslations('admin.invite')
  return {
    email: t('email'),
    name: t('name'),
    group: t('group'),
    send: t('send'),
    inviting: t('inviting'),
    file: t('file'),
    fileGroup: t('fileGroup'),
    fromFile: t('fromFile'),
    resultsCaption: t('resultsCaption'),
    line: t('line'),
    address: t('address'),
    result: t('result'),
    until: t('until'),
    results: {
      invited: t('results.invited'),
      reinvited: t('results.reinvited'),
      already_member: t('results.already_member'),
      invalid_address: t('results.invalid_address'),
      unknown_group: t('results.unknown_group'),
    },
  }
}

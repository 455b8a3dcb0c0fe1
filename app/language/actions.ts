'use server'

import { redirect } from 'next/navigation'
import { z } from 'zod'
import { chooseLanguage } from '@/lib/account/preferences'
import { defineAction } from '@/lib/actions/pipeline'
import { LOCALES } from '@/lib/i18n/locales'
import type { ActionState } from '@/lib/web/action-state'
import { returnPathField } from '@/lib/web/form-fields'

const languageForm = { fields: { locale: {}, returnTo: {} }, schema: z.object({ locale: z.enum(LOCALES), returnTo: returnPathField }) }

/** The sign-in page's language switcher (components/language-switcher.tsx): this browser only; back to the page it was on. */
export const chooseLanguageAction = defineAction({ guard: 'public', ...languageForm }, async ({ data, ctx }): Promise<ActionState> => {
  await chooseLanguage({ locale: data.locale }, null, ctx)
  redirect(data.returnTo ?? '/')
})

/** The profile's switcher: this browser and the account, so emails follow the choice. */
export const saveLanguageAction = defineAction({ guard: 'session', ...languageForm }, async ({ data, session, ctx }): Promise<ActionState> => {
  await chooseLanguage({ locale: data.locale }, session, ctx)
  redirect(data.returnTo ?? '/account/profile')
})

import { getLocale, getTranslations } from 'next-intl/server'
import { buttonClasses } from '@/components/ui/button'
import { LOCALE_NAMES, LOCALES } from '@/lib/i18n/locales'

/**
 * The language picker of the sign-in page and the profile: a plain form, so
 * it works without JavaScript, with a visible label and a button of its own
 * (a keyboard never changes the page by moving through the choices).
 * `action` is the page's bound server action (app/language/actions.ts); it
 * comes back to `returnTo`. `compact` puts the label beside the choice and
 * the form at the end of its line, for the top of a page; it wraps at 360 px.
 */
export async function LanguageSwitcher({
  action,
  returnTo,
  id = 'language',
  compact = false,
}: {
  action: (form: FormData) => Promise<unknown>
  returnTo: string
  id?: string
  compact?: boolean
}) {
  const [locale, t] = await Promise.all([getLocale(), getTranslations('common.language')])
  return (
    <form
      action={action as (form: FormData) => Promise<void>}
      className={compact ? 'flex flex-wrap items-center justify-end gap-2' : 'flex flex-wrap items-end gap-2'}
    >
      <input type="hidden" name="returnTo" value={returnTo} />
      <div className={compact ? 'flex items-center gap-2' : undefined}>
        <label htmlFor={id} className="block text-sm font-medium">
          {t('label')}
        </label>
        <select
          id={id}
          name="locale"
          defaultValue={locale}
          translate="no"
          className={`${compact ? '' : 'mt-1 '}min-h-10 rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 dark:border-zinc-700 dark:bg-zinc-900`}
        >
          {LOCALES.map((option) => (
            <option key={option} value={option} lang={option} dir="auto">
              {LOCALE_NAMES[option]}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className={buttonClasses('secondary')}>
        {t('submit')}
      </button>
    </form>
  )
}

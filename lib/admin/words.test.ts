import { describe, expect, it } from 'vitest'
import { LOCALES } from '../i18n/locales'
import { translatorFor } from '../i18n/translator'

describe('the admin pages’ buttons named for what they act on', () => {
  // WCAG 2.5.3 (label in name): a button showing "Replace secret" whose accessible name is
  // "Replace secret for Acme Expenses" can be found by speech input saying what it shows.
  it.each(LOCALES)('%s: each accessible name contains the words the button shows', (locale) => {
    const { t } = translatorFor(locale, 'UTC')
    const pairs: [string, string][] = [
      [t('admin.apps.form.replaceSecret'), t('admin.apps.form.replaceSecretFor', { name: 'Acme Expenses' })],
      [t('admin.apps.form.turnOff'), t('admin.apps.form.turnOffNamed', { name: 'Acme Expenses' })],
      [t('admin.person.actions.revoke'), t('admin.person.actions.revokeNamed', { name: 'Work laptop' })],
    ]
    for (const [shown, named] of pairs) {
      expect(named.toLocaleLowerCase(locale)).toContain(shown.toLocaleLowerCase(locale))
    }
  })
})

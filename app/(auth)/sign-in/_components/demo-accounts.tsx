import { getTranslations } from 'next-intl/server'
import { demoSignInAction } from '@/app/(auth)/sign-in/actions'
import type { DemoAccount } from '@/lib/demo/accounts'

/** Each panel account's role, by its id (lib/demo/accounts.ts). */
const ROLES: Record<string, 'administrator' | 'helpdesk' | 'employee' | 'contractor' | 'customer'> = {
  'demo-person-001': 'administrator',
  'demo-person-003': 'helpdesk',
  'demo-person-007': 'employee',
  'demo-person-127': 'contractor',
  'demo-person-157': 'customer',
}

/** Demo mode only: one press signs in as a person of the demo organisation. Plain forms, no JavaScript needed. */
export async function DemoAccounts({ accounts, returnTo }: { accounts: DemoAccount[]; returnTo: string | null }) {
  const t = await getTranslations('signIn.demoAccounts')
  // A plain form ignores what the action returns (it redirects when it signs in); React types form actions as returning nothing.
  const signIn = demoSignInAction.bind(null, { status: 'idle' }) as unknown as (form: FormData) => Promise<void>
  return (
    <section
      aria-labelledby="demo-accounts-heading"
      className="mt-6 rounded-xl border border-amber-300 bg-amber-50 p-4 dark:border-amber-500/40 dark:bg-amber-500/10"
    >
      <h2 id="demo-accounts-heading" className="font-semibold">
        {t('heading')}
      </h2>
      <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">{t('intro')}</p>
      <p className="mt-1 mb-3 text-sm text-zinc-700 dark:text-zinc-300">{t('passkeys')}</p>
      <ul className="grid gap-2 sm:grid-cols-2">
        {accounts.map((account) => {
          const role = ROLES[account.id]
          return (
            <li key={account.id}>
              <form action={signIn}>
                <input type="hidden" name="account" value={account.id} />
                {returnTo ? <input type="hidden" name="returnTo" value={returnTo} /> : null}
                <button
                  type="submit"
                  className="w-full rounded-lg border border-amber-300 bg-white px-3 py-2 text-start text-sm hover:border-amber-500 focus-visible:ring-2 focus-visible:ring-indigo-500/40 focus-visible:outline-none dark:border-amber-500/40 dark:bg-zinc-900"
                >
                  <span className="block font-medium">
                    {t.rich('account', {
                      role: role ? t(`role.${role}`) : account.label,
                      name: account.name,
                      data: (chunks) => (
                        <span translate="no" dir="auto">
                          {chunks}
                        </span>
                      ),
                    })}
                  </span>
                  <span translate="no" dir="auto" className="block text-zinc-600 dark:text-zinc-400">
                    {account.group}
                  </span>
                </button>
              </form>
            </li>
          )
        })}
      </ul>
    </section>
  )
}

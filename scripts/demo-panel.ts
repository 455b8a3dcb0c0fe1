import { loadProjectEnv } from './load-env'
import { demoPanelAccounts } from '../lib/demo/accounts'
import { translatorFor } from '../lib/i18n/translator'

/**
 * Prints the sign-in page's demo accounts panel as it is in this database
 * (lib/demo/accounts.ts), one JSON array on stdout, for `npm run demo`'s
 * banner: the same accounts, names and addresses the panel shows.
 */
loadProjectEnv()
demoPanelAccounts(translatorFor('en', 'UTC').t).then(
  (accounts) => {
    console.log(JSON.stringify(accounts))
    process.exit(0)
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  },
)

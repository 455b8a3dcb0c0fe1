import { sealPending } from '../lib/audit/chain'
import { db } from '../lib/db'

/**
 * Child process of `npm run bench:load`: seals the seeded history of
 * DATABASE_URL (after a copy was taken for the run during a sealing backlog),
 * as a long-running installation has it.
 */
const started = performance.now()
const { sealed } = await sealPending()
console.error(`  sealed the seeded history: ${sealed.toLocaleString('en')} rows in ${((performance.now() - started) / 1000).toFixed(0)} s`)
await db().$disconnect()

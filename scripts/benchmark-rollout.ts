import { performance } from 'node:perf_hooks'
import { rollUpSignIns } from '../lib/audit/rollup'
import { db } from '../lib/db'
import { groupNames } from '../lib/policy/groups'
import { rolloutFigures } from '../lib/rollout/figures'
import { refreshRolloutSnapshot } from '../lib/rollout/snapshot'
import { countStatements } from '../testing/query-count'
import { seedAtScale } from '../testing/scale-seed'

/**
 * The rollout dashboard at 100,000 people and 1,000,000 audit events (for
 * `npm run bench`): how long the background work takes to roll the events up
 * and count people and passkeys, then the statements and the time (median of
 * 7 runs) of the dashboard's data for the last 90 days. Prints one JSON line.
 */

const DAY_MS = 86_400_000
const elapsed = async (work: () => Promise<unknown>) => {
  const start = performance.now()
  await work()
  return Math.round(performance.now() - start)
}

await seedAtScale({ users: 100_000, passkeys: 50_000, events: 1_000_000, counters: 1_000, eventSpacing: 40, sealedWithEmail: true })
const rollUp = await elapsed(() => rollUpSignIns())
const snapshot = await elapsed(() => refreshRolloutSnapshot())
const load = (groupId: string | null) => async () => {
  await groupNames()
  const to = new Date()
  return rolloutFigures({ from: new Date(to.getTime() - 90 * DAY_MS), to, groupId })
}
const { statements } = await countStatements(load('customers'))
const times: number[] = []
for (let run = 0; run < 7; run++) times.push(await elapsed(load(null)))
times.sort((a, b) => a - b)

console.log(JSON.stringify({ rollUp, snapshot, statements, dashboard: times[3] }))
await db().$disconnect()

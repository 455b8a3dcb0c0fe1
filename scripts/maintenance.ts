import { runMaintenance } from '../lib/maintenance'
import { loadProjectEnv } from './load-env'

/** `npm run maintenance`: prunes expired rows and old history; prints what it did. Safe to run from cron. */
async function main() {
  loadProjectEnv()
  const report = await runMaintenance()
  for (const [what, count] of Object.entries(report)) console.log(`${what.padEnd(20)} ${count}`)
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  },
)

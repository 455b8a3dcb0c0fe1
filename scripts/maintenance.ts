import { describeAnchorCheck } from '../lib/audit/anchor'
import { runMaintenance } from '../lib/maintenance'
import { loadProjectEnv } from './load-env'

/** `npm run maintenance`: seals and anchors the audit log, prunes expired rows and old history; prints what it did. Safe to run from cron. */
async function main() {
  loadProjectEnv()
  const { historyProblem, anchorProblem, ...counts } = await runMaintenance()
  for (const [what, count] of Object.entries(counts)) console.log(`${what.padEnd(20)} ${count}`)
  if (historyProblem) {
    console.error(`The history's oldest rows no longer verify (${historyProblem.what} at seq ${historyProblem.seq}); they were kept. Run npm run audit:verify.`)
    process.exitCode = 1
  }
  if (anchorProblem) {
    console.error(`${describeAnchorCheck(anchorProblem)}. The head was not anchored; run npm run audit:verify.`)
    process.exitCode = 1
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  },
)

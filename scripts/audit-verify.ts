import { describeProblem, newestCheckpoint, verifyLog } from '../lib/audit/verify'
import { loadProjectEnv } from './load-env'

/**
 * `npm run audit:verify`: recomputes the audit log's chain and prints the
 * first row or checkpoint that no longer matches (exit code 1), or how many
 * rows verified. It also prints the newest checkpoint: kept somewhere the
 * database's writers cannot reach, it shows later whether the newest rows
 * were cut off together with their checkpoint.
 */
async function main() {
  loadProjectEnv()
  const report = await verifyLog()
  const newest = await newestCheckpoint()
  if (report.ok) console.log(`The audit log verifies: ${report.rows} sealed rows${report.from ? ` after the pruned rows up to ${report.from}` : ''}.`)
  else console.error(`The audit log does not verify: ${describeProblem(report.problem)}.`)
  if (report.unsealed) console.log(`${report.unsealed} newer rows are not sealed yet (the server seals every minute, npm run maintenance too).`)
  if (newest) console.log(`Newest checkpoint: rows up to ${newest.lastSeq}, head ${newest.head}, sealed ${newest.createdAt.toISOString()}.`)
  if (!report.ok) process.exitCode = 1
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  },
)

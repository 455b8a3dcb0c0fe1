import { anchorFailed, checkAnchors, describeAnchorCheck } from '../lib/audit/anchor'
import { describeProblem, newestCheckpoint, verifyLog } from '../lib/audit/verify'
import { loadProjectEnv } from './load-env'

/**
 * `npm run audit:verify`: recomputes the audit log's chain and prints the
 * first row or checkpoint that no longer matches, then compares the log with
 * the head anchored outside the database (AUDIT_ANCHOR_FILE, AUDIT_ANCHOR_URL)
 * and prints whether it is there. Exit code 1 when either fails. Without an
 * anchor, cutting off the newest rows together with their checkpoint does
 * not show: it says so.
 */
async function main() {
  loadProjectEnv()
  const report = await verifyLog()
  const anchors = await checkAnchors()
  const newest = await newestCheckpoint()
  if (report.ok) console.log(`The audit log verifies: ${report.rows} sealed rows${report.from ? ` after the pruned rows up to ${report.from}` : ''}.`)
  else console.error(`The audit log does not verify: ${describeProblem(report.problem)}.`)
  if (report.unsealed) console.log(`${report.unsealed} newer rows are not sealed yet (the server seals every minute, npm run maintenance too).`)
  if (newest) console.log(`Newest checkpoint: rows up to ${newest.lastSeq}, head ${newest.head}, sealed ${newest.createdAt.toISOString()}.`)
  for (const check of anchors) (anchorFailed(check) ? console.error : console.log)(`${describeAnchorCheck(check)}.`)
  if (anchors.length === 0) {
    console.log('No anchor is set (AUDIT_ANCHOR_FILE, AUDIT_ANCHOR_URL): rows cut off together with their checkpoint would not show.')
  }
  if (!report.ok || anchors.some(anchorFailed)) process.exitCode = 1
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  },
)

import { machineLine, titleOf, type Configuration } from './load-report'

/** The load bench's results as Markdown (bench/results/<date>.md). */
export function markdown(
  configurations: Configuration[],
  summary: string[],
  run: { date: string; seconds: number; events: number; minutes: number; peer: boolean },
): string {
  const rows = configurations.flatMap((configuration) =>
    [...configuration.runs, ...(configuration.peer?.runs ?? [])].map(
      (measured) =>
        `| ${titleOf(configuration)} | ${measured.flow} | ${measured.concurrency} | ${(measured.flows / measured.seconds).toFixed(1)} | ${measured.flowMs.p50} | ${measured.flowMs.p95} | ${measured.flowMs.p99} | ${measured.verifyMs.p99} | ${measured.errors} | ${measured.cpuMsPerFlow} | ${measured.rssMb} |`,
    ),
  )
  return [
    `# Load benchmark, ${run.date}`,
    '',
    `${machineLine(run.seconds, run.events)} The whole run took ${run.minutes.toFixed(1)} minutes.`,
    '',
    'Flows: email code and magic link (request, read the email from the demo mailbox table, verify), passkey (options, software ES256 authenticator, verify), session check as the /account page and as /api/session (autocannon; its p90 stands in the p95 column). These sign in from browsers new to the account, so each also sends the new-sign-in notice after the response.',
    'Journeys, walked by both sides in full: load the sign-in page, sign in (email: request the code, read it, verify; passkey: options, authenticator, verify), load the signed-in page. Four in five from a browser that signed in to the account before (no new-sign-in notice), one in five from a new browser.',
    'peer-* flows: Better Auth 1.7 email OTP (send, read the OTP from its mailbox table, sign in), get-session, and the same journey (its sign-in page, OTP, a signed-in page reading the session), on the same Next.js and the same kind of database with the same accounts (bench/peers/better-auth).',
    'The history is sealed before the runs, as a long-running installation has it; the "during a sealing backlog" configuration starts with every event unsealed and runs the journeys while the sealer catches up.',
    '',
    '## Against the budgets',
    '',
    '```',
    ...summary,
    '```',
    '',
    '## Every run',
    '',
    '| configuration | flow | concurrency | flows/s | p50 ms | p95 ms | p99 ms | last step p99 ms | errors | server CPU ms/flow | RSS MB after |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    ...configurations.flatMap((configuration) =>
      (configuration.profiles ?? []).flatMap(({ flow, flows, profile }) => [
        `## Where the server's CPU time went: ${flow}, ${titleOf(configuration)}`,
        '',
        `The warm server, profiled after the timed runs while ${flows} flows ran at concurrency 10: ${profile.total} ms of CPU sampled (${Math.round((profile.total / Math.max(flows, 1)) * 10) / 10} ms per flow, profiler included), self time.`,
        '',
        '| package | ms | share |',
        '| --- | --- | --- |',
        ...profile.rows.map(([bucket, ms, share]) => `| ${bucket} | ${ms} | ${share}% |`),
        '',
        "Node.js's own modules, which the package view lumps together:",
        '',
        '| module | ms | share |',
        '| --- | --- | --- |',
        ...profile.internals.map(([module, ms, share]) => `| ${module} | ${ms} | ${share}% |`),
        '',
        'The functions with the most self time:',
        '',
        '| function | ms | share |',
        '| --- | --- | --- |',
        ...profile.functions.map(([name, ms, share]) => `| ${name.replaceAll('|', '\\|')} | ${ms} | ${share}% |`),
        '',
      ]),
    ),
    '## SQL statements per flow',
    '',
    'Counted by the server (Prisma query events, in a separate pass at concurrency 1), the whole of each HTTP request: page or action render and the work after the response (emails, notices) included.',
    '',
    '| configuration | flow | flows counted | statements per flow | per HTTP request |',
    '| --- | --- | --- | --- | --- |',
    ...configurations.flatMap((configuration) =>
      (configuration.statements ?? []).map(
        (count) => `| ${titleOf(configuration)} | ${count.flow} | ${count.flows} | ${count.perFlow} | ${count.perRequest} |`,
      ),
    ),
    '',
    ...(run.peer ? [] : ['The Better Auth peer was skipped (BENCH_LOAD_PEER=0).', '']),
    'Where the budgets are missed and why: [docs/performance.md](../../docs/performance.md).',
    '',
  ].join('\n')
}

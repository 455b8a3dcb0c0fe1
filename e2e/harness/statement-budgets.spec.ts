import { expect, test } from '@playwright/test'
import { FLOW_STATEMENT_BUDGETS, countFlowStatements, type BudgetedFlow } from '../../bench/flow-statements'

/**
 * Each HTTP flow's SQL statements stay within its budget (ADR 22): the
 * production build's server counts what the flows send, page render and work
 * after the response included, on a database of its own. Counts are
 * deterministic, so one statement more in a flow fails here, where a time
 * would only drift.
 */
const PORT = 3218 + Number(process.env.E2E_PORT_OFFSET ?? 0)

test.describe.configure({ timeout: 300_000 })

test('every HTTP flow sends no more SQL statements than its budget', async () => {
  const counts = await countFlowStatements(PORT)
  for (const flow of Object.keys(FLOW_STATEMENT_BUDGETS) as BudgetedFlow[]) {
    expect
      .soft(counts[flow], `${flow}: ${counts[flow]} statements per flow (budget ${FLOW_STATEMENT_BUDGETS[flow]})`)
      .toBeLessThanOrEqual(FLOW_STATEMENT_BUDGETS[flow])
  }
  // A returning browser gets no new-sign-in notice; a new browser on an account that signed in before does.
  expect(counts['email-code-returning']).toBeLessThan(counts['email-code-new-browser'])
})

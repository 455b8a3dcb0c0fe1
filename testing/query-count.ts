import { onQuery } from '../lib/db'

type QueryEvent = { query: string; params: string }

let seen: QueryEvent[] = []
let listening = false

/** The SQL statements `work` sends, with their parameters (needs PRISMA_QUERY_EVENTS=1, which the test setup sets). */
export async function captureStatements<T>(work: () => Promise<T>): Promise<{ result: T; statements: number; queries: QueryEvent[] }> {
  if (!listening) {
    onQuery((event) => {
      seen.push({ query: event.query, params: event.params })
    })
    listening = true
  }
  const before = seen.length
  const result = await work()
  const queries = seen.slice(before)
  seen = seen.slice(0, before)
  return { result, statements: queries.length, queries }
}

/** Counts the SQL statements `work` sends. */
export async function countStatements<T>(work: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const { result, statements } = await captureStatements(work)
  return { result, statements }
}

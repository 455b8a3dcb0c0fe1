import { db } from '../db'

let statements = 0
let listening = false

/** Counts the SQL statements `work` sends (needs PRISMA_QUERY_EVENTS=1, which the test setup sets). */
export async function countStatements<T>(work: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const client = db() as unknown as { $on: (event: 'query', listener: () => void) => void }
  if (!listening) {
    client.$on('query', () => {
      statements += 1
    })
    listening = true
  }
  const before = statements
  const result = await work()
  return { result, statements: statements - before }
}

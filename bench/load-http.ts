/** HTTP and mailbox helpers of the load driver (bench/load-driver.ts): what a browser and its owner's inbox do. */

export type Percentiles = { p50: number; p95: number; p99: number }

export const percentiles = (values: number[]): Percentiles => {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (q: number) => Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 10) / 10
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) }
}

/** A client address in the benchmarking range (198.18.0.0/15), different for each flow, as many real clients would be. */
let ipCounter = Math.floor(Math.random() * 100_000)
export const nextIp = () => {
  ipCounter = (ipCounter + 1) % 131_072
  return `198.${18 + (ipCounter >> 16)}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`
}

export function cookieFrom(response: Response, name: string): string | null {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';')
    const [key, ...value] = pair!.split('=')
    if (key === name && value.join('=') !== '') return `${name}=${value.join('=')}`
  }
  return null
}

/** Posts a server action the way React's client does (the form's fields, then the argument list). */
export async function postAction(base: string, path: string, id: string, fields: Record<string, string>, ip: string, cookie?: string): Promise<Response> {
  const form = new FormData()
  for (const [name, value] of Object.entries(fields)) form.append(`_1_${name}`, value)
  form.append('0', '[{"status":"idle"},"$K1"]')
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    body: form,
    redirect: 'manual',
    headers: { 'next-action': id, origin: base, accept: 'text/x-component', 'x-forwarded-for': ip, ...(cookie ? { cookie } : {}) },
  })
  await response.arrayBuffer()
  return response
}

/** Loads a page as a browser would (the document only), and checks it was served rather than redirected. */
export async function getPage(base: string, path: string, ip: string, cookie?: string): Promise<void> {
  const response = await fetch(`${base}${path}`, { redirect: 'manual', headers: { 'x-forwarded-for': ip, ...(cookie ? { cookie } : {}) } })
  await response.arrayBuffer()
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}`)
}

/** A reader of one text column for an address, from SQLite or PostgreSQL (the mailbox tables the apps write their email to). */
async function reader(databaseUrl: string, query: string): Promise<(to: string) => Promise<string>> {
  if (databaseUrl.startsWith('file:')) {
    const { default: Database } = await import('better-sqlite3')
    const database = new Database(databaseUrl.slice('file:'.length), { readonly: true, fileMustExist: true })
    database.pragma('busy_timeout = 5000')
    const statement = database.prepare(query.replace('$1', '?'))
    return async (to: string) => (statement.get(to) as { value: string } | undefined)?.value ?? ''
  }
  const { default: pg } = await import('pg')
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 })
  // The bench drops each PostgreSQL database after its configuration; idle connections to it then end with an error.
  pool.on('error', () => {})
  return async (to: string) => (await pool.query<{ value: string }>(query, [to])).rows[0]?.value ?? ''
}

/** Readers of the mailbox tables, one per database and query (a reader costs a connection). */
const readers = new Map<string, Promise<(to: string) => Promise<string>>>()
export function mailboxReader(databaseUrl: string, query: string): Promise<(to: string) => Promise<string>> {
  const key = `${databaseUrl}\n${query}`
  if (!readers.has(key)) readers.set(key, reader(databaseUrl, query))
  return readers.get(key)!
}

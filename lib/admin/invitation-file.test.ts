import { describe, expect, it } from 'vitest'
import { parseCsv, readInvitationFile } from './invitation-file'

describe('invitation files', () => {
  it('read CSV as RFC 4180 does: quotes, doubled quotes, commas inside quotes, CRLF, blank lines', () => {
    expect(parseCsv('email,name\r\na@example.com,"Lovelace, Ada"\n\nb@example.com,"Say ""hi"""\n')).toEqual([
      ['email', 'name'],
      ['a@example.com', 'Lovelace, Ada'],
      ['b@example.com', 'Say "hi"'],
    ])
  })

  it('refuse a file that is empty or too long as a whole, and give every other row its own result', async () => {
    expect(await readInvitationFile('email,name,group\n', 'customers')).toEqual({ ok: false, reason: 'csv_empty' })
    expect(await readInvitationFile(Array.from({ length: 1001 }, (_, i) => `p${i}@example.com`).join('\n'), 'customers')).toEqual({
      ok: false,
      reason: 'csv_too_many',
    })
    const file = await readInvitationFile('ok@example.com,,Employees\nbad,,\nok2@example.com,,Nope\n', 'customers')
    expect(file.ok && file.results.map((row) => row.result)).toEqual(['invited', 'invalid_address', 'unknown_group'])
    expect(file.ok && file.rows).toEqual([{ email: 'ok@example.com', name: null, groupId: 'employees' }])
  })
})

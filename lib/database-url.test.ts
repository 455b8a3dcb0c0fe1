import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseDatabaseUrl } from './database-url'

describe('parseDatabaseUrl', () => {
  it('defaults to a SQLite file under data/', () => {
    expect(parseDatabaseUrl(undefined)).toEqual({ provider: 'sqlite', url: 'file:./data/portal.db', file: path.resolve('data/portal.db') })
  })

  it('recognises PostgreSQL URLs', () => {
    expect(parseDatabaseUrl('postgresql://u@h/db').provider).toBe('postgresql')
    expect(parseDatabaseUrl('POSTGRES://u@h/db').provider).toBe('postgresql')
  })

  it('rejects other databases and empty paths', () => {
    expect(() => parseDatabaseUrl('mysql://h/db')).toThrow(/DATABASE_URL must start with/)
    expect(() => parseDatabaseUrl('file:')).toThrow(/needs a path/)
  })
})

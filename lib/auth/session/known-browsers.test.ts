import { describe, expect, it } from 'vitest'
import { rememberBrowser } from './known-browsers'

const DAY = 86_400_000
const T0 = new Date('2026-11-22T12:00:00Z')
const later = (days: number) => new Date(T0.getTime() + days * DAY)

describe('known browsers cookie', () => {
  it('knows an account on the browser it signed in on, for 90 days', () => {
    const first = rememberBrowser(undefined, 'user-a', T0)
    expect(first.known).toBe(false)
    expect(rememberBrowser(first.value, 'user-a', later(90)).known).toBe(true)
    expect(rememberBrowser(first.value, 'user-a', later(91)).known).toBe(false)
    expect(rememberBrowser(first.value, 'user-b', later(1)).known).toBe(false)
  })

  it('keeps several accounts, refreshes on each sign-in, and names none of them', () => {
    const a = rememberBrowser(undefined, 'user-a', T0)
    const b = rememberBrowser(a.value, 'user-b', later(60))
    const again = rememberBrowser(b.value, 'user-a', later(80))
    expect(again.known).toBe(true)
    expect(rememberBrowser(again.value, 'user-a', later(160)).known).toBe(true)
    expect(rememberBrowser(again.value, 'user-b', later(150)).known).toBe(true)
    expect(rememberBrowser(again.value, 'user-b', later(151)).known).toBe(false)
    expect(Buffer.from(again.value.split('.')[0]!, 'base64url').toString()).not.toContain('user-')
  })

  it('ignores a cookie that was edited or made up', () => {
    const { value } = rememberBrowser(undefined, 'user-a', T0)
    const [payload, signature] = value.split('.')
    const forged = `${Buffer.from(JSON.stringify([['x', 1]])).toString('base64url')}.${signature}`
    expect(rememberBrowser(forged, 'user-a', T0).known).toBe(false)
    expect(rememberBrowser(`${payload}.${signature!.slice(1)}A`, 'user-a', T0).known).toBe(false)
    expect(rememberBrowser('garbage', 'user-a', T0).known).toBe(false)
    expect(rememberBrowser('a'.repeat(5000), 'user-a', T0).known).toBe(false)
  })
})

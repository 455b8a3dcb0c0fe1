import { describe, expect, it } from 'vitest'
import { testContext } from '../../../testing/use-case'
import { dismissSignOutOthersOffer } from './sign-out-offer'

describe('dismissSignOutOthersOffer', () => {
  it('remembers in this browser, for the offer’s 10 minutes and the account pages only, when “Not now” was pressed', () => {
    const ctx = testContext()
    const now = new Date('2026-12-01T10:00:00Z')
    dismissSignOutOthersOffer(ctx, now)
    expect([...ctx.cookies.values]).toEqual([
      ['portal.sign-out-offer', { value: String(now.getTime()), options: expect.objectContaining({ httpOnly: true, path: '/account', maxAge: 600 }) }],
    ])
  })
})

import { describe, expect, it } from 'vitest'
import { testContext } from '../../../testing/use-case'
import { translatorFor } from '../../i18n/translator'
import { commandGuide, readGuide } from './guide'
import { guideCookie } from './state'

// This process is not a demo deployment (DEMO_MODE unset): there is no guide, whatever a browser sends.
describe('the demo guide outside demo mode', () => {
  it('is not there, and a command writes nothing', async () => {
    const ctx = testContext()
    ctx.cookies.set(guideCookie().name, JSON.stringify({ open: true, tour: 'helpdesk', since: Date.now() - 1000 }))
    expect(await readGuide(ctx, translatorFor('en', 'UTC'))).toBeNull()
    const fresh = testContext()
    expect(await commandGuide({ do: 'start', tour: 'helpdesk' }, fresh)).toBeNull()
    expect(fresh.cookies.get(guideCookie().name)).toBeUndefined()
  })
})

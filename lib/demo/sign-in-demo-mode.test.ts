import { beforeAll, describe, expect, it } from 'vitest'
import { testContext } from '../../testing/use-case'
import { SETTLE_MS, sealPending } from '../audit/chain'
import { isRecentlyVerified, readSessionBySecret } from '../auth/access'
import { sessionCookie } from '../auth/session/cookie'
import { db } from '../db'
import { translatorFor } from '../i18n/translator'
import { EMAIL_BASED, proofOf } from '../oidc/levels'
import { rolloutFigures } from '../rollout/figures'
import { rolloutWords } from '../rollout/words'
import { demoPanelAccounts } from './accounts'
import { demoSignIn } from './sign-in'

// Read once per process (each test file runs in its own): this file is a demo deployment.
process.env.DEMO_MODE = '1'

const signInsOf = (userId: string) => db().auditEvent.findMany({ where: { type: 'sign_in', userId }, select: { result: true, method: true } })

describe('demoSignIn in demo mode', () => {
  beforeAll(async () => {
    await db().user.create({ data: { id: 'demo-person-001', email: 'person-001@demo.example', groupId: 'administrators', role: 'admin' } })
    await db().user.create({ data: { id: 'demo-person-007', email: 'person-007@demo.example', groupId: 'employees' } })
    await db().user.create({ data: { id: 'demo-person-127', email: 'person-127@demo.example', displayName: 'Cleo Contractor', groupId: 'contractors' } })
  })

  it('records a panel account’s press as a demo sign-in, for administrators too, and tells apps only the email level', async () => {
    for (const id of ['demo-person-001', 'demo-person-007']) {
      const ctx = testContext()
      expect(await demoSignIn({ account: id }, ctx)).toEqual({ ok: true })
      expect(await signInsOf(id)).toEqual([{ result: 'success', method: 'demo' }])
      const session = (await readSessionBySecret(ctx.cookies.get(sessionCookie().name)?.value))!
      expect(session).toMatchObject({ method: 'demo', verifiedMethod: 'demo' })
      // What an app is told (OpenID Connect Core §2): never phishing-resistant, and not an emailed code either.
      expect(proofOf(session)).toMatchObject({ acr: EMAIL_BASED, amr: ['demo'] })
    }
  })

  it('does not stand for a passkey: the administrators’ passkey step-up still asks for one', async () => {
    const verified = async (id: string) => {
      const ctx = testContext()
      await demoSignIn({ account: id }, ctx)
      return isRecentlyVerified((await readSessionBySecret(ctx.cookies.get(sessionCookie().name)?.value))!)
    }
    expect(await verified('demo-person-001')).toBe(false)
    // A group that confirms with an emailed code takes the fresh press as a confirmation, as it takes a fresh code.
    expect(await verified('demo-person-007')).toBe(true)
  })

  it('is counted as a demo sign-in in the rollout figures, not as an emailed code or a passkey', async () => {
    await demoSignIn({ account: 'demo-person-127' }, testContext())
    const later = new Date(Date.now() + SETTLE_MS + 1_000)
    await sealPending(later)
    const figures = await rolloutFigures({ from: new Date(Date.now() - 86_400_000), to: later, groupId: 'contractors' })
    expect(figures.signIns.map(({ method, succeeded }) => ({ method, succeeded }))).toEqual([{ method: 'demo', succeeded: 1 }])
    expect(figures.fallback.emailSignIns).toBe(0)
    expect(rolloutWords(translatorFor('de', 'UTC')).method('demo')).toBe('Demo-Konto')
  })

  it('refuses an account that is not on the panel, or not active', async () => {
    const other = await db().user.create({ data: { email: 'someone@demo.example', groupId: 'employees' } })
    await db().user.create({ data: { id: 'demo-person-003', email: 'person-003@demo.example', groupId: 'employees', status: 'suspended' } })
    for (const account of [other.id, 'demo-person-003', 'demo-person-999']) {
      const ctx = testContext()
      expect(await demoSignIn({ account }, ctx)).toEqual({ ok: false, reason: 'not_found' })
      expect(ctx.cookies.values.size).toBe(0)
    }
  })

  it('offers the panel’s accounts that exist, saying in the reader’s language whom each stands for', async () => {
    const accounts = await demoPanelAccounts(translatorFor('de', 'UTC').t)
    expect(accounts.find((account) => account.id === 'demo-person-127')).toEqual({
      id: 'demo-person-127',
      role: 'contractor',
      label: 'Auftragnehmer',
      name: 'Cleo Contractor',
      email: 'person-127@demo.example',
      group: 'Contractors',
    })
    expect((await demoPanelAccounts()).find((account) => account.id === 'demo-person-127')?.label).toBe('Contractor')
  })
})

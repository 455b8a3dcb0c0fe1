import { describe, expect, it } from 'vitest'
import { issuedAccessCode, testPerson as person } from '../../testing/access-codes'
import { testContext } from '../../testing/use-case'
import { sessionCookie } from '../auth/session/cookie'
import { hashSessionSecret } from '../auth/session/store'
import { db } from '../db'
import { recoverWithAccessCode } from './access-code-use'
import { generateRecoveryCodes, redeemRecoveryCode } from './codes'
import { enrollCodesWording, recoveryProofOf } from './recovery-proof'

describe('recoveryProofOf', () => {
  it('names the helpdesk access code that started the recovery session', async () => {
    const { user, ...issued } = await issuedAccessCode()
    const ctx = testContext({ request: { ipAddress: '192.0.2.77', userAgent: 'vitest' } })
    expect(await recoverWithAccessCode({ email: user.email, code: issued.code }, ctx)).toEqual({ ok: true })
    const session = await db().session.findUniqueOrThrow({
      where: { id: hashSessionSecret(ctx.cookies.get(sessionCookie().name)!.value) },
      select: { createdAt: true },
    })
    expect(await recoveryProofOf({ user, signedInAt: session.createdAt })).toBe('access_code')
  })

  it('names a recovery code used just before the session, and nothing used long before', async () => {
    const user = await person()
    const [code] = await generateRecoveryCodes(user.id, testContext().audit)
    const usedAt = new Date(Date.now() - 60 * 60_000)
    expect(await redeemRecoveryCode(user.id, code!, usedAt)).toBe(true)
    expect(await recoveryProofOf({ user, signedInAt: new Date(usedAt.getTime() + 50) })).toBe('recovery_code')
    expect(await recoveryProofOf({ user, signedInAt: new Date() })).toBe('other')
  })
})

describe('enrollCodesWording', () => {
  it('after an access code: says so, and says nothing of codes left when there are none', () => {
    expect(enrollCodesWording('access_code', 0)).toEqual({ proof: 'accessCodeUsed', intro: 'codesNone', showLeft: false })
    expect(enrollCodesWording('access_code', 4)).toEqual({ proof: 'accessCodeUsed', intro: 'codesKeep', showLeft: true })
  })

  it('after a recovery code: "you used one", and how many are left even when none are', () => {
    expect(enrollCodesWording('recovery_code', 0)).toEqual({ proof: null, intro: 'codesIntro', showLeft: true })
    expect(enrollCodesWording('recovery_code', 9)).toEqual({ proof: null, intro: 'codesIntro', showLeft: true })
  })

  it('after another proof (the authenticator app, email alone): never "you used one"', () => {
    expect(enrollCodesWording('other', 0)).toEqual({ proof: null, intro: 'codesNone', showLeft: false })
    expect(enrollCodesWording('other', 10)).toEqual({ proof: null, intro: 'codesKeep', showLeft: true })
  })
})

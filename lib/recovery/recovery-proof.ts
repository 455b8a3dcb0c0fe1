import 'server-only'
import { db } from '../db'

/**
 * What started a recovery session, for the words of the page that finishes
 * it: the page must say what happened ("you used your helpdesk's access
 * code"), not assume a recovery code. Read from the proof's own row, used in
 * the same request that started the session, so nothing new is stored.
 */
export type RecoveryProofKind = 'access_code' | 'recovery_code' | 'other'

/** The proof and the session start are a few statements apart in one request; a minute leaves room for a slow database. */
const PROOF_BEFORE_SESSION_MS = 60_000

export async function recoveryProofOf(session: { user: { id: string }; signedInAt: Date }): Promise<RecoveryProofKind> {
  const userId = session.user.id
  const usedAt = { gte: new Date(session.signedInAt.getTime() - PROOF_BEFORE_SESSION_MS), lte: session.signedInAt }
  const [accessCode, recoveryCode] = await Promise.all([
    db().accessCode.findFirst({ where: { userId, status: 'used', usedAt }, select: { id: true } }),
    db().recoveryCode.findFirst({ where: { userId, usedAt }, select: { id: true } }),
  ])
  return accessCode ? 'access_code' : recoveryCode ? 'recovery_code' : 'other'
}

/** The catalogue keys (recovery.enroll) of what the recovery page says about recovery codes. */
export type EnrollCodesWording = {
  /** A sentence about how the person got here, when it was a helpdesk access code. */
  proof: 'accessCodeUsed' | null
  /** Why the codes matter now. */
  intro: 'codesIntro' | 'codesKeep' | 'codesNone'
  /** "3 codes left.", only when the person has codes or just used one. */
  showLeft: boolean
}

/** Recovery codes are mentioned as used only when one was; "0 codes left" only after using the last one. */
export function enrollCodesWording(proof: RecoveryProofKind, remaining: number): EnrollCodesWording {
  return {
    proof: proof === 'access_code' ? 'accessCodeUsed' : null,
    intro: proof === 'recovery_code' ? 'codesIntro' : remaining > 0 ? 'codesKeep' : 'codesNone',
    showLeft: proof === 'recovery_code' || remaining > 0,
  }
}

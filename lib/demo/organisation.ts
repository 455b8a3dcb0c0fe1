import 'server-only'
import { randomBytes } from 'node:crypto'
import { SETTLE_MS, sealPending } from '../audit/chain'
import { refreshRolloutSnapshot } from '../rollout/snapshot'
import { db } from '../db'
import { presetForGroup } from '../policy/floors'
import { findPreset } from '../policy/presets'
import { readPolicy } from '../policy/schema'
import { FIRST, LAST, PROVIDERS, generator } from './population'
import { demoEmailDeliveries } from './email-deliveries'
import { supportHistory, type SeedCode, type SeedEvent, type SeedPasskey } from './support-history'

/**
 * The demo organisation (`npm run demo`, `npm run db:seed -- --demo-org`):
 * about 200 people across the four seeded groups, their passkeys and
 * recovery factors, and 90 days of history shaped like a passkey rollout.
 * Every choice comes from one seeded generator, and times count back from
 * the start of the seeding day, so the figures are the same on every seed.
 * Nothing is dated after the seed: what the day's later hours would hold
 * (sign-ins, new passkeys, their last use) has not happened yet.
 */

const DAY_MS = 86_400_000
const DAYS = 90
export const DEMO_DOMAIN = 'demo.example'

/** Each group's size, its rollout phases (preset from that many days ago) and how readily its people enrol. */
export const DEMO_GROUPS = [
  {
    id: 'administrators',
    size: 6,
    phases: [
      { preset: 'workforce-1', at: 90 },
      { preset: 'workforce-3', at: 60 },
    ],
    eagerness: 0.05,
  },
  {
    id: 'employees',
    size: 120,
    phases: [
      { preset: 'workforce-1', at: 90 },
      { preset: 'workforce-2', at: 60 },
      { preset: 'workforce-3', at: 30 },
    ],
    eagerness: 0.008,
  },
  {
    id: 'contractors',
    size: 30,
    phases: [
      { preset: 'workforce-1', at: 90 },
      { preset: 'workforce-2', at: 40 },
    ],
    eagerness: 0.006,
  },
  { id: 'customers', size: 44, phases: [], eagerness: 0.01 },
] as const

/** Why a failed sign-in failed, as the live flows say it: a wrong or expired code; a link used, expired or replaced by a newer one. */
const FAILURES = {
  email_code: ['code_wrong', 'code_wrong', 'code_wrong', 'code_expired'],
  magic_link: ['link_expired', 'link_expired', 'link_used', 'link_superseded'],
  passkey: ['passkey_invalid'],
} as const

/** Whether the demo organisation is there already (its first person exists). */
export async function demoOrganisationSeeded(): Promise<boolean> {
  return (await db().user.count({ where: { id: 'demo-person-001' } })) > 0
}

export async function seedDemoOrganisation(now = new Date()): Promise<{ people: number; passkeys: number; events: number } | null> {
  if (await demoOrganisationSeeded()) return null
  const random = generator(20261128)
  const today = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS)
  const at = (daysAgo: number, minuteOfDay = 9 * 60) => new Date(today.getTime() - daysAgo * DAY_MS + minuteOfDay * 60_000)
  // The history ends at the seed, and the sealer takes rows only once they settle: later rows have not happened yet.
  const end = now.getTime() - SETTLE_MS
  const past = (row: { createdAt: Date }) => row.createdAt.getTime() <= end
  const events: SeedEvent[] = []
  const passkeys: SeedPasskey[] = []
  const users: {
    id: string
    email: string
    displayName: string
    nameKey: string
    groupId: string
    role: 'user' | 'helpdesk' | 'admin'
    createdAt: Date
    updatedAt: Date
    /** Invited by address and signed in with it since: the address is proven (apps see email_verified true). */
    emailVerifiedAt: Date
    backupEmail?: string
    backupEmailVerifiedAt?: Date
  }[] = []
  const codes: SeedCode[] = []
  const providerWeights = PROVIDERS.reduce((sum, provider) => sum + provider.weight, 0)
  const pickProvider = () => {
    let roll = random.next() * providerWeights
    for (const provider of PROVIDERS) if ((roll -= provider.weight) < 0) return provider
    return PROVIDERS[0]
  }

  // Phase changes, as an administrator applying a preset records them.
  for (const group of DEMO_GROUPS) {
    for (const phase of group.phases) {
      const preset = findPreset(phase.preset)!
      events.push({
        userId: null,
        type: 'group_policy_changed',
        result: 'success',
        actorName: 'Demo setup',
        detail: JSON.stringify({ groupId: group.id, preset: preset.id, phase: preset.name }),
        createdAt: at(phase.at, 8 * 60),
      })
    }
  }

  let index = 0
  for (const group of DEMO_GROUPS) {
    for (let member = 0; member < group.size; member++) {
      index += 1
      const id = `demo-person-${String(index).padStart(3, '0')}`
      const first = FIRST[index % FIRST.length]!
      const last = LAST[Math.floor(index / FIRST.length) % LAST.length]!
      const displayName = `${first} ${last}`
      const role = group.id === 'administrators' ? (member < 2 ? 'admin' : 'helpdesk') : 'user'
      const email = `${first
        .normalize('NFD')
        .replace(/[^a-zA-Z]/g, '')
        .toLowerCase()}.${last
        .normalize('NFD')
        .replace(/[^a-zA-Z]/g, '')
        .toLowerCase()}${index}@${DEMO_DOMAIN}`
      const joinedDaysAgo = DAYS + 30 + Math.floor(random.next() * 200)
      const person = {
        id,
        email,
        displayName,
        nameKey: displayName.toLowerCase(),
        groupId: group.id,
        role,
        createdAt: at(joinedDaysAgo),
        updatedAt: at(joinedDaysAgo),
        emailVerifiedAt: at(joinedDaysAgo),
      } as (typeof users)[number]
      if (random.chance(0.3)) Object.assign(person, { backupEmail: `${email.split('@')[0]}@home.example`, backupEmailVerifiedAt: at(joinedDaysAgo - 1) })
      users.push(person)

      // Enrolment: a daily chance that grows with each phase the group reaches.
      let enrolledDaysAgo: number | null = null
      for (let daysAgo = DAYS; daysAgo >= 0 && enrolledDaysAgo === null; daysAgo--) {
        const phase = group.phases.filter((change) => change.at >= daysAgo).length
        if (random.chance(group.eagerness * (0.4 + phase * 0.6))) enrolledDaysAgo = daysAgo
      }
      // Codes made after the seed's moment have not been made yet (nor has a passkey created then).
      const hasRecoveryCodes = enrolledDaysAgo !== null && random.chance(0.55) && past({ createdAt: at(enrolledDaysAgo, 11 * 60) })
      let firstKeyAt: Date | null = null
      if (enrolledDaysAgo !== null) {
        const keys = random.chance(0.3) ? 2 : 1
        for (let key = 0; key < keys; key++) {
          const provider = pickProvider()
          const createdAt = at(Math.max(0, enrolledDaysAgo - key * 7), 10 * 60 + Math.floor(random.next() * 300))
          passkeys.push({
            id: `${id}-key-${key + 1}`,
            userId: id,
            credentialId: `demo-${id}-${key + 1}-${randomBytes(8).toString('base64url')}`,
            aaguid: provider.aaguid,
            name: provider.name,
            backupEligible: provider.synced,
            createdOs: provider.os,
            createdBrowser: provider.browser,
            createdAt,
            lastUsedAt: null,
          })
          firstKeyAt ??= createdAt
          const viaOffer = key === 0 && random.chance(0.6)
          // Created from the passkey offer after an email sign-in: the offer comes a minute before.
          if (viaOffer)
            events.push({
              userId: id,
              type: 'passkey_nudge_offered',
              result: 'success',
              method: 'email_code',
              createdAt: new Date(createdAt.getTime() - 60_000),
            })
          const detail = JSON.stringify({ passkeyId: `${id}-key-${key + 1}`, name: provider.name, synced: provider.synced })
          events.push({ userId: id, type: 'passkey_added', result: 'success', detail, createdAt })
        }
        if (hasRecoveryCodes) {
          for (let code = 0; code < 10; code++)
            codes.push({ userId: id, salt: randomBytes(8).toString('hex'), hash: randomBytes(32).toString('hex'), createdAt: at(enrolledDaysAgo, 11 * 60) })
          events.push({ userId: id, type: 'recovery_codes_generated', result: 'success', createdAt: at(enrolledDaysAgo, 11 * 60) })
        }
      }

      // Sign-ins: most working days; by passkey once there is one (falling back to email less as time goes on).
      const activity = group.id === 'customers' ? 0.15 : 0.7
      for (let daysAgo = DAYS; daysAgo >= 0; daysAgo--) {
        if (!random.chance(activity)) continue
        const minute = 8 * 60 + Math.floor(random.next() * 600)
        const hasKey = firstKeyAt !== null && at(daysAgo, minute) > firstKeyAt
        const fallback = hasKey && random.chance(0.05 + 0.3 * (daysAgo / DAYS))
        const method = hasKey && !fallback ? 'passkey' : random.chance(0.8) ? 'email_code' : 'magic_link'
        const failed = random.chance(method === 'passkey' ? 0.03 : 0.06)
        const durationMs = method === 'passkey' ? 2_000 + Math.floor(random.next() * 6_000) : 25_000 + Math.floor(random.next() * 70_000)
        if (method !== 'passkey') events.push({ userId: id, type: 'sign_in_requested', result: 'success', method, createdAt: at(daysAgo, minute) })
        events.push({
          userId: id,
          type: 'sign_in',
          result: failed ? 'failure' : 'success',
          method,
          reason: failed ? random.pick(FAILURES[method]) : null,
          detail: JSON.stringify({ durationMs }),
          createdAt: new Date(at(daysAgo, minute).getTime() + durationMs),
        })
        // Without a passkey, an email sign-in in a phase that suggests one shows the offer; some press "Not now".
        const preset = group.phases.filter((change) => change.at >= daysAgo).at(-1)?.preset
        const offered = !hasKey && !failed && method !== 'passkey' && (preset === 'workforce-2' || group.id === 'customers') && daysAgo !== enrolledDaysAgo
        if (offered) {
          const offeredAt = new Date(at(daysAgo, minute).getTime() + durationMs + 2_000)
          events.push({ userId: id, type: 'passkey_nudge_offered', result: 'success', method, createdAt: offeredAt })
          if (random.chance(0.35))
            events.push({ userId: id, type: 'passkey_nudge_dismissed', result: 'success', createdAt: new Date(offeredAt.getTime() + 30_000) })
        }
        if (!failed && random.chance(0.08)) {
          events.push({
            userId: id,
            type: 'step_up',
            result: 'success',
            method: hasKey && random.chance(0.85) ? 'passkey' : 'email_code',
            createdAt: at(daysAgo, minute + 20),
          })
        }
        // The newest of their passkeys that existed then; a sign-in after the seed's moment has not happened.
        const used = at(daysAgo, minute)
        const key = passkeys.filter((each) => each.userId === id && each.createdAt < used).at(-1)
        if (key && !failed && method === 'passkey' && past({ createdAt: used })) key.lastUsedAt = used
      }
    }
  }

  const { accessCodes, reports } = supportHistory({ people: users, passkeys, codes, events, at, provider: PROVIDERS[0] })
  const history = events.filter(past)
  // Some 20,000 rows in one transaction: all or nothing, however busy the database (the default allows 5 s).
  const SEED_TRANSACTION = { timeout: 120_000 }
  await db().$transaction(async (tx) => {
    for (const group of DEMO_GROUPS) {
      const last = group.phases.at(-1)
      if (!last) continue
      const row = await tx.group.findUnique({ where: { id: group.id }, select: { policy: true } })
      if (row)
        await tx.group.update({
          where: { id: group.id },
          data: {
            policy: JSON.stringify(presetForGroup(group.id, readPolicy(row.policy), findPreset(last.preset)!).policy),
            preset: last.preset,
            updatedAt: now,
          },
        })
    }
    await tx.user.createMany({ data: users })
    const made = passkeys.filter(past)
    await tx.passkey.createMany({ data: made.map((key) => ({ ...key, publicKey: new Uint8Array([0]), backedUp: key.backupEligible })) })
    await tx.recoveryCode.createMany({ data: codes })
    for (let start = 0; start < history.length; start += 1000) await tx.auditEvent.createMany({ data: history.slice(start, start + 1000) })
    await tx.accessCode.createMany({ data: accessCodes })
    await tx.activityReport.createMany({ data: reports })
    await tx.emailDelivery.createMany({ data: demoEmailDeliveries(history) })
  }, SEED_TRANSACTION)
  // Sealed and counted now rather than within the minute: the dashboard reads the rollups and the snapshot these make.
  await sealPending(now)
  await refreshRolloutSnapshot(now)
  return { people: users.length, passkeys: passkeys.filter(past).length, events: history.length }
}

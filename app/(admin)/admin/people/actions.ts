'use server'

import { revalidatePath } from 'next/cache'
import { getFormatter, getTranslations } from 'next-intl/server'
import { z } from 'zod'
import { defineAction } from '@/lib/actions/pipeline'
import { movePersonToGroup } from '@/lib/admin/group-moves'
import type { CsvRowResult } from '@/lib/admin/invitation-file'
import { inviteFromFile, invitePerson, resendInvitation, revokeInvitation } from '@/lib/admin/inviting'
import { deprovisionPerson, reactivatePerson, removePersonPasskey, signOutPerson, suspendPerson } from '@/lib/admin/lifecycle'
import { emailAddressField } from '@/lib/email/address'
import { shownNameField } from '@/lib/web/form-fields'
import { actionError, type ActionState } from '@/lib/web/action-state'

// Every lifecycle change is an administrator's, with a fresh confirmation (the admin-recently-verified guard);
// the helpdesk sees people but changes nothing here. Each change is in the person's history with the acting admin,
// written by the use case in the change's own transaction.
const PAGE = '/admin/people'

export type LifecycleState = ActionState<'confirmation'>

const userId = z.string({ error: 'person_not_found' }).min(1, 'person_not_found').max(64, 'person_not_found')
const person = { fields: { userId: {} }, schema: z.object({ userId }), invalid: 'person_not_found' } as const

/** The outcomes' words, in the administrator's language. */
const words = () => getTranslations('admin.people.done')

/** When an invitation link stops working, on the administrator's clock with the zone named. */
const linkExpiry = async (at: Date) => (await getFormatter()).dateTime(at, 'time')

/** A change made: the page shows it from now on. */
function done(message: string) {
  revalidatePath(PAGE, 'layout')
  return { status: 'success' as const, message }
}

/** Suspends: every session ends at once; sign-in, recovery and pending codes stop until reactivated. */
export const suspendPersonAction = defineAction(
  { guard: 'admin-recently-verified', page: PAGE, ...person },
  async ({ data, session, ctx }): Promise<LifecycleState> => {
    const outcome = await suspendPerson(data, session, ctx)
    return outcome.ok ? done((await words())('suspended')) : actionError(outcome.reason)
  },
)

export const reactivatePersonAction = defineAction(
  { guard: 'admin-recently-verified', page: PAGE, ...person },
  async ({ data, session, ctx }): Promise<LifecycleState> => {
    const outcome = await reactivatePerson(data, session, ctx)
    return outcome.ok ? done((await words())('reactivated')) : actionError(outcome.reason)
  },
)

/** Deprovisions for good, with the person's address typed out to confirm. */
export const deprovisionPersonAction = defineAction(
  {
    guard: 'admin-recently-verified',
    page: PAGE,
    fields: { userId: {}, confirmation: { error: 'person_confirmation', echo: 320 } },
    schema: z.object({ userId, confirmation: z.string({ error: 'person_confirmation' }).max(320, 'person_confirmation') }),
    invalid: 'person_not_found',
  },
  async ({ data, typed, session, ctx }): Promise<LifecycleState> => {
    const outcome = await deprovisionPerson(data, session, ctx)
    if (outcome.ok) return done((await words())('deprovisioned'))
    if (outcome.reason === 'person_confirmation') return actionError('person_confirmation', { field: 'confirmation', values: typed })
    return actionError(outcome.reason)
  },
)

export const signOutEverywhereAction = defineAction(
  { guard: 'admin-recently-verified', page: PAGE, ...person },
  async ({ data, session, ctx }): Promise<LifecycleState> => {
    const { sessionsEnded } = await signOutPerson(data, session, ctx)
    return done((await words())('signedOut', { count: sessionsEnded }))
  },
)

export const revokePasskeyAction = defineAction(
  {
    guard: 'admin-recently-verified',
    page: PAGE,
    fields: { userId: {}, passkeyId: {} },
    schema: z.object({ userId, passkeyId: z.string().min(1).max(64) }),
    invalid: 'passkey_not_found',
  },
  async ({ data, session, ctx }): Promise<LifecycleState> => {
    const outcome = await removePersonPasskey(data, session, ctx)
    return outcome.ok ? done((await words())('passkeyRevoked', { name: outcome.name })) : actionError(outcome.reason)
  },
)

export const changeGroupAction = defineAction(
  {
    guard: 'admin-recently-verified',
    page: PAGE,
    fields: { userId: {}, groupId: {} },
    schema: z.object({ userId, groupId: z.string().min(1).max(64) }),
    invalid: 'group_not_found',
  },
  async ({ data, session, ctx }): Promise<LifecycleState> => {
    const outcome = await movePersonToGroup(data, session, ctx)
    return outcome.ok ? done((await words())(outcome.moved ? 'moved' : 'alreadyInGroup')) : actionError(outcome.reason)
  },
)

export type InviteState = ActionState<'email' | 'name'>

/** Invites one person into a group: an account waiting for them, and an email with a single-use link. */
export const invitePersonAction = defineAction(
  {
    guard: 'admin-recently-verified',
    page: PAGE,
    fields: { email: { error: 'email_invalid', echo: 320 }, name: { error: 'invite_name', echo: 200 }, groupId: {} },
    schema: z.object({
      email: emailAddressField,
      name: z.union([z.literal('').transform(() => null), shownNameField(1, 60, 'invite_name')]),
      groupId: z.string().min(1).max(64),
    }),
    invalid: 'group_not_found',
  },
  async ({ data, typed, session, ctx }): Promise<InviteState> => {
    const outcome = await invitePerson(data, session, ctx)
    if (outcome.ok) return done((await words())('invited', { email: data.email, until: await linkExpiry(outcome.expiresAt) }))
    if (outcome.reason === 'invite_member') return actionError('invite_member', { field: 'email', values: typed })
    return actionError(outcome.reason)
  },
)

/** One line of an invitation file as the form shows it: `until` is when its link stops working, in the admin's words and zone. */
export type CsvInviteRow = { line: number; email: string; result: CsvRowResult['result']; until: string | null }

export type CsvInviteState = ActionState | { status: 'invited'; message: string; results: CsvInviteRow[] }

/** Invites up to 1,000 people from a CSV file (email, name, group); each row gets a result, and a bad file invites nobody. */
export const inviteCsvAction = defineAction(
  {
    guard: 'admin-recently-verified',
    page: PAGE,
    fields: { file: { error: 'csv_file' }, groupId: {} },
    schema: z.object({
      file: z.instanceof(File, { error: 'csv_file' }).refine((file) => file.size > 0 && file.size <= 100 * 1024, 'csv_file'),
      groupId: z.string().min(1).max(64),
    }),
    invalid: 'group_not_found',
  },
  async ({ data, session, ctx }): Promise<CsvInviteState> => {
    const outcome = await inviteFromFile({ text: await data.file.text(), groupId: data.groupId }, session, ctx)
    if (!outcome.ok) return actionError(outcome.reason)
    revalidatePath(PAGE, 'layout')
    const format = await getFormatter()
    const results = outcome.results.map(({ line, email, result, expiresAt }) => ({
      line,
      email,
      result,
      until: expiresAt ? format.dateTime(expiresAt, 'time') : null,
    }))
    return { status: 'invited', message: (await words())('invitedFromFile', { count: outcome.invited }), results }
  },
)

/** Sends a still-invited person a new link (the previous one stops working). */
export const resendInvitationAction = defineAction(
  { guard: 'admin-recently-verified', page: PAGE, ...person },
  async ({ data, session, ctx }): Promise<LifecycleState> => {
    const outcome = await resendInvitation(data, session, ctx)
    return outcome.ok ? done((await words())('reinvited', { until: await linkExpiry(outcome.expiresAt) })) : actionError(outcome.reason)
  },
)

export const revokeInvitationAction = defineAction(
  { guard: 'admin-recently-verified', page: PAGE, ...person },
  async ({ data, session, ctx }): Promise<LifecycleState> => {
    const outcome = await revokeInvitation(data, session, ctx)
    return outcome.ok ? done((await words())('withdrawn')) : actionError(outcome.reason)
  },
)

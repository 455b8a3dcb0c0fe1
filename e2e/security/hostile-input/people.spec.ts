import { db } from '../../../lib/db'
import { expect, test } from '../../fixtures'
import { actionId, type ActionBody } from '../../support/server-actions'
import { userIn } from '../../policies/support'
import { ACTIONS, expectCleanAnswers, file, protocolRows, stateAndForm, type Expected } from './rows'

test('hostile input to every people and invitation action gets a clean error state or 4xx and changes nobody', async ({ page, signIn }) => {
  const admin = await userIn('customers', 'admin')
  await signIn(page.context(), { ...admin, displayName: 'Policy Person' })
  const person = await userIn('customers')
  const long = 'x'.repeat(10_000)
  const snapshot = async () =>
    JSON.stringify(await db().user.findUniqueOrThrow({ where: { id: person.id }, select: { status: true, groupId: true, email: true } }))
  const before = await snapshot()
  const byId: [string, ActionBody, Expected][] = [
    ['an unknown person', stateAndForm({ userId: 'nobody' }), { code: 'person_not_found' }],
    ['a file as the person', stateAndForm({ userId: file(person.id) }), { code: 'person_not_found' }],
    ['an id of 10,000 characters', stateAndForm({ userId: long }), { code: 'person_not_found' }],
  ]
  const rows: Record<string, [string, ActionBody, Expected][]> = {
    suspendPersonAction: [...protocolRows(true), ...byId],
    reactivatePersonAction: [...protocolRows(true), ...byId, ['an active person', stateAndForm({ userId: person.id }), { code: 'person_wrong_status' }]],
    signOutEverywhereAction: [...protocolRows(true)],
    resendInvitationAction: [...protocolRows(true), ...byId, ['someone not invited', stateAndForm({ userId: person.id }), { code: 'person_wrong_status' }]],
    revokeInvitationAction: [...protocolRows(true), ['someone not invited', stateAndForm({ userId: person.id }), { code: 'person_wrong_status' }]],
    deprovisionPersonAction: [
      ...protocolRows(true),
      ['the wrong address typed', stateAndForm({ userId: person.id, confirmation: 'someone@example.com' }), { code: 'person_confirmation' }],
      ['a file as the confirmation', stateAndForm({ userId: person.id, confirmation: file(person.email) }), { code: 'person_confirmation' }],
      ['an unknown person', stateAndForm({ userId: 'nobody', confirmation: person.email }), { code: 'person_not_found' }],
    ],
    revokePasskeyAction: [
      ...protocolRows(true),
      ['someone else’s passkey id', stateAndForm({ userId: person.id, passkeyId: 'nope' }), { code: 'passkey_not_found' }],
    ],
    changeGroupAction: [
      ...protocolRows(true),
      ['an unknown group', stateAndForm({ userId: person.id, groupId: 'nope' }), { code: 'group_not_found' }],
      ['an unknown person', stateAndForm({ userId: 'nobody', groupId: 'employees' }), { code: 'person_not_found' }],
    ],
    invitePersonAction: [
      ...protocolRows(true),
      ['HTML as the address', stateAndForm({ email: '<img src=x>@example.com', name: '', groupId: 'customers' }), { code: 'email_invalid' }],
      ['a 10,000-character name', stateAndForm({ email: 'new-person@example.com', name: long, groupId: 'customers' }), { code: 'invite_name' }],
      ['an unknown group', stateAndForm({ email: 'new-person@example.com', name: '', groupId: 'nope' }), { code: 'group_not_found' }],
      ['an address already in use', stateAndForm({ email: person.email, name: '', groupId: 'customers' }), { code: 'invite_member' }],
    ],
    inviteCsvAction: [
      ...protocolRows(true),
      ['text instead of a file', stateAndForm({ file: 'a@example.com', groupId: 'customers' }), { code: 'csv_file' }],
      ['an empty file', stateAndForm({ file: file(''), groupId: 'customers' }), { code: 'csv_file' }],
      ['a file of only a header', stateAndForm({ file: file('email,name,group\n'), groupId: 'customers' }), { code: 'csv_empty' }],
      ['an unknown default group', stateAndForm({ file: file('a@example.com\n'), groupId: 'nope' }), { code: 'group_not_found' }],
    ],
  }
  for (const [name, list] of Object.entries(rows)) await expectCleanAnswers(page.request, '/admin/people', actionId(ACTIONS.people, name), name, list)
  expect(await snapshot()).toBe(before)
  expect(await db().user.count({ where: { email: 'new-person@example.com' } })).toBe(0)
  expect(await db().user.count({ where: { email: 'a@example.com' } })).toBe(0)
})

import { randomBytes } from 'node:crypto'
import { db } from '../../../lib/db'
import { expect, test } from '../../fixtures'
import { actionId } from '../../support/server-actions'
import { ACTIONS, expectCleanAnswers, file, protocolRows, stateAndForm, type ActionBody, type Expected } from './rows'
import { removeUsers } from '../../support/users'

test('hostile input to the activity, sessions offer and profile actions gets a clean error state or 4xx, and deletes nothing', async ({
  context,
  user,
  signIn,
}) => {
  await signIn(context)
  const stranger = await db().user.create({ data: { email: `stranger-${randomBytes(4).toString('hex')}@example.com` }, select: { id: true } })
  const theirs = await db().auditEvent.create({ data: { userId: stranger.id, type: 'sign_in', result: 'success' }, select: { id: true } })
  const actions: { name: string; page: string; id: string; rows: [string, ActionBody, Expected][] }[] = [
    {
      name: 'reportActivityAction',
      page: '/account/activity',
      id: actionId(ACTIONS.activity, 'reportActivityAction'),
      rows: [
        ...protocolRows(true),
        ['a file as the event id', stateAndForm({ eventId: file('x') }), { code: 'activity_not_found' }],
        ['an event id of 10,000 characters', stateAndForm({ eventId: 'e'.repeat(10_000) }), { code: 'activity_not_found' }],
        ['another account’s event', stateAndForm({ eventId: theirs.id }), { code: 'activity_not_found' }],
        ['SQL as the event id', stateAndForm({ eventId: "' OR 1=1 --" }), { code: 'activity_not_found' }],
      ],
    },
    {
      name: 'dismissSignOutOthersOfferAction',
      page: '/account/passkeys',
      id: actionId(ACTIONS.sessions, 'dismissSignOutOthersOfferAction'),
      // It reads no fields: any well-formed call just hides the offer.
      rows: protocolRows(false),
    },
    {
      name: 'updateDisplayNameAction',
      page: '/account/profile',
      id: actionId(ACTIONS.profile, 'updateDisplayNameAction'),
      rows: [
        ...protocolRows(true),
        ['a file as the name', stateAndForm({ displayName: file('Ada') }), { code: 'display_name' }],
        ['a name of 10,000 characters', stateAndForm({ displayName: 'n'.repeat(10_000) }), { code: 'display_name' }],
        ['a name of only bidirectional overrides', stateAndForm({ displayName: '\u202e\u202d\u2066' }), { code: 'display_name' }],
        ['500 combining accents', stateAndForm({ displayName: `a${'\u0301'.repeat(500)}` }), { code: 'display_name' }],
      ],
    },
    {
      name: 'setNoticesAction',
      page: '/account/profile',
      id: actionId(ACTIONS.profile, 'setNoticesAction'),
      rows: [
        ...protocolRows(true),
        ['a value that is neither on nor off', stateAndForm({ newSignInNotices: 'maybe' }), { code: 'bad_request' }],
        ['a file as the value', stateAndForm({ newSignInNotices: file('off') }), { code: 'bad_request' }],
      ],
    },
    {
      name: 'sendEmailChangeCodeAction',
      page: '/account/profile',
      id: actionId(ACTIONS.profile, 'sendEmailChangeCodeAction'),
      rows: [
        ...protocolRows(true),
        ['a file as the address', stateAndForm({ email: file('a@example.com') }), { code: 'email_required' }],
        ['an address of 5,000 characters', stateAndForm({ email: `${'a'.repeat(5000)}@example.com` }), { code: 'email_too_long' }],
        ['HTML as the address', stateAndForm({ email: '<img src=x onerror=alert(1)>@example.com' }), { code: 'email_invalid' }],
        ['the account’s own address', stateAndForm({ email: user.email }), { code: 'email_change_same' }],
      ],
    },
    {
      name: 'confirmEmailChangeAction',
      page: '/account/profile',
      id: actionId(ACTIONS.profile, 'confirmEmailChangeAction'),
      rows: [
        ...protocolRows(true),
        ['Arabic-Indic digits as the code', stateAndForm({ code: '١٢٣٤٥٦' }), { code: 'code_format' }],
        ['a code with no request behind it', stateAndForm({ code: '123456' }), { code: 'request_gone' }],
      ],
    },
    {
      name: 'deleteAccountAction',
      page: '/account/profile',
      id: actionId(ACTIONS.profile, 'deleteAccountAction'),
      rows: [
        ...protocolRows(true),
        ['a file holding the address', stateAndForm({ confirmation: file(user.email) }), { code: 'delete_confirmation' }],
        ['another address', stateAndForm({ confirmation: 'someone@example.com' }), { code: 'delete_confirmation' }],
        ['the address with a right-to-left override inside', stateAndForm({ confirmation: `\u202e${user.email}` }), { code: 'delete_confirmation' }],
        ['SQL as the confirmation', stateAndForm({ confirmation: "' OR 1=1 --" }), { code: 'delete_confirmation' }],
      ],
    },
  ]
  for (const action of actions) await expectCleanAnswers(context.request, action.page, action.id, action.name, action.rows)

  expect(await db().user.count({ where: { id: { in: [user.id, stranger.id] } } })).toBe(2)
  expect(await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { email: true, displayName: true, newSignInNotices: true } })).toEqual({
    email: user.email,
    displayName: 'Test Person',
    newSignInNotices: true,
  })
  await removeUsers(stranger.id)
})

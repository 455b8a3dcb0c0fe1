import { randomBytes } from 'node:crypto'
import { db } from '../../../lib/db'
import { expect, test } from '../../fixtures'
import { actionId, callAction } from '../../support/server-actions'
import { APP } from '../../support/servers'
import { ACTIONS, expectCleanAnswers, file, protocolRows, stateAndForm, storedPasskey, type ActionBody, type Expected } from './rows'
import { removeUsers } from '../../support/users'

test('hostile input to every passkey, step-up and recovery action gets a clean error state or 4xx, never a 500', async ({ context, user, signIn }) => {
  await signIn(context)
  const own = await storedPasskey(user.id, 'Mine')
  const stranger = await db().user.create({ data: { email: `stranger-${randomBytes(4).toString('hex')}@example.com`, displayName: 'Stranger' } })
  const theirs = await storedPasskey(stranger.id, 'Theirs')

  const actions = [
    {
      name: 'renamePasskeyAction',
      page: '/account/passkeys',
      id: actionId(ACTIONS.passkeys, 'renamePasskeyAction'),
      rows: [
        ...protocolRows(true),
        ['a file as the name', stateAndForm({ passkeyId: own.id, name: file('Laptop') }), { code: 'passkey_name' }],
        ['a file as the id', stateAndForm({ passkeyId: file(own.id), name: 'Laptop' }), { code: 'passkey_not_found' }],
        ['no fields', stateAndForm({}), { code: 'passkey_not_found' }],
        ['a 99 KB name', stateAndForm({ passkeyId: own.id, name: 'n'.repeat(99 * 1024) }), { code: 'passkey_name' }],
        ['a name of 500 combining accents', stateAndForm({ passkeyId: own.id, name: `e${'\u0301'.repeat(500)}` }), { code: 'passkey_name' }],
        ['a name of only invisible characters', stateAndForm({ passkeyId: own.id, name: '\u202e\u200f\u0000\u2066 \t' }), { code: 'passkey_name' }],
        ['another user’s passkey id', stateAndForm({ passkeyId: theirs.id, name: 'Mine now' }), { code: 'passkey_not_found' }],
        ['an id that looks like SQL', stateAndForm({ passkeyId: "' OR '1'='1", name: 'x' }), { code: 'passkey_not_found' }],
        ['an id of 500 characters', stateAndForm({ passkeyId: 'c'.repeat(500), name: 'x' }), { code: 'passkey_not_found' }],
      ] as [string, ActionBody, Expected][],
    },
    {
      name: 'removePasskeyAction',
      page: '/account/passkeys',
      id: actionId(ACTIONS.passkeys, 'removePasskeyAction'),
      rows: [
        ...protocolRows(true),
        ['a file as the id', stateAndForm({ passkeyId: file(own.id) }), { code: 'passkey_not_found' }],
        ['no fields', stateAndForm({}), { code: 'passkey_not_found' }],
        ['another user’s passkey id', stateAndForm({ passkeyId: theirs.id }), { code: 'passkey_not_found' }],
        ['an id with odd unicode', stateAndForm({ passkeyId: `${own.id}\u0000\u202e` }), { code: 'passkey_not_found' }],
        ['an id of 10,000 characters', stateAndForm({ passkeyId: 'c'.repeat(10_000) }), { code: 'passkey_not_found' }],
      ] as [string, ActionBody, Expected][],
    },
    {
      name: 'snoozePasskeyNudgeAction',
      page: '/account',
      id: actionId(ACTIONS.passkeys, 'snoozePasskeyNudgeAction'),
      rows: protocolRows(false),
    },
    {
      name: 'sendStepUpCodeAction',
      page: '/account/confirm',
      id: actionId(ACTIONS.confirm, 'sendStepUpCodeAction'),
      rows: [
        ...protocolRows(true),
        ['a return path of 600 characters', stateAndForm({ returnTo: `/${'a'.repeat(600)}` }), { code: 'bad_request' }],
        ['a file as the time zone', stateAndForm({ timeZone: file('UTC') }), { code: 'bad_request' }],
      ] as [string, ActionBody, Expected][],
    },
    {
      name: 'verifyStepUpCodeAction',
      page: '/account/confirm',
      id: actionId(ACTIONS.confirm, 'verifyStepUpCodeAction'),
      rows: [
        ...protocolRows(true),
        ['a file as the code', stateAndForm({ code: file('123456') }), { code: 'code_format' }],
        ['fullwidth digits', stateAndForm({ code: '１２３４５６' }), { code: 'code_format' }],
        ['Arabic-Indic digits', stateAndForm({ code: '٠١٢٣٤٥' }), { code: 'code_format' }],
        ['a code padded to 10,000 characters', stateAndForm({ code: `123456${' '.repeat(10_000)}` }), { code: 'code_format' }],
        ['a code with no request behind it', stateAndForm({ code: '123456' }), { code: 'request_gone' }],
      ] as [string, ActionBody, Expected][],
    },
    {
      name: 'confirmTotpAction',
      page: '/account/recovery',
      id: actionId(ACTIONS.recovery, 'confirmTotpAction'),
      rows: [
        ...protocolRows(true),
        ['a file as the code', stateAndForm({ code: file('123456') }), { code: 'totp_format' }],
        ['Arabic-Indic digits', stateAndForm({ code: '١٢٣٤٥٦' }), { code: 'totp_format' }],
        ['HTML as the code', stateAndForm({ code: '<b>123456</b>' }), { code: 'totp_format' }],
        ['SQL as the code', stateAndForm({ code: "1' OR '1'='1" }), { code: 'totp_format' }],
        ['a code of 10,000 characters', stateAndForm({ code: '1'.repeat(10_000) }), { code: 'totp_format' }],
        ['a code with no setup behind it', stateAndForm({ code: '123456' }), { code: 'totp_missing' }],
      ] as [string, ActionBody, Expected][],
    },
    {
      name: 'sendBackupEmailCodeAction',
      page: '/account/recovery',
      id: actionId(ACTIONS.recovery, 'sendBackupEmailCodeAction'),
      rows: [
        ...protocolRows(true),
        ['a file as the address', stateAndForm({ email: file('a@example.com') }), { code: 'email_required' }],
        ['an address with a control character', stateAndForm({ email: 'a\u0000b@example.com' }), { code: 'email_characters' }],
        ['HTML as the address', stateAndForm({ email: '<img src=x onerror=alert(1)>@example.com' }), { code: 'email_invalid' }],
        ['an address of 5,000 characters', stateAndForm({ email: `${'a'.repeat(5000)}@example.com` }), { code: 'email_too_long' }],
        ['the account’s own address', stateAndForm({ email: user.email }), { code: 'backup_email_same' }],
      ] as [string, ActionBody, Expected][],
    },
    {
      name: 'confirmBackupEmailAction',
      page: '/account/recovery',
      id: actionId(ACTIONS.recovery, 'confirmBackupEmailAction'),
      rows: [
        ...protocolRows(true),
        ['letters as the code', stateAndForm({ code: 'abcdef' }), { code: 'code_format' }],
        ['a code with no request behind it', stateAndForm({ code: '123456' }), { code: 'request_gone' }],
      ] as [string, ActionBody, Expected][],
    },
    {
      name: 'revokeSessionAction',
      page: '/account/sessions',
      id: actionId(ACTIONS.sessions, 'revokeSessionAction'),
      rows: [
        ...protocolRows(true),
        ['a file as the session id', stateAndForm({ sessionId: file('x') }), { code: 'session_not_found' }],
        ['a session id of 10,000 characters', stateAndForm({ sessionId: 's'.repeat(10_000) }), { code: 'session_not_found' }],
        ['a session id nobody has', stateAndForm({ sessionId: "' OR 1=1 --" }), { code: 'session_not_found' }],
      ] as [string, ActionBody, Expected][],
    },
    {
      name: 'revokeOtherSessionsAction',
      page: '/account/sessions',
      id: actionId(ACTIONS.sessions, 'revokeOtherSessionsAction'),
      rows: protocolRows(true),
    },
    ...(['generateRecoveryCodesAction', 'startTotpAction', 'removeTotpAction', 'removeBackupEmailAction'] as const).map((name) => ({
      name,
      page: '/account/recovery',
      id: actionId(ACTIONS.recovery, name),
      // These forms have no fields: the protocol and argument-type rows are what can go wrong.
      rows: protocolRows(true),
    })),
  ]

  for (const action of actions) await expectCleanAnswers(context.request, action.page, action.id, action.name, action.rows)

  // Nothing hostile changed anyone's passkeys.
  expect(await db().passkey.findUnique({ where: { id: theirs.id }, select: { name: true } })).toEqual({ name: 'Theirs' })
  expect(await db().passkey.findUnique({ where: { id: own.id }, select: { name: true } })).toEqual({ name: 'Mine' })
  await removeUsers(stranger.id)
})

test('a passkey name keeps what people can read and drops what could disguise it', async ({ context, user, signIn }) => {
  await signIn(context)
  const own = await storedPasskey(user.id, 'Mine')
  const response = await callAction(
    context.request,
    '/account/passkeys',
    actionId(ACTIONS.passkeys, 'renamePasskeyAction'),
    stateAndForm({ passkeyId: own.id, name: '  Work\u202e\u0000  laptop 👩‍💻 Café\u0301\t ' }),
  )
  expect(await response.text()).toContain('"status":"success"')
  expect((await db().passkey.findUniqueOrThrow({ where: { id: own.id } })).name).toBe('Work laptop 👩‍💻 Café\u0301'.normalize('NFC'))
})

test('a form posted without JavaScript whose bound state is not JSON gets 400', async ({ context, signIn }) => {
  await signIn(context)
  const id = actionId(ACTIONS.passkeys, 'removePasskeyAction')
  const response = await context.request.post('/account/passkeys', {
    multipart: { $ACTION_REF_1: '', '$ACTION_1:0': `{"id":"${id}","bound":"$@1"}`, '$ACTION_1:1': '{{{', passkeyId: 'x' },
    headers: { origin: APP.url },
    maxRedirects: 0,
  })
  expect(response.status()).toBe(400)
  expect(await response.text()).toBe('This form could not be read. Reload the page and try again.')
})

import { randomBytes } from 'node:crypto'
import type { APIRequestContext } from '@playwright/test'
import { createEmailChallenge } from '../../lib/auth/email-code/challenge'
import { approvalNumber } from '../../lib/auth/email-code/link-approval'
import { db } from '../../lib/db'
import { expect, test } from '../fixtures'
import { actionId, callAction, type ActionBody, type ActionPart } from '../support/server-actions'
import { APP } from '../support/servers'

const PASSKEYS = 'app/(account)/account/passkeys/actions.ts'
const CONFIRM = 'app/(account)/account/confirm/actions.ts'
const RECOVERY = 'app/(account)/account/recovery/actions.ts'
const RECOVER = 'app/(auth)/recover/actions.ts'

type Field = ActionPart[1]
type Expected = { status: 400 | 413 } | { code: string } | { ok: true }

const idle = '{"status":"idle"}'
const file = (content: string): Field => ({ name: 'name.txt', mimeType: 'text/plain', buffer: Buffer.from(content) })

/**
 * A useActionState call as React's client encodes it: the form's fields
 * (prefixed `_1_`), then part 0 with the previous state and a reference to them.
 */
function stateAndForm(fields: Record<string, Field>): ActionBody {
  const parts: ActionPart[] = Object.entries(fields).map(([name, value]) => [`_1_${name}`, value])
  return { parts: [...parts, ['0', `[${idle},"$K1"]`]] }
}

/** A passkey row for the actions to find (its key is never used: no ceremony runs here). */
function storedPasskey(userId: string, name: string) {
  const data = { userId, name, credentialId: `${name}-${userId}`, publicKey: new Uint8Array([1]), aaguid: '00000000-0000-0000-0000-000000000000' }
  return db().passkey.create({ data: { ...data, backupEligible: false, backedUp: false, createdAt: new Date() } })
}

/** Bodies that are wrong for every action, whatever its fields: the protocol itself, argument types, size. */
function protocolRows(takesForm: boolean): [label: string, body: ActionBody, expected: Expected][] {
  const typeError: Expected = takesForm ? { code: 'bad_request' } : { ok: true }
  return [
    ['a body that is not JSON', { text: '{{{' }, { status: 400 }],
    ['an object instead of the argument list', { text: '{"name":"x"}' }, { status: 400 }],
    ['a server reference as an argument', { text: '["$F1"]' }, { status: 400 }],
    [
      'a reference path into the prototype',
      {
        parts: [
          ['1', '{}'],
          ['0', '["$1:__proto__:then"]'],
        ],
      },
      { status: 400 },
    ],
    ['a multipart body without the argument list', { parts: [['name', 'x']] }, { status: 400 }],
    ['no arguments at all', { text: '[]' }, typeError],
    ['a number instead of the form', { text: `[${idle},42]` }, typeError],
    ['a string instead of the form', { text: `[${idle},"passkeyId=x&name=y"]` }, typeError],
    ['null instead of the form', { text: `[${idle},null]` }, typeError],
    ['a 1 MB field', stateAndForm({ name: 'A'.repeat(1024 * 1024) }), { status: 413 }],
  ]
}

/** Sends each row to the action: the expected status, or a 200 with the expected error state; never a stack trace or a 500. */
async function expectCleanAnswers(request: APIRequestContext, page: string, id: string, name: string, rows: [string, ActionBody, Expected][]) {
  for (const [label, body, expected] of rows) {
    const what = `${name} with ${label}`
    const response = await callAction(request, page, id, body)
    const text = await response.text()
    expect(text, what).not.toMatch(/at \w+ \(|node_modules|prisma|digest/i)
    if ('status' in expected) {
      expect(response.status(), what).toBe(expected.status)
      continue
    }
    expect(response.status(), what).toBe(200)
    if ('code' in expected) expect(text, what).toContain(`"status":"error","code":"${expected.code}"`)
    else expect(text, what).not.toContain('"status":"error"')
  }
}

test('hostile input to every passkey, step-up and recovery action gets a clean error state or 4xx, never a 500', async ({ context, user, signIn }) => {
  await signIn(context)
  const own = await storedPasskey(user.id, 'Mine')
  const stranger = await db().user.create({ data: { email: `stranger-${randomBytes(4).toString('hex')}@example.com`, displayName: 'Stranger' } })
  const theirs = await storedPasskey(stranger.id, 'Theirs')

  const actions = [
    {
      name: 'renamePasskeyAction',
      page: '/account/passkeys',
      id: actionId(PASSKEYS, 'renamePasskeyAction'),
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
      id: actionId(PASSKEYS, 'removePasskeyAction'),
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
      id: actionId(PASSKEYS, 'snoozePasskeyNudgeAction'),
      rows: protocolRows(false),
    },
    {
      name: 'sendStepUpCodeAction',
      page: '/account/confirm',
      id: actionId(CONFIRM, 'sendStepUpCodeAction'),
      rows: [
        ...protocolRows(true),
        ['a return path of 600 characters', stateAndForm({ returnTo: `/${'a'.repeat(600)}` }), { code: 'bad_request' }],
        ['a file as the time zone', stateAndForm({ timeZone: file('UTC') }), { code: 'bad_request' }],
      ] as [string, ActionBody, Expected][],
    },
    {
      name: 'verifyStepUpCodeAction',
      page: '/account/confirm',
      id: actionId(CONFIRM, 'verifyStepUpCodeAction'),
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
      id: actionId(RECOVERY, 'confirmTotpAction'),
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
      id: actionId(RECOVERY, 'sendBackupEmailCodeAction'),
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
      id: actionId(RECOVERY, 'confirmBackupEmailAction'),
      rows: [
        ...protocolRows(true),
        ['letters as the code', stateAndForm({ code: 'abcdef' }), { code: 'code_format' }],
        ['a code with no request behind it', stateAndForm({ code: '123456' }), { code: 'request_gone' }],
      ] as [string, ActionBody, Expected][],
    },
    {
      name: 'revokeSessionAction',
      page: '/account/sessions',
      id: actionId('app/(account)/account/sessions/actions.ts', 'revokeSessionAction'),
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
      id: actionId('app/(account)/account/sessions/actions.ts', 'revokeOtherSessionsAction'),
      rows: protocolRows(true),
    },
    ...(['generateRecoveryCodesAction', 'startTotpAction', 'removeTotpAction', 'removeBackupEmailAction'] as const).map((name) => ({
      name,
      page: '/account/recovery',
      id: actionId(RECOVERY, name),
      // These forms have no fields: the protocol and argument-type rows are what can go wrong.
      rows: protocolRows(true),
    })),
  ]

  for (const action of actions) await expectCleanAnswers(context.request, action.page, action.id, action.name, action.rows)

  // Nothing hostile changed anyone's passkeys.
  expect(await db().passkey.findUnique({ where: { id: theirs.id }, select: { name: true } })).toEqual({ name: 'Theirs' })
  expect(await db().passkey.findUnique({ where: { id: own.id }, select: { name: true } })).toEqual({ name: 'Mine' })
  await db().user.delete({ where: { id: stranger.id } })
})

test('hostile input to every step of self-service recovery gets a clean error state or 4xx', async ({ playwright }) => {
  const request = await playwright.request.newContext({ baseURL: APP.url, extraHTTPHeaders: { 'x-forwarded-for': '198.51.100.41' } })
  const actions: { name: string; rows: [string, ActionBody, Expected][] }[] = [
    {
      name: 'requestRecoveryAction',
      rows: [
        ...protocolRows(true),
        ['a file as the address', stateAndForm({ email: file('a@example.com') }), { code: 'email_required' }],
        ['SQL as the address', stateAndForm({ email: "' OR 1=1 --@example.com" }), { code: 'email_characters' }],
        ['an address with a right-to-left override', stateAndForm({ email: 'a\u202eb@example.com' }), { code: 'email_invalid' }],
      ],
    },
    {
      name: 'verifyRecoveryEmailAction',
      rows: [
        ...protocolRows(true),
        ['fullwidth letters as the code', stateAndForm({ code: 'ＡＢＣＤＥＦ' }), { code: 'code_format' }],
        ['a code with no request behind it', stateAndForm({ code: '123456' }), { code: 'request_gone' }],
      ],
    },
    {
      name: 'completeRecoveryAction',
      rows: [
        ...protocolRows(true),
        ['an unknown kind of factor', stateAndForm({ kind: 'password', code: '123456' }), { code: 'bad_request' }],
        ['a code of 10,000 characters', stateAndForm({ kind: 'recovery_code', code: 'A'.repeat(10_000) }), { code: 'recovery_factor_wrong' }],
        ['HTML as the code, without a proven email', stateAndForm({ kind: 'totp', code: '<script>alert(1)</script>' }), { code: 'recovery_expired' }],
      ],
    },
    {
      name: 'redeemAccessCodeAction',
      rows: [
        ...protocolRows(true),
        ['a file as the code', stateAndForm({ email: 'a@example.com', code: file('AAAA-BBBB-CCCC-DDDD') }), { code: 'access_code_wrong' }],
        ['SQL as the code', stateAndForm({ email: 'a@example.com', code: "' OR '1'='1" }), { code: 'access_code_wrong' }],
        ['a code of 10,000 characters', stateAndForm({ email: 'a@example.com', code: 'A'.repeat(10_000) }), { code: 'access_code_wrong' }],
        ['a well-formed code nobody issued', stateAndForm({ email: 'a@example.com', code: 'AAAA-BBBB-CCCC-DDDD' }), { code: 'access_code_wrong' }],
      ],
    },
    {
      name: 'reportAccessCodeAction',
      rows: [
        ...protocolRows(true),
        ['a file as the token', stateAndForm({ token: file('x'.repeat(43)) }), { code: 'bad_request' }],
        ['a token of 10,000 characters', stateAndForm({ token: 't'.repeat(10_000) }), { code: 'bad_request' }],
        ['a well-formed token nobody has', stateAndForm({ token: 'A'.repeat(43) }), { code: 'bad_request' }],
      ],
    },
  ]
  for (const action of actions) await expectCleanAnswers(request, '/recover', actionId(RECOVER, action.name), action.name, action.rows)
  await request.dispose()
})

test('hostile input to the helpdesk actions gets a clean error state or 4xx', async ({ context, user, signIn }) => {
  const agent = await db().user.create({
    data: { email: `agent-${randomBytes(4).toString('hex')}@example.com`, role: 'helpdesk' },
    select: { id: true, email: true },
  })
  await signIn(context, { ...agent, displayName: 'Agent' })
  const HELPDESK = 'app/(admin)/admin/recovery/actions.ts'
  const valid = { userId: user.id, verification: 'Video call; matched the badge photo.', validHours: '1' }
  const issue = (fields: Record<string, Field>, checks: Field[] = ['video_call']): ActionBody => {
    const body = stateAndForm(fields) as { parts: ActionPart[] }
    return { parts: [...checks.map((check): ActionPart => ['_1_checks', check]), ...body.parts] }
  }
  await expectCleanAnswers(context.request, '/admin/recovery', actionId(HELPDESK, 'issueAccessCodeAction'), 'issueAccessCodeAction', [
    ...protocolRows(true),
    ['no checks ticked', issue(valid, []), { code: 'verification_checks' }],
    ['an unknown check', issue(valid, ['bribed_them']), { code: 'verification_checks' }],
    ['a file as a check', issue(valid, [file('video_call')]), { code: 'verification_checks' }],
    ['a too short description', issue({ ...valid, verification: 'ok' }), { code: 'verification_text' }],
    ['a description of 5,000 characters', issue({ ...valid, verification: 'x'.repeat(5000) }), { code: 'verification_text' }],
    ['only control characters as the description', issue({ ...valid, verification: '\u0000\u0001\u202e'.repeat(10) }), { code: 'verification_text' }],
    ['a validity of 1000 hours', issue({ ...valid, validHours: '1000' }), { code: 'bad_request' }],
    ['an id nobody has', issue({ ...valid, userId: "' OR 1=1 --" }), { code: 'access_code_user_unknown' }],
    ['the agent’s own account', issue({ ...valid, userId: agent.id }), { code: 'access_code_self' }],
  ])
  await expectCleanAnswers(context.request, '/admin/recovery', actionId(HELPDESK, 'approveAccessCodeAction'), 'approveAccessCodeAction', [
    ...protocolRows(true),
    ['a request id nobody has', stateAndForm({ requestId: 'nope' }), { code: 'access_code_gone' }],
    ['a request id of 10,000 characters', stateAndForm({ requestId: 'x'.repeat(10_000) }), { code: 'access_code_gone' }],
  ])
  expect(await db().accessCode.count({ where: { userId: user.id } })).toBe(0)
  await db().user.delete({ where: { id: agent.id } })
})

test('a passkey name keeps what people can read and drops what could disguise it', async ({ context, user, signIn }) => {
  await signIn(context)
  const own = await storedPasskey(user.id, 'Mine')
  const response = await callAction(
    context.request,
    '/account/passkeys',
    actionId(PASSKEYS, 'renamePasskeyAction'),
    stateAndForm({ passkeyId: own.id, name: '  Work\u202e\u0000  laptop 👩‍💻 Café\u0301\t ' }),
  )
  expect(await response.text()).toContain('"status":"success"')
  expect((await db().passkey.findUniqueOrThrow({ where: { id: own.id } })).name).toBe('Work laptop 👩‍💻 Café\u0301'.normalize('NFC'))
})

test('a form posted without JavaScript whose bound state is not JSON gets 400', async ({ context, signIn }) => {
  await signIn(context)
  const id = actionId(PASSKEYS, 'removePasskeyAction')
  const response = await context.request.post('/account/passkeys', {
    multipart: { $ACTION_REF_1: '', '$ACTION_1:0': `{"id":"${id}","bound":"$@1"}`, '$ACTION_1:1': '{{{', passkeyId: 'x' },
    headers: { origin: APP.url },
    maxRedirects: 0,
  })
  expect(response.status()).toBe(400)
  expect(await response.text()).toBe('This form could not be read. Reload the page and try again.')
})

test('hostile input to the activity, sessions offer and profile actions gets a clean error state or 4xx, and deletes nothing', async ({
  context,
  user,
  signIn,
}) => {
  await signIn(context)
  const ACTIVITY = 'app/(account)/account/activity/actions.ts'
  const PROFILE = 'app/(account)/account/profile/actions.ts'
  const stranger = await db().user.create({ data: { email: `stranger-${randomBytes(4).toString('hex')}@example.com` }, select: { id: true } })
  const theirs = await db().auditEvent.create({ data: { userId: stranger.id, type: 'sign_in', result: 'success' }, select: { id: true } })
  const actions: { name: string; page: string; id: string; rows: [string, ActionBody, Expected][] }[] = [
    {
      name: 'reportActivityAction',
      page: '/account/activity',
      id: actionId(ACTIVITY, 'reportActivityAction'),
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
      id: actionId('app/(account)/account/sessions/actions.ts', 'dismissSignOutOthersOfferAction'),
      // It reads no fields: any well-formed call just hides the offer.
      rows: protocolRows(false),
    },
    {
      name: 'updateDisplayNameAction',
      page: '/account/profile',
      id: actionId(PROFILE, 'updateDisplayNameAction'),
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
      id: actionId(PROFILE, 'setNoticesAction'),
      rows: [
        ...protocolRows(true),
        ['a value that is neither on nor off', stateAndForm({ newSignInNotices: 'maybe' }), { code: 'bad_request' }],
        ['a file as the value', stateAndForm({ newSignInNotices: file('off') }), { code: 'bad_request' }],
      ],
    },
    {
      name: 'sendEmailChangeCodeAction',
      page: '/account/profile',
      id: actionId(PROFILE, 'sendEmailChangeCodeAction'),
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
      id: actionId(PROFILE, 'confirmEmailChangeAction'),
      rows: [
        ...protocolRows(true),
        ['Arabic-Indic digits as the code', stateAndForm({ code: '١٢٣٤٥٦' }), { code: 'code_format' }],
        ['a code with no request behind it', stateAndForm({ code: '123456' }), { code: 'request_gone' }],
      ],
    },
    {
      name: 'deleteAccountAction',
      page: '/account/profile',
      id: actionId(PROFILE, 'deleteAccountAction'),
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
  await db().user.delete({ where: { id: stranger.id } })
})

test('hostile input to the link confirmation (approve with a number) gets a clean error state or 4xx', async ({ request, user }) => {
  const LINK = 'app/(auth)/sign-in/link/actions.ts'
  const challenge = await createEmailChallenge({
    email: user.email,
    returnTo: null,
    context: { ipAddress: null, userAgent: null },
    recipient: { userId: user.id, deliver: true },
  })
  const number = approvalNumber(challenge.challengeId)
  const other = number === '42' ? '43' : '42'
  const fullwidth = [...number].map((digit) => String.fromCharCode(0xff10 + Number(digit))).join('')
  const approve = (fields: Record<string, Field>) => stateAndForm({ token: challenge.linkToken, mode: 'approve', ...fields })
  await expectCleanAnswers(request, '/sign-in/link', actionId(LINK, 'confirmLinkAction'), 'confirmLinkAction', [
    ...protocolRows(true),
    ['an unknown mode', stateAndForm({ token: challenge.linkToken, mode: 'steal' }), { code: 'bad_request' }],
    ['a token nobody has', stateAndForm({ token: 'x'.repeat(43), mode: 'here' }), { code: 'link_invalid' }],
    ['a number of 10,000 characters', approve({ number: '4'.repeat(10_000) }), { code: 'bad_request' }],
    ['a file as the number', approve({ number: file(number) }), { code: 'bad_request' }],
    ['no number', approve({}), { code: 'approval_number_wrong' }],
    ['the wrong number', approve({ number: other }), { code: 'approval_number_wrong' }],
    [
      'the right number in Arabic-Indic digits',
      approve({ number: [...number].map((digit) => String.fromCharCode(0x0660 + Number(digit))).join('') }),
      { code: 'approval_number_wrong' },
    ],
    ['the right number in fullwidth digits', approve({ number: fullwidth }), { ok: true }],
  ])
  expect(await db().emailChallenge.findUniqueOrThrow({ where: { id: challenge.challengeId }, select: { status: true, attempts: true } })).toEqual({
    status: 'approved',
    attempts: 3,
  })
})

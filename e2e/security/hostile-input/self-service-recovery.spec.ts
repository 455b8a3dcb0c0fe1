import { test } from '../../fixtures'
import { actionId } from '../../support/server-actions'
import { APP } from '../../support/servers'
import { ACTIONS, expectCleanAnswers, file, protocolRows, stateAndForm, type ActionBody, type Expected } from './rows'

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
  for (const action of actions) await expectCleanAnswers(request, '/recover', actionId(ACTIONS.recover, action.name), action.name, action.rows)
  await request.dispose()
})

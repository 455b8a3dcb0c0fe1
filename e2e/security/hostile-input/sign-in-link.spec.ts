import { createEmailChallenge } from '../../../lib/auth/email-code/challenge'
import { approvalNumber } from '../../../lib/auth/email-code/link-approval'
import { db } from '../../../lib/db'
import { expect, test } from '../../fixtures'
import { actionId } from '../../support/server-actions'
import { ACTIONS, expectCleanAnswers, file, protocolRows, stateAndForm, type Field } from './rows'

test('hostile input to the link confirmation (approve with a number) gets a clean error state or 4xx', async ({ request, user }) => {
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
  await expectCleanAnswers(request, '/sign-in/link', actionId(ACTIONS.link, 'confirmLinkAction'), 'confirmLinkAction', [
    ...protocolRows(true),
    ['an unknown mode', stateAndForm({ token: challenge.linkToken, mode: 'steal' }), { code: 'bad_request' }],
    ['a token nobody has', stateAndForm({ token: 'x'.repeat(43), mode: 'here' }), { code: 'link_invalid' }],
    ['a number of 10,000 characters', approve({ number: '4'.repeat(10_000) }), { code: 'bad_request' }],
    // "Sign in here" from this other browser needs the code from the same email.
    ['sign in here without the code', stateAndForm({ token: challenge.linkToken, mode: 'here' }), { code: 'code_wrong' }],
    ['a code of 10,000 characters', stateAndForm({ token: challenge.linkToken, mode: 'here', code: '1'.repeat(10_000) }), { code: 'bad_request' }],
    ['a file as the code', stateAndForm({ token: challenge.linkToken, mode: 'here', code: file(challenge.code) }), { code: 'bad_request' }],
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
  // Only the two numbers typed wrong took an attempt: pressing with nothing typed takes none.
  expect(await db().emailChallenge.findUniqueOrThrow({ where: { id: challenge.challengeId }, select: { status: true, attempts: true } })).toEqual({
    status: 'approved',
    attempts: 2,
  })
})

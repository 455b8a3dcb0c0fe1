import { randomBytes } from 'node:crypto'
import { db } from '../../../lib/db'
import { expect, test } from '../../fixtures'
import { actionId, type ActionBody, type ActionPart } from '../../support/server-actions'
import { ACTIONS, expectCleanAnswers, file, protocolRows, stateAndForm, type Field } from './rows'
import { removeUsers } from '../../support/users'

test('hostile input to the helpdesk actions gets a clean error state or 4xx', async ({ context, user, signIn }) => {
  const agent = await db().user.create({
    data: { email: `agent-${randomBytes(4).toString('hex')}@example.com`, role: 'helpdesk' },
    select: { id: true, email: true },
  })
  await signIn(context, { ...agent, displayName: 'Agent' })
  const valid = { userId: user.id, verification: 'Video call; matched the badge photo.', validHours: '1' }
  const issue = (fields: Record<string, Field>, checks: Field[] = ['video_call']): ActionBody => {
    const body = stateAndForm(fields) as { parts: ActionPart[] }
    return { parts: [...checks.map((check): ActionPart => ['_1_checks', check]), ...body.parts] }
  }
  await expectCleanAnswers(context.request, '/admin/recovery', actionId(ACTIONS.helpdesk, 'issueAccessCodeAction'), 'issueAccessCodeAction', [
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
  await expectCleanAnswers(context.request, '/admin/recovery', actionId(ACTIONS.helpdesk, 'approveAccessCodeAction'), 'approveAccessCodeAction', [
    ...protocolRows(true),
    ['a request id nobody has', stateAndForm({ requestId: 'nope' }), { code: 'access_code_gone' }],
    ['a request id of 10,000 characters', stateAndForm({ requestId: 'x'.repeat(10_000) }), { code: 'access_code_gone' }],
  ])
  expect(await db().accessCode.count({ where: { userId: user.id } })).toBe(0)
  await removeUsers(agent.id)
})

import { randomBytes } from 'node:crypto'
import { db } from '../../lib/db'
import { applyPreset, findPreset } from '../../lib/policy/presets'
import { readPolicy } from '../../lib/policy/schema'
import { expect, test } from '../fixtures'
import { actionId, callAction, type ActionBody } from '../support/server-actions'
import { ACTIONS, expectCleanAnswers, file, protocolRows, stateAndForm, type Expected } from '../security/hostile-input/rows'
import { groupWith, userIn } from './support'

test('validation puts each error next to its field and saves nothing', async ({ page, signIn }) => {
  const admin = await userIn('customers', 'admin')
  await signIn(page.context(), { ...admin, displayName: 'Policy Person' })
  const group = await groupWith({})
  const before = (await db().group.findUniqueOrThrow({ where: { id: group } })).policy

  await page.goto(`/admin/policies/${group}`)
  const editor = page.getByTestId('policy-editor')
  for (const method of ['Passkey', 'Emailed code', 'Emailed link']) await editor.getByLabel(method, { exact: true }).uncheck()
  await editor.getByRole('button', { name: 'Save policy' }).click()
  await expect(editor.getByRole('group', { name: 'Sign-in methods' })).toContainText('Choose at least one way to sign in.')

  await editor.getByLabel('Passkey', { exact: true }).check()
  await editor.getByLabel('Emailed code and link valid (minutes, at most 10)').fill('30')
  await editor.getByRole('button', { name: 'Save policy' }).click()
  const lifetime = editor.getByLabel('Emailed code and link valid (minutes, at most 10)')
  await expect(lifetime).toHaveAttribute('aria-invalid', 'true')
  await expect(editor.getByText('Emailed codes and links live 2 to 10 minutes')).toBeVisible()

  await lifetime.fill('10')
  await editor.getByLabel('Which authenticators').selectOption('allow')
  await editor.getByRole('button', { name: 'Save policy' }).click()
  await expect(editor.getByRole('group', { name: 'Authenticators' })).toContainText('at least one when the list is used')
  expect((await db().group.findUniqueOrThrow({ where: { id: group } })).policy).toBe(before)

  await editor.getByLabel('Which authenticators').selectOption('any')
  await editor.getByLabel('Session idle timeout (minutes)').fill('30')
  await editor.getByRole('button', { name: 'Save policy' }).click()
  await expect(editor.getByRole('status')).toContainText('Saved.')
  expect(readPolicy((await db().group.findUniqueOrThrow({ where: { id: group } })).policy)).toMatchObject({
    methods: ['passkey'],
    session: { idleMinutes: 30 },
  })
})

test('applying the phase-4 preset to Employees changes their policy as previewed and records the phase', async ({ page, signIn }) => {
  const admin = await userIn('customers', 'admin')
  await signIn(page.context(), { ...admin, displayName: 'Policy Person' })
  const before = readPolicy((await db().group.findUniqueOrThrow({ where: { id: 'employees' } })).policy)
  const preset = findPreset('workforce-4')!

  await page.goto('/admin/policies/employees?preset=workforce-4')
  const preview = page.getByTestId('preset-preview')
  await expect(preview.getByRole('row')).toHaveCount(5)
  await expect(preview.getByRole('row', { name: /Sign-in methods/ })).toContainText('passkey or emailed code')
  await expect(preview.getByRole('row', { name: /Confirmation lasts/ })).toContainText('5 minutes')
  await preview.getByRole('button', { name: 'Apply to Employees' }).click()
  await expect(preview.getByRole('status')).toContainText('Employees now follows')

  const stored = await db().group.findUniqueOrThrow({ where: { id: 'employees' } })
  expect(readPolicy(stored.policy)).toEqual(applyPreset(before, preset))
  expect(stored.preset).toBe('workforce-4')
  const event = await db().auditEvent.findFirstOrThrow({ where: { userId: admin.id, type: 'group_policy_changed' }, orderBy: { createdAt: 'desc' } })
  expect(JSON.parse(event.detail!)).toMatchObject({ groupId: 'employees', preset: 'workforce-4', phase: preset.name })
  expect(JSON.parse(JSON.parse(event.detail!).changes)).toEqual(
    expect.arrayContaining([{ key: 'stepUp.windowMinutes', before: '10 minutes', after: '5 minutes' }]),
  )
})

test('a preset that would weaken Administrators keeps their floor, and the preview says what it kept and why', async ({ page, signIn }) => {
  const admin = await userIn('customers', 'admin')
  await signIn(page.context(), { ...admin, displayName: 'Policy Person' })
  const before = await db().group.findUniqueOrThrow({ where: { id: 'administrators' }, select: { policy: true, preset: true } })
  // The server is shared: whatever happens here, Administrators end as they were.
  try {
    // Phase 1 allows every method, asks for no passkey and confirms by passkey or emailed code.
    await page.goto('/admin/policies/administrators?preset=workforce-1')
    const preview = page.getByTestId('preset-preview')
    const kept = preview.getByRole('list', { name: 'Settings kept at the group’s floor' })
    await expect(kept).toContainText('Confirming it’s you: kept at passkey only, not passkey or emailed code — Administrators never go below it.')
    await expect(kept).toContainText('Sign-in methods: kept at passkey or emailed code, not passkey, emailed code or emailed link')
    await expect(kept).toContainText('Passkeys: kept at passkey required, not passkey optional')
    await expect(preview.getByRole('row', { name: /Confirming it’s you/ })).toHaveCount(0)
    await preview.getByRole('button', { name: 'Apply to Administrators' }).click()
    await expect(preview.getByRole('status')).toContainText('Administrators now follows')

    const stored = await db().group.findUniqueOrThrow({ where: { id: 'administrators' } })
    expect(readPolicy(stored.policy)).toMatchObject({
      passkey: 'required',
      stepUp: { methods: 'passkey', windowMinutes: 5 },
      methods: ['passkey', 'email_code'],
    })
    expect(readPolicy(stored.policy)).toEqual(readPolicy(before.policy))
    expect(stored.preset).toBe('workforce-1')
    const event = await db().auditEvent.findFirstOrThrow({ where: { userId: admin.id, type: 'group_policy_changed' }, orderBy: { createdAt: 'desc' } })
    expect(JSON.parse(event.detail!)).toMatchObject({ groupId: 'administrators', preset: 'workforce-1', kept: expect.stringContaining('stepUp.methods') })

    // Lowering it by hand is refused as well, and recorded.
    await page.goto('/admin/policies/administrators')
    await expect(page.getByTestId('policy-floor')).toContainText('Confirming it’s you: passkey only')
    const editor = page.getByTestId('policy-editor')
    await editor.getByLabel('Confirming it’s you').selectOption('passkey_or_email')
    await editor.getByRole('button', { name: 'Save policy' }).click()
    await expect(editor).toContainText('never go below their floor')
    expect(readPolicy((await db().group.findUniqueOrThrow({ where: { id: 'administrators' } })).policy).stepUp.methods).toBe('passkey')
    expect(await db().auditEvent.count({ where: { userId: admin.id, type: 'group_policy_changed', result: 'failure', reason: 'policy_below_floor' } })).toBe(1)
  } finally {
    await db().group.update({ where: { id: 'administrators' }, data: before })
  }
})

test('moving people and the person preview say the same as the server', async ({ page, signIn }) => {
  const admin = await userIn('customers', 'admin')
  await signIn(page.context(), { ...admin, displayName: 'Policy Person' })
  const person = await userIn('customers')
  await page.goto('/admin/policies')
  await page.getByLabel('Email addresses, one per line').fill(`${person.email}\nnobody-${randomBytes(3).toString('hex')}@example.com`)
  await page.getByLabel('Into the group').selectOption({ label: 'Administrators' })
  await page.getByTestId('move-members').getByRole('button', { name: 'Move' }).click()
  await expect(page.getByTestId('move-members').getByRole('status')).toContainText('1 account moved. No account has nobody-')
  expect((await db().user.findUniqueOrThrow({ where: { id: person.id } })).groupId).toBe('administrators')
  expect(await db().auditEvent.count({ where: { userId: person.id, type: 'group_members_moved' } })).toBe(1)

  await page.getByLabel('Their email address').fill(person.email)
  await page.getByRole('button', { name: 'Show' }).click()
  const preview = page.getByTestId('person-preview')
  await expect(preview).toContainText('is in Administrators')
  await expect(preview).toContainText('sent to add a passkey first')
  await expect(preview).toContainText('15 minutes idle, 12 hours in all')
})

test('a change without a fresh confirmation is refused and changes nothing', async ({ page, signIn }) => {
  const admin = await userIn('customers', 'admin')
  const { sessionId } = await signIn(page.context(), { ...admin, displayName: 'Policy Person' })
  await db().session.update({ where: { id: sessionId }, data: { verifiedAt: new Date(Date.now() - 60 * 60_000) } })
  const group = await groupWith({})
  const response = await callAction(
    page.request,
    '/admin/policies',
    actionId(ACTIONS.policies, 'applyPresetAction'),
    stateAndForm({ groupId: group, presetId: 'workforce-4' }),
  )
  expect(await response.text()).toContain('"code":"step_up_required"')
  expect((await db().group.findUniqueOrThrow({ where: { id: group } })).preset).toBeNull()
})

test('hostile input to every policy action gets a clean error and changes nothing; other roles get 404', async ({ page, signIn }) => {
  const admin = await userIn('customers', 'admin')
  await signIn(page.context(), { ...admin, displayName: 'Policy Person' })
  const group = await groupWith({})
  // Other tests make groups of their own meanwhile (support.ts names them "Test group <hex>"); no hostile row makes such a name.
  const snapshot = async () =>
    JSON.stringify(
      (await db().group.findMany({ orderBy: { id: 'asc' }, select: { id: true, name: true, policy: true, preset: true, isDefault: true } })).filter(
        (group) => !/^Test group [0-9a-f]{8}$/.test(group.name),
      ),
    )
  const before = await snapshot()
  const long = 'x'.repeat(10_000)
  const rows: Record<string, [string, ActionBody, Expected][]> = {
    savePolicyAction: [
      ...protocolRows(true),
      ['an unknown group', stateAndForm({ groupId: 'no-such-group', 'policy.methods': 'passkey', ...numbers() }), { code: 'group_not_found' }],
      ['a file as the group', stateAndForm({ groupId: file(group), 'policy.methods': 'passkey', ...numbers() }), { code: 'group_not_found' }],
      ['an unknown method', stateAndForm({ groupId: group, 'policy.methods': 'password', ...numbers() }), { code: 'policy_methods' }],
      [
        'words as a timeout',
        stateAndForm({ groupId: group, 'policy.methods': 'passkey', ...numbers(), 'policy.session.idleMinutes': long }),
        { code: 'policy_timeouts' },
      ],
      [
        'a recovery wait of no time at all',
        stateAndForm({ groupId: group, 'policy.methods': 'passkey', ...numbers(), 'policy.recovery.emailAloneWaitHours': '0' }),
        { code: 'policy_recovery_wait' },
      ],
      [
        'an AAGUID list of junk',
        stateAndForm({
          groupId: group,
          'policy.methods': 'passkey',
          ...numbers(),
          'policy.authenticators.list': 'block',
          'policy.authenticators.aaguids': long,
        }),
        { code: 'policy_aaguids' },
      ],
      [
        'an unknown certification level',
        stateAndForm({
          groupId: group,
          'policy.methods': 'passkey',
          ...numbers(),
          'policy.authenticators.verified': 'on',
          'policy.authenticators.minimumCertification': long,
        }),
        { code: 'policy_attestation' },
      ],
      [
        'enterprise attestation without verified models',
        stateAndForm({
          groupId: group,
          'policy.methods': 'passkey',
          ...numbers(),
          'policy.authenticators.enterprise': 'on',
          'policy.authenticators.minimumCertification': 'L1',
        }),
        { code: 'policy_attestation' },
      ],
    ],
    applyPresetAction: [
      ...protocolRows(true),
      ['an unknown preset', stateAndForm({ groupId: group, presetId: 'phase-99' }), { code: 'preset_not_found' }],
      ['an unknown group', stateAndForm({ groupId: 'no-such-group', presetId: 'workforce-1' }), { code: 'group_not_found' }],
    ],
    createGroupAction: [
      ...protocolRows(true),
      ['a 10,000-character name', stateAndForm({ name: long, description: '' }), { code: 'group_name' }],
      ['a name of only invisible characters', stateAndForm({ name: '\u202e\u200f ', description: '' }), { code: 'group_name' }],
      ['a name another group has', stateAndForm({ name: 'Administrators', description: '' }), { code: 'group_name' }],
      ['a 10,000-character description', stateAndForm({ name: 'Fine', description: long }), { code: 'group_description' }],
    ],
    renameGroupAction: [
      ...protocolRows(true),
      ['an unknown group', stateAndForm({ groupId: 'nope', name: 'Fine', description: '' }), { code: 'group_not_found' }],
    ],
    setDefaultGroupAction: [...protocolRows(true), ['an unknown group', stateAndForm({ groupId: long }), { code: 'group_not_found' }]],
    moveMembersAction: [
      ...protocolRows(true),
      ['no addresses', stateAndForm({ groupId: group, emails: '' }), { code: 'group_move_none' }],
      ['something that is not an address', stateAndForm({ groupId: group, emails: '<script>@example.com' }), { code: 'email_invalid' }],
      ['an unknown group', stateAndForm({ groupId: 'nope', emails: admin.email }), { code: 'group_not_found' }],
    ],
  }
  for (const [name, list] of Object.entries(rows)) await expectCleanAnswers(page.request, '/admin/policies', actionId(ACTIONS.policies, name), name, list)
  expect(await snapshot()).toBe(before)
  expect((await db().user.findUniqueOrThrow({ where: { id: admin.id } })).groupId).toBe('customers')

  // A helpdesk agent (another role) and a plain user: the page does not exist, and its actions refuse.
  for (const role of ['helpdesk', 'user'] as const) {
    const other = await userIn('customers', role)
    const browserContext = await page.context().browser()!.newContext()
    await signIn(browserContext, { ...other, displayName: 'Policy Person' })
    expect((await browserContext.request.get('/admin/policies')).status()).toBe(404)
    const refused = await callAction(
      browserContext.request,
      '/admin/policies',
      actionId(ACTIONS.policies, 'setDefaultGroupAction'),
      stateAndForm({ groupId: group }),
    )
    expect(await refused.text()).toContain('"code":"not_found"')
    await browserContext.close()
  }
  expect(await snapshot()).toBe(before)
})

/** Valid numbers for every number field of the editor. */
function numbers() {
  return {
    'policy.passkey': 'nudge',
    'policy.stepUp.windowMinutes': '10',
    'policy.stepUp.methods': 'passkey_or_email',
    'policy.session.idleMinutes': '60',
    'policy.session.absoluteHours': '24',
    'policy.lifetimes.emailCodeMinutes': '10',
    'policy.lifetimes.invitationHours': '72',
    'policy.recovery.emailAloneWaitHours': '24',
    'policy.authenticators.list': 'any',
  }
}

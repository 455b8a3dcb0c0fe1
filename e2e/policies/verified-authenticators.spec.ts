import { randomUUID } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { db } from '../../lib/db'
import { makeTestMetadataService, type TestMetadataService } from '../../testing/metadata-service'
import { expect, test } from '../fixtures'
import { addVirtualAuthenticator } from '../support/authenticator'
import { latestEmailTo } from '../support/mailbox'
import { actionId } from '../support/server-actions'
import { METADATA_FILES } from '../support/servers'
import { createPasskeysWith, type NextAuthenticator } from '../support/soft-creation'
import { removeUsers } from '../support/users'
import { ACTIONS, expectCleanAnswers, file, protocolRows, stateAndForm } from '../security/hostile-input/rows'
import { groupWith, userIn } from './support'

const PAGE = '/admin/authenticators'

/** Writes a BLOB of the suite's metadata service where the servers read it; each one numbered above the last. */
function publish(service: TestMetadataService, entries: Parameters<TestMetadataService['blob']>[0], no: number) {
  writeFileSync(METADATA_FILES.blob, service.blob(entries, { no, nextUpdate: '2099-01-01' }))
}

test('a verified-authenticators group takes only an attested model, and a recall of it reaches its holder', async ({ page, signIn }) => {
  mkdirSync(METADATA_FILES.directory, { recursive: true })
  const service = await makeTestMetadataService(METADATA_FILES.directory)
  const model = randomUUID()
  const first = Math.floor(Date.now() / 1000)
  publish(service, [service.model({ aaguid: model, description: 'Portal Test Key', certificationLevel: 'L2' })], first)

  // An administrator loads it from the configured file.
  const admins = await groupWith({})
  const admin = await userIn(admins, 'admin')
  const adminContext = await page.context().browser()!.newContext()
  await signIn(adminContext, { ...admin, displayName: 'Policy Person' })
  const adminPage = await adminContext.newPage()
  await adminPage.goto(PAGE)
  await adminPage.getByRole('button', { name: 'Check for new metadata now' }).click()
  await expect(adminPage.getByText('New metadata loaded: 1 model.')).toBeVisible()
  await expect(adminPage.getByTestId('metadata-status')).toContainText(`number ${first}, 1 model,`)

  // A person of a group that accepts verified models only.
  const group = await groupWith({ authenticators: { verified: true } })
  const person = await userIn(group)
  await signIn(page.context(), { ...person, displayName: 'Policy Person' })
  await addVirtualAuthenticator(page)
  const next: NextAuthenticator = { aaguid: model, attestation: { kind: 'none' } }
  await createPasskeysWith(page, next)
  await page.goto('/account/passkeys')
  await page.bringToFront()
  const add = page.getByRole('button', { name: 'Add a passkey' })
  const refusals: [NextAuthenticator['attestation'], string][] = [
    [{ kind: 'none' }, 'Your organisation accepts only security keys and apps that prove their model'],
    [{ kind: 'self' }, 'Your organisation accepts only security keys and apps that prove their model'],
    [await service.attestation(model, { unlistedRoot: true }), 'This security key’s model couldn’t be verified'],
  ]
  for (const [attestation, message] of refusals) {
    next.attestation = attestation
    await add.click()
    await expect(page.getByText(message)).toBeVisible()
    await page.reload()
  }
  expect(await db().passkey.count({ where: { userId: person.id } })).toBe(0)

  next.attestation = await service.attestation(model)
  await add.click()
  await expect(page.getByTestId('passkey-created')).toBeVisible()
  await page.reload()
  await expect(page.getByTestId('passkey-model')).toHaveText('Portal Test Key (verified)')
  await expect(page.getByTestId('passkey-model')).toHaveAttribute('data-verified', 'true')

  // The helpdesk's view says the same.
  await adminPage.goto(`/admin/people/${person.id}`)
  await expect(adminPage.getByTestId('person-passkey-model')).toHaveText('Portal Test Key (verified model)')

  // The next BLOB reports the model compromised: the recall lists the holder by group.
  publish(
    service,
    [service.model({ aaguid: model, description: 'Portal Test Key', status: 'USER_KEY_REMOTE_COMPROMISE', certificationLevel: 'L2' })],
    first + 1,
  )
  await adminPage.goto(PAGE)
  await adminPage.getByRole('button', { name: 'Check for new metadata now' }).click()
  await expect(adminPage.getByText('New metadata loaded: 1 model.')).toBeVisible()
  await adminPage.reload()
  const recall = adminPage.getByRole('region', { name: 'Portal Test Key' })
  const groupName = (await db().group.findUniqueOrThrow({ where: { id: group }, select: { name: true } })).name
  await expect(recall.getByTestId('recall-groups')).toContainText(groupName)
  await expect(recall.getByTestId('recall-holders').getByRole('link', { name: 'Policy Person' })).toHaveAttribute('href', `/admin/people/${person.id}`)
  await expect(recall.getByTestId('recall-holders')).toContainText('verified model')

  // Telling the holder queues the email with the steps; stopping from today takes effect at once.
  await recall.getByRole('button', { name: 'Tell holders of Portal Test Key' }).click()
  await expect(recall.getByText('1 person will be emailed.')).toBeVisible()
  const email = await latestEmailTo(person.email, /passkey of yours needs replacing/)
  expect(email.text).toContain('Portal Test Key')
  expect(email.text).toContain('add a new passkey')
  await recall.getByLabel('Stop on (start of the day)').fill(new Date().toISOString().slice(0, 10))
  await recall.getByRole('button', { name: 'Stop these passkeys of Portal Test Key' }).click()
  await expect(recall.getByText(/1 passkey stops signing in from/)).toBeVisible()
  const stored = await db().passkey.findFirstOrThrow({ where: { userId: person.id }, select: { revokeAt: true } })
  expect(stored.revokeAt!.getTime()).toBeLessThanOrEqual(Date.now())
  await adminPage.goto(`/admin/people/${person.id}`)
  await expect(adminPage.getByTestId('person-passkey')).toContainText('recalled: stops')

  // Hostile input to the three actions gets a clean answer and changes nothing.
  const long = 'x'.repeat(10_000)
  await expectCleanAnswers(adminPage.request, PAGE, actionId(ACTIONS.authenticators, 'refreshMetadataAction'), 'refreshMetadataAction', protocolRows(true))
  await expectCleanAnswers(adminPage.request, PAGE, actionId(ACTIONS.authenticators, 'notifyRecallAction'), 'notifyRecallAction', [
    ...protocolRows(true),
    ['an unknown model', stateAndForm({ aaguid: randomUUID() }), { code: 'recall_not_found' }],
    ['an id of 10,000 characters', stateAndForm({ aaguid: long }), { code: 'recall_not_found' }],
    ['a file as the model', stateAndForm({ aaguid: file(model) }), { code: 'recall_not_found' }],
  ])
  await expectCleanAnswers(adminPage.request, PAGE, actionId(ACTIONS.authenticators, 'scheduleRecallAction'), 'scheduleRecallAction', [
    ...protocolRows(true),
    ['a day long past', stateAndForm({ aaguid: model, revokeOn: '2001-01-01' }), { code: 'recall_date' }],
    ['a day that does not exist', stateAndForm({ aaguid: model, revokeOn: '2026-02-30' }), { code: 'recall_date' }],
    ['10,000 characters as the day', stateAndForm({ aaguid: model, revokeOn: long }), { code: 'recall_date' }],
    ['an unknown model', stateAndForm({ aaguid: randomUUID(), revokeOn: new Date().toISOString().slice(0, 10) }), { code: 'recall_not_found' }],
  ])
  expect((await db().passkey.findFirstOrThrow({ where: { userId: person.id }, select: { revokeAt: true } })).revokeAt).toEqual(stored.revokeAt)

  // Other roles: the page does not exist.
  const agent = await userIn(admins, 'helpdesk')
  const agentContext = await page.context().browser()!.newContext()
  await signIn(agentContext, { ...agent, displayName: 'Policy Person' })
  expect((await agentContext.request.get(PAGE)).status()).toBe(404)
  await Promise.all([adminContext.close(), agentContext.close()])
  await removeUsers(person.id, admin.id, agent.id)
})

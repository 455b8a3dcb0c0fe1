import { createHash, randomBytes } from 'node:crypto'
import { db } from '../../lib/db'
import { expect, test } from '../fixtures'
import { userIn } from '../policies/support'
import { actionId, callAction } from '../support/server-actions'
import { stateAndForm } from '../security/hostile-input/rows'
import { APP } from '../support/servers'
import { removeUsers } from '../support/users'
import { registerTestApp, startReceiver } from '../support/relying-party'

const APPS = 'app/(admin)/admin/apps/actions.ts'

/** A token request with the app's credentials and a code that does not exist: invalid_client unless the secret is right. */
async function tokenEndpointAccepts(clientId: string, secret: string): Promise<boolean> {
  const response = await fetch(`${APP.url}/oidc/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: 'no-such-code',
      redirect_uri: 'https://expenses.example/cb',
      code_verifier: 'x'.repeat(43),
    }),
  })
  const { error } = (await response.json()) as { error: string }
  return error !== 'invalid_client'
}

test('an admin registers an app: the secret is shown once, stored hashed, replaced and turned off, each audited', async ({ page, signIn }) => {
  const admin = await userIn('customers', 'admin')
  await signIn(page.context(), { ...admin, displayName: 'Policy Person' })
  await page.goto('/admin/apps')
  await expect(page.getByRole('heading', { name: 'Apps', level: 1 })).toBeVisible()

  const name = `Expenses ${randomBytes(3).toString('hex')}`
  await page.getByLabel('Name people see').fill(name)
  await page.getByLabel('Addresses to return to after sign-in').fill('http://expenses.example/cb')
  await page.getByRole('button', { name: 'Register app' }).click()
  await expect(page.getByText('List up to 10 addresses to return to after sign-in')).toBeVisible()
  await expect(page.getByLabel('Name people see')).toHaveValue(name)

  await page.getByLabel('Addresses to return to after sign-in').fill('https://expenses.example/cb')
  await page.getByLabel('First-party: our own app').check()
  await page.getByRole('button', { name: 'Register app' }).click()
  const registered = page.getByTestId('app-registered')
  await expect(registered).toContainText(`${name} is registered`)
  const secret = (await page.getByTestId('client-secret').textContent())!.trim()
  const app = await db().oidcApp.findFirstOrThrow({ where: { name } })
  expect(app).toMatchObject({
    clientType: 'confidential',
    firstParty: true,
    secretHash: createHash('sha256').update(secret).digest('hex'),
    createdBy: admin.email,
  })
  expect(await tokenEndpointAccepts(app.id, secret)).toBe(true)
  expect(await tokenEndpointAccepts(app.id, `${secret}x`)).toBe(false)

  // Shown once: the page never shows it again.
  await page.reload()
  await expect(page.getByTestId('apps')).toContainText(name)
  await expect(page.getByTestId('client-secret')).toHaveCount(0)
  expect(await page.content()).not.toContain(secret)

  // The button shows “Replace secret”; its name says for which app, beginning with the words it shows (WCAG 2.5.3).
  await page.getByRole('button', { name: `Replace secret for ${name}` }).click()
  await expect(page.getByTestId('client-secret')).toBeVisible()
  const replaced = (await page.getByTestId('client-secret').textContent())!.trim()
  expect(replaced).not.toBe(secret)
  expect(await tokenEndpointAccepts(app.id, secret)).toBe(false)
  expect(await tokenEndpointAccepts(app.id, replaced)).toBe(true)

  await page.getByRole('button', { name: `Turn off ${name}` }).click()
  await expect(page.getByTestId('apps').locator('li', { hasText: name })).toContainText('turned off')
  expect(await tokenEndpointAccepts(app.id, replaced)).toBe(false)

  const events = await db().auditEvent.findMany({
    where: { actorId: admin.id, type: { startsWith: 'app_' } },
    select: { type: true },
    orderBy: { createdAt: 'asc' },
  })
  expect(events.map((event) => event.type)).toEqual(['app_registered', 'app_secret_replaced', 'app_disabled'])
  await removeUsers(admin.id)
})

test('the helpdesk and people without a role get 404 on /admin/apps, and their posts register nothing', async ({ page, signIn }) => {
  const agent = await userIn('customers', 'helpdesk')
  const person = await userIn('customers', 'user')
  for (const who of [agent, person]) {
    await page.context().clearCookies()
    await signIn(page.context(), { ...who, displayName: 'Policy Person' })
    expect((await page.request.get('/admin/apps', { maxRedirects: 0 })).status()).toBe(404)
    const name = `Sneaky ${randomBytes(3).toString('hex')}`
    const response = await callAction(
      page.request,
      '/admin/apps',
      actionId(APPS, 'registerAppAction'),
      stateAndForm({ name, redirectUris: 'https://evil.example/cb', clientType: 'confidential', minimumLevel: 'email', signingAlg: 'ES256', firstParty: 'on' }),
    )
    expect(await response.text()).toContain('"code":"not_found"')
    expect(await db().oidcApp.count({ where: { name } })).toBe(0)
  }
  const existing = await db().oidcApp.findFirst({ where: { disabledAt: null }, select: { id: true } })
  if (existing) {
    const disable = await callAction(page.request, '/admin/apps', actionId(APPS, 'disableAppAction'), stateAndForm({ clientId: existing.id }))
    expect(await disable.text()).toContain('"code":"not_found"')
    expect((await db().oidcApp.findUniqueOrThrow({ where: { id: existing.id } })).disabledAt).toBeNull()
  }
  await removeUsers(agent.id, person.id)
})

test('an app makes its security event stream over HTTP with its credentials, and the apps page shows it and its deliveries', async ({ page, signIn }) => {
  const receiver = await startReceiver()
  const app = await registerTestApp(receiver)
  try {
    const streams = `${APP.url}/ssf/streams`
    const basic = `Basic ${Buffer.from(`${app.clientId}:${app.secret}`).toString('base64')}`
    const post = (body: unknown, authorization = basic) =>
      fetch(streams, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const stream = { delivery: { method: 'urn:ietf:rfc:8935', endpoint_url: `${receiver.url}/events` }, events_requested: [] }

    // The transmitter's metadata is public; everything else needs the app's credentials, and a push address on its own origin.
    const metadata = (await (await fetch(`${APP.url}/.well-known/ssf-configuration`)).json()) as Record<string, unknown>
    expect(metadata).toMatchObject({ issuer: APP.url, configuration_endpoint: streams, delivery_methods_supported: ['urn:ietf:rfc:8935'] })
    expect((await post(stream, `Basic ${Buffer.from(`${app.clientId}:wrong`).toString('base64')}`)).status).toBe(401)
    expect((await post({ ...stream, delivery: { ...stream.delivery, endpoint_url: 'http://127.0.0.1:9/events' } })).status).toBe(400)
    expect((await post('not a stream')).status).toBe(400)
    const made = await post(stream)
    expect(made.status).toBe(201)
    const { stream_id: streamId } = (await made.json()) as { stream_id: string }
    expect((await post(stream)).status).toBe(409)

    const admin = await userIn('customers', 'admin')
    await signIn(page.context(), { ...admin, displayName: 'Policy Person' })
    await page.goto('/admin/apps')
    const line = page.getByTestId('apps').getByRole('listitem').filter({ hasText: app.clientId }).getByTestId('app-signals')
    await expect(line).toContainText(`On, pushed to ${receiver.url}/events`)
    await expect(line).toContainText('None taken yet')

    // A verification event (SSF 1.0 §8.1.4), pushed by the background work within seconds.
    const verify = await fetch(`${APP.url}/ssf/verify`, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/json' },
      body: JSON.stringify({ stream_id: streamId, state: 'hello' }),
    })
    expect(verify.status).toBe(204)
    await expect(async () => {
      await page.reload()
      await expect(line).toContainText('Last taken', { timeout: 1000 })
    }).toPass({ timeout: 20_000 })
  } finally {
    await app.remove()
    await receiver.close()
  }
})

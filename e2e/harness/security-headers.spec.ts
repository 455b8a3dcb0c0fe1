import { randomBytes } from 'node:crypto'
import type { APIResponse } from '@playwright/test'
import { db } from '../../lib/db'
import { expect, test } from '../fixtures'
import { APP, DEMO } from '../support/servers'
import { removeUsers } from '../support/users'

/** The policy's directives, and the nonce its script-src names. */
function policyOf(response: APIResponse) {
  const header = response.headers()['content-security-policy']
  expect(header, response.url()).toBeTruthy()
  const directives = new Map(
    header!
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values]),
  )
  const nonce = directives
    .get('script-src')
    ?.find((value) => value.startsWith("'nonce-"))
    ?.slice(7, -1)
  return { directives, nonce }
}

function expectStrictPolicy(response: APIResponse) {
  const { directives, nonce } = policyOf(response)
  expect(nonce, response.url()).toMatch(/^[A-Za-z0-9+/=]{24}$/)
  expect(directives.get('script-src'), response.url()).toContain("'strict-dynamic'")
  expect(directives.get('script-src'), response.url()).not.toContain("'unsafe-inline'")
  expect(directives.get('frame-ancestors')).toEqual(["'none'"])
  expect(directives.get('base-uri')).toEqual(["'none'"])
  expect(directives.get('form-action')).toEqual(["'self'"])
  expect(directives.get('object-src')).toEqual(["'none'"])
  // Served over http here, so no HSTS (it is sent when APP_URL is https).
  expect(response.headers()['strict-transport-security']).toBeUndefined()
  return nonce!
}

test('every kind of page and the API carry the policy; each HTML page’s scripts carry that response’s nonce', async ({ context, playwright, signIn }) => {
  const agent = await db().user.create({
    data: { email: `csp-${randomBytes(4).toString('hex')}@example.com`, role: 'admin' },
    select: { id: true, email: true },
  })
  await signIn(context, { ...agent, displayName: 'Agent' })
  const pages = ['/sign-in', '/account', '/account/passkeys', '/admin/recovery', '/recover', '/no-such-page', '/api/no-such-route', '/api/sessions']
  const nonces = new Set<string>()
  for (const path of pages) {
    const response = await context.request.get(path, { maxRedirects: 0 })
    const nonce = expectStrictPolicy(response)
    nonces.add(nonce)
    const scripts = [...(await response.text()).matchAll(/<script\b[^>]*>/g)].map((match) => match[0])
    expect(scripts.length, path).toBeGreaterThan(0)
    for (const script of scripts) expect(script, path).toContain(`nonce="${nonce}"`)
  }
  expect(nonces.size).toBe(pages.length)

  const api = await context.request.post('/api/passkeys/sign-in/options', { data: '{}', headers: { 'content-type': 'application/json', origin: APP.url } })
  expectStrictPolicy(api)

  const demo = await playwright.request.newContext({ baseURL: DEMO.url })
  expectStrictPolicy(await demo.get('/dev/mailbox'))
  await demo.dispose()
  await removeUsers(agent.id)
})

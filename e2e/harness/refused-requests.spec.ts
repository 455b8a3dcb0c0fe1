import { expect, test } from '../fixtures'
import { actionId, callAction } from '../support/server-actions'

const SIGN_IN = 'app/(auth)/sign-in/actions.ts'

test('a server action posted from another site gets a plain 403, whatever its Origin looks like', async ({ request }) => {
  const id = actionId(SIGN_IN, 'requestSignInAction')
  const body = {
    parts: [
      ['_1_email', 'someone@example.com'],
      ['0', '[{"status":"idle"},"$K1"]'],
    ] as [string, string][],
  }
  for (const origin of ['https://evil.example', 'http://localhost:3300.evil.example', 'not a url', 'http://[::1']) {
    const response = await request.post('/sign-in', {
      multipart: Object.fromEntries(body.parts),
      headers: { 'next-action': id, origin, accept: 'text/x-component' },
      maxRedirects: 0,
    })
    expect(response.status(), origin).toBe(403)
    const text = await response.text()
    expect(text, origin).toBe('This form was sent from another site. Open the page on this site and try again.')
  }
  // The same action from this site still answers.
  const same = await callAction(request, '/sign-in', id, body)
  expect(same.status()).not.toBe(403)
})

test('Auth.js’s own HTTP endpoints do not exist: the portal signs in only through its own pages', async ({ request }) => {
  for (const path of [
    '/api/auth/providers',
    '/api/auth/session',
    '/api/auth/csrf',
    '/api/auth/signin/credentials',
    '/api/auth/webauthn-options/passkey',
    '/api/auth/callback/credentials',
  ]) {
    const response = await request.get(path, { maxRedirects: 0 })
    expect(response.status(), path).toBe(404)
  }
  const posted = await request.post('/api/auth/callback/credentials', { form: { email: 'x@example.com' }, maxRedirects: 0 })
  expect(posted.status()).toBe(404)
})

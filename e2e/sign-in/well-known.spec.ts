import type { APIRequestContext } from '@playwright/test'
import { db } from '../../lib/db'
import { createSoftPasskey, softAuthenticationResponse } from '../../testing/soft-authenticator'
import { expect, test } from '../fixtures'
import { APP, RELATED_ORIGIN } from '../support/servers'

/** A POST as a page on `origin` sends it. */
const post = (request: APIRequestContext, url: string, data: object, origin = APP.url) =>
  request.post(url, { data: JSON.stringify(data), headers: { 'content-type': 'application/json', origin }, maxRedirects: 0 })

test('password managers find where to add and manage a passkey, and the enrolment link lands on the add button', async ({ request, context, page, signIn }) => {
  const answer = await request.get('/.well-known/passkey-endpoints')
  expect(answer.status()).toBe(200)
  expect(answer.headers()['content-type']).toContain('application/json')
  expect(await answer.json()).toEqual({ enroll: `${APP.url}/account/passkeys#add-passkey`, manage: `${APP.url}/account/passkeys` })

  await signIn(context)
  await page.goto((await answer.json()).enroll)
  await expect(page.locator('#add-passkey').getByRole('button', { name: 'Add a passkey' })).toBeVisible()
})

test('related origins come from configuration, and a passkey answer made on a listed one signs in where an unlisted one does not', async ({
  request,
  user,
}) => {
  const listed = await request.get('/.well-known/webauthn')
  expect(listed.status()).toBe(200)
  expect(await listed.json()).toEqual({ origins: [APP.url, RELATED_ORIGIN] })

  const soft = createSoftPasskey(user.id)
  await db().passkey.create({
    data: {
      userId: user.id,
      credentialId: soft.credentialId,
      publicKey: soft.publicKey,
      aaguid: '00000000-0000-0000-0000-000000000000',
      name: 'Laptop',
      backupEligible: true,
      backedUp: true,
      createdAt: new Date(),
    },
  })
  // A page on the listed origin runs the ceremony there and posts from there, as the browser would.
  const signInFrom = async (origin: string) => {
    const options = await (await post(request, '/api/passkeys/sign-in/options', {}, RELATED_ORIGIN)).json()
    const response = softAuthenticationResponse(soft, { challenge: options.challenge, origin, rpId: 'localhost' })
    return post(request, '/api/passkeys/sign-in/verify', { response }, RELATED_ORIGIN)
  }

  // An answer made on an unlisted origin is refused, and so is any POST from an unlisted origin.
  expect((await signInFrom('https://portal.example.org')).status()).toBe(400)
  expect((await post(request, '/api/passkeys/sign-in/options', {}, 'https://portal.example.org')).status()).toBe(403)
  expect(await db().session.count({ where: { userId: user.id } })).toBe(0)

  expect((await signInFrom(RELATED_ORIGIN)).status()).toBe(200)
  expect(await db().session.count({ where: { userId: user.id, method: 'passkey' } })).toBe(1)
})

import { db } from '../../../lib/db'
import { expect, test } from '../../fixtures'
import { actionId } from '../../support/server-actions'
import { userIn } from '../../policies/support'
import { removeUsers } from '../../support/users'
import { ACTIONS, expectCleanAnswers, file, protocolRows, stateAndForm } from './rows'

test('hostile input to app registration, secrets, turning apps off and removing an app’s access gets a clean answer', async ({ page, signIn }) => {
  const admin = await userIn('customers', 'admin')
  await signIn(page.context(), { ...admin, displayName: 'Policy Person' })
  const long = 'x'.repeat(10_000)
  const valid = { name: 'Hostile', redirectUris: 'https://a.example/cb', clientType: 'confidential', minimumLevel: 'email', signingAlg: 'ES256' }

  await expectCleanAnswers(page.request, '/admin/apps', actionId(ACTIONS.apps, 'registerAppAction'), 'registerAppAction', [
    ...protocolRows(true),
    ['no name', stateAndForm({ ...valid, name: '' }), { code: 'app_name' }],
    ['a name of bidi controls only', stateAndForm({ ...valid, name: '\u202E\u2066\u200F' }), { code: 'app_name' }],
    ['a name of 10,000 characters', stateAndForm({ ...valid, name: long }), { code: 'app_name' }],
    ['a javascript: return address', stateAndForm({ ...valid, redirectUris: 'javascript:alert(1)' }), { code: 'app_redirect_uris' }],
    ['a plain-http return address', stateAndForm({ ...valid, redirectUris: 'http://a.example/cb' }), { code: 'app_redirect_uris' }],
    ['a return address with a fragment', stateAndForm({ ...valid, redirectUris: 'https://a.example/cb#x' }), { code: 'app_redirect_uris' }],
    ['5,000 characters of addresses', stateAndForm({ ...valid, redirectUris: `https://a.example/${'a'.repeat(5_000)}` }), { code: 'app_redirect_uris' }],
    ['a file as the addresses', stateAndForm({ ...valid, redirectUris: file('https://a.example/cb') }), { code: 'app_redirect_uris' }],
    ['an unknown kind of app', stateAndForm({ ...valid, clientType: 'implicit' }), { code: 'bad_request' }],
    ['an HMAC signature', stateAndForm({ ...valid, signingAlg: 'HS256' }), { code: 'bad_request' }],
    ['an unknown level', stateAndForm({ ...valid, minimumLevel: 'none' }), { code: 'bad_request' }],
    ['an unknown group', stateAndForm({ ...valid, allowedGroups: 'no-such-group' }), { code: 'app_groups' }],
    ['a back-channel address on another scheme', stateAndForm({ ...valid, backchannelLogoutUri: 'file:///etc/passwd' }), { code: 'app_backchannel_uri' }],
  ])
  // Counted by who registered them: other tests register apps at the same time.
  expect(await db().oidcApp.count({ where: { createdBy: admin.email } })).toBe(0)

  for (const action of ['replaceAppSecretAction', 'disableAppAction'] as const) {
    await expectCleanAnswers(page.request, '/admin/apps', actionId(ACTIONS.apps, action), action, [
      ...protocolRows(true),
      ['an unknown app', stateAndForm({ clientId: 'app_nope' }), { code: 'app_not_found' }],
      ['an id of 10,000 characters', stateAndForm({ clientId: long }), { code: 'app_not_found' }],
      ['a file as the app', stateAndForm({ clientId: file('app_nope') }), { code: 'app_not_found' }],
    ])
  }
  await expectCleanAnswers(page.request, '/account/sessions', actionId(ACTIONS.sessions, 'revokeAppAccessAction'), 'revokeAppAccessAction', [
    ...protocolRows(true),
    ['an app the person never used', stateAndForm({ clientId: 'app_nope' }), { code: 'app_access_not_found' }],
    ['an id of 10,000 characters', stateAndForm({ clientId: long }), { code: 'app_access_not_found' }],
  ])
  await removeUsers(admin.id)
})

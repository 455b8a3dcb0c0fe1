import 'server-only'
import { createHash } from 'node:crypto'
import { db } from '../db'

/**
 * "Acme Expenses", the demo's relying party (scripts/acme-expenses.ts): an
 * app that signs people in through the portal and asks for a passkey to
 * approve a large payment, and its command-line tool ("Acme CLI"), which
 * signs in on the device flow. `npm run demo` starts the app beside the
 * portal and registers both here, the app with the secret it gave both.
 */
export const ACME_CLIENT_ID = 'acme-expenses'
/** Acme's command-line tool (scripts/demo-cli.ts): signs in with a code typed at /activate (RFC 8628). */
export const ACME_CLI_CLIENT_ID = 'acme-cli'

/** Registers (or brings up to date) the demo app for the app at `appUrl` with `secret`. */
export async function registerAcmeExpenses(appUrl: string, secret: string): Promise<void> {
  const data = {
    name: 'Acme Expenses',
    redirectUris: JSON.stringify([`${appUrl}/callback`]),
    postLogoutRedirectUris: JSON.stringify([`${appUrl}/`]),
    backchannelLogoutUri: `${appUrl}/backchannel`,
    clientType: 'confidential',
    secretHash: createHash('sha256').update(secret, 'utf8').digest('hex'),
    firstParty: true,
    allowedGroups: '[]',
    minimumLevel: 'email',
    signingAlg: 'ES256',
    disabledAt: null,
  }
  await db().oidcApp.upsert({
    where: { id: ACME_CLIENT_ID },
    create: { id: ACME_CLIENT_ID, createdAt: new Date(), createdBy: 'npm run demo', ...data },
    update: data,
  })
  // The CLI has no secret to keep (it runs on people's machines) and no return address: a public device app.
  const cli = {
    name: 'Acme CLI',
    redirectUris: '[]',
    postLogoutRedirectUris: '[]',
    backchannelLogoutUri: null,
    clientType: 'public',
    secretHash: null,
    firstParty: true,
    allowedGroups: '[]',
    minimumLevel: 'email',
    signingAlg: 'ES256',
    deviceSignIn: true,
    disabledAt: null,
  }
  await db().oidcApp.upsert({
    where: { id: ACME_CLI_CLIENT_ID },
    create: { id: ACME_CLI_CLIENT_ID, createdAt: new Date(), createdBy: 'npm run demo', ...cli },
    update: cli,
  })
}

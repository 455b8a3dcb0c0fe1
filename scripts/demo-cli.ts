import * as oidc from 'openid-client'

/**
 * `npm run demo:cli`: "Acme CLI", a command-line tool that signs in through
 * the portal with the device authorization grant (RFC 8628), as a tool with
 * no browser of its own would: it shows a code and an address, the person
 * approves it in their browser, and the tool gets tokens. It then prints who
 * signed in and calls Acme Expenses' API with the access token. Run it while
 * `npm run demo` runs; PORTAL_URL and ACME_URL point it elsewhere.
 */

const PORTAL = process.env.PORTAL_URL ?? process.env.APP_URL ?? 'http://localhost:3000'
const ACME = process.env.ACME_URL ?? `${new URL(PORTAL).protocol}//${new URL(PORTAL).hostname}:${Number(new URL(PORTAL).port || 80) + 1}`
const CLIENT_ID = 'acme-cli'
const loopback = ['localhost', '127.0.0.1'].includes(new URL(PORTAL).hostname)

async function main(): Promise<void> {
  const config = await oidc.discovery(new URL(PORTAL), CLIENT_ID, undefined, oidc.None(), loopback ? { execute: [oidc.allowInsecureRequests] } : undefined)
  const handle = await oidc.initiateDeviceAuthorization(config, { scope: 'openid profile email groups' })
  console.log(`
To sign in to Acme CLI, open   ${handle.verification_uri}
and type the code              ${handle.user_code}
(or open ${handle.verification_uri_complete ?? handle.verification_uri})

Waiting for you to approve it (the code works for ${Math.round(handle.expires_in / 60)} minutes)…`)
  const tokens = await oidc.pollDeviceAuthorizationGrant(config, handle)
  const claims = tokens.claims()!
  const person = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub)
  const groups = Array.isArray(person.groups) ? person.groups.join(', ') : 'none'
  console.log(`\nSigned in as ${String(person.name ?? person.email ?? claims.sub)} (groups: ${groups}).`)

  // A protected API of Acme Expenses, called as the person with the token the portal issued.
  const answer = await fetch(`${ACME}/api/payments`, { headers: { Authorization: `Bearer ${tokens.access_token}` } })
  if (!answer.ok) throw new Error(`Acme Expenses' API answered ${answer.status}.`)
  const { payments } = (await answer.json()) as { payments: { payee: string; amount: string; currency: string }[] }
  console.log(`Acme Expenses' API lists ${payments.length} payments waiting for approval:`)
  for (const payment of payments) console.log(`  ${payment.payee}: ${payment.currency} ${payment.amount}`)
}

main().catch((error: unknown) => {
  const problem = error instanceof oidc.ResponseBodyError ? `the portal answered ${error.error}` : error instanceof Error ? error.message : String(error)
  console.error(`\nAcme CLI could not sign in: ${problem}. Is npm run demo running?`)
  process.exit(1)
})

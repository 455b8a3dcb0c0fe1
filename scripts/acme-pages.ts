import type { ServerResponse } from 'node:http'
import type { Translator } from '../lib/i18n/translator'
import { LIMIT, needsPasskey, paymentById, paymentsOf, type Approval, type Payment } from '../lib/demo/acme-payments'

/**
 * Acme Expenses' pages (scripts/acme-expenses.ts serves them): the sign-in
 * told in plain words with the raw claims behind a disclosure, the payments
 * waiting, and the ones approved, by whom, how and when. Every word comes
 * from the portal's catalogues (demo.acme); what a person or the portal
 * chose (names, payees, claims) is data: escaped, never translated.
 */

export const PORTAL = 'Passkey Portal'
const PHISHING_RESISTANT = 'urn:passkey-portal:acr:phishing-resistant'

type Key = Parameters<Translator['t']>[0]
export type SignedIn = {
  claims: Record<string, unknown>
  profile: Record<string, unknown>
  approvals: Approval[]
  /** Why the last approval failed: the portal's OAuth error code, or one of the app's own reasons (refusal() below). */
  refused: string | null
  /** The portal said the person's sign-in methods changed (a security event): approvals ask for a fresh proof. */
  confirmAgain?: boolean
}

export const escape = (value: unknown) => String(value).replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)

const STYLE = `body{font-family:system-ui,sans-serif;margin:0;background:#f0fdf4;color:#052e16}
header{background:#166534;color:#fff;padding:1rem 1.5rem;font-weight:700}main{max-width:40rem;margin:2rem auto;padding:0 1rem}
section{background:#fff;border:1px solid #bbf7d0;border-radius:.75rem;padding:1.25rem;margin-bottom:1rem}h1,h2{overflow-wrap:anywhere}
button{font:inherit;font-weight:600;padding:.6rem 1rem;border-radius:.5rem;border:0;background:#166534;color:#fff;cursor:pointer}
button.quiet{background:#fff;color:#166534;border:1px solid #166534}button:focus-visible,summary:focus-visible{outline:3px solid #4ade80;outline-offset:2px}
table{border-collapse:collapse;width:100%;margin-top:.5rem}th,td{text-align:start;padding:.3rem .5rem;border-bottom:1px solid #dcfce7;vertical-align:top}
td{overflow-wrap:anywhere}td.from{white-space:nowrap}summary{cursor:pointer;font-weight:600}ul.payments{list-style:none;padding:0;margin:0}
ul.payments li{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;padding:.6rem 0;border-top:1px solid #dcfce7}
.amount{font-weight:700}.note{font-size:.9rem;opacity:.85}.ok{color:#166534;font-weight:600}.no{color:#b91c1c;font-weight:600}
@media (prefers-color-scheme:dark){body{background:#052e16;color:#f0fdf4}section{background:#14532d;border-color:#166534}
th,td,ul.payments li{border-color:#166534}.ok{color:#86efac}.no{color:#fca5a5}button.quiet{background:#14532d;color:#f0fdf4;border-color:#86efac}}`

export function page(response: ServerResponse, reader: Translator, body: string, issuerOrigin: string): void {
  response.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Language': reader.locale,
    Vary: 'Accept-Language',
    'Cache-Control': 'no-store',
    // The forms go on to the portal (sign-in, approval, sign-out): form-action covers where they redirect to.
    'Content-Security-Policy': `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${issuerOrigin}; frame-ancestors 'none'`,
  })
  const tagline = escape(reader.t('demo.acme.tagline', { portal: PORTAL }))
  response.end(`<!doctype html><html lang="${reader.locale}" dir="${reader.dir}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Acme Expenses</title><style>${STYLE}</style></head>
<body><header><span translate="no">Acme Expenses</span> <small style="font-weight:400">${tagline}</small></header><main id="main">${body}</main></body></html>`)
}

export function signedOutPage(reader: Translator): string {
  const say = (key: Key) => escape(reader.t(key, { portal: PORTAL }))
  return `<section><h1>${say('demo.acme.signedOut.heading')}</h1><p>${say('demo.acme.signedOut.body')}</p>
<form method="post" action="/login"><button>${say('demo.acme.signedOut.signIn')}</button></form></section>`
}

const time = (reader: Translator, date: Date) => `<time datetime="${date.toISOString()}">${escape(reader.format.dateTime(date, 'time'))}</time>`

/** How the person signed in, in words, from what the ID token says (acr, amr: ../lib/oidc/levels.ts). */
function howSignedIn(reader: Translator, claims: Record<string, unknown>): string {
  const amr = Array.isArray(claims.amr) ? claims.amr : []
  const how = claims.acr === PHISHING_RESISTANT ? 'passkey' : amr.includes('otp') ? 'email' : amr.includes('demo') ? 'demo' : 'other'
  const at = typeof claims.auth_time === 'number' ? time(reader, new Date(claims.auth_time * 1000)) : '—'
  return reader.t.markup(`demo.acme.signedIn.${how}`, { time: at })
}

/** The claims as the portal sent them, behind a disclosure; a time shown as a time. */
function claimsTable(reader: Translator, { claims, profile }: SignedIn): string {
  const shown = (name: string, value: unknown) =>
    (name === 'auth_time' || name === 'iat' || name === 'exp') && typeof value === 'number'
      ? `${time(reader, new Date(value * 1000))} <span class="note" translate="no">(${value})</span>`
      : escape(JSON.stringify(value ?? null))
  const row = (source: Record<string, unknown>, from: string) => (name: string) =>
    `<tr><th scope="row" translate="no">${name}</th><td data-claim="${name}" translate="no">${shown(name, source[name])}</td><td class="from">${from}</td></tr>`
  const rows = [
    ...['sub', 'acr', 'amr', 'auth_time'].map(row(claims, escape(reader.t('demo.acme.claims.idToken')))),
    ...['email', 'email_verified', 'name', 'groups'].map(row(profile, escape(reader.t('demo.acme.claims.userinfo')))),
  ].join('')
  const head = (key: Key) => `<th scope="col">${escape(reader.t(key))}</th>`
  return `<details><summary>${escape(reader.t('demo.acme.told', { portal: PORTAL }))}</summary>
<table><tr>${head('demo.acme.claims.claim')}${head('demo.acme.claims.value')}${head('demo.acme.claims.from')}</tr>${rows}</table></details>`
}

const amountOf = (reader: Translator, payment: Payment) => reader.format.number(Number(payment.amount), { style: 'currency', currency: payment.currency })
const paymentWords = (reader: Translator, payment: Payment) =>
  reader.t.markup('demo.acme.payments.item', {
    amount: `<span class="amount">${escape(amountOf(reader, payment))}</span>`,
    payee: `<bdi translate="no">${escape(payment.payee)}</bdi>`,
  })

function waitingItem(reader: Translator, payment: Payment): string {
  const passkey = needsPasskey(payment)
  const note = escape(reader.t(passkey ? 'demo.acme.payments.overLimit' : 'demo.acme.payments.underLimit', { limit: LIMIT }))
  const button = escape(reader.t(passkey ? 'demo.acme.payments.approveWithPasskey' : 'demo.acme.payments.approve', { amount: amountOf(reader, payment) }))
  return `<li data-payment="${payment.id}"><div>${paymentWords(reader, payment)}<br><span class="note">${note}</span></div>
<form method="post" action="/approve"><input type="hidden" name="payment" value="${payment.id}"><button>${button}</button></form></li>`
}

function approvedItem(reader: Translator, approval: Approval): string {
  const payment = paymentById(approval.paymentId)!
  const key = approval.withPasskey ? 'demo.acme.payments.approvedWithPasskey' : 'demo.acme.payments.approvedWithSignIn'
  const words = reader.t.markup(key, { name: `<bdi translate="no">${escape(approval.by)}</bdi>`, time: time(reader, approval.at) })
  return `<li data-payment="${payment.id}"><div>${paymentWords(reader, payment)}<br><span class="ok" data-testid="approved">${words}</span></div></li>`
}

/** Why an approval was refused, in words where the app knows them, else the portal's error code as it came. */
function refusal(reader: Translator, reason: string): string {
  const known = { not_fresh: 'notFresh', details_differ: 'detailsDiffer', access_denied: 'declined', unmet_authentication_requirements: 'unmet' } as const
  if (reason in known) return escape(reader.t(`demo.acme.payments.${known[reason as keyof typeof known]}`))
  return `<code translate="no">${escape(reason)}</code>`
}

export function homePage(reader: Translator, session: SignedIn): string {
  const { claims, profile } = session
  const name = escape(profile.name ?? profile.email ?? claims.sub)
  const { waiting, approvals } = paymentsOf(session.approvals)
  const say = (key: Key) => escape(reader.t(key))
  const refused = session.refused
    ? `<p class="no" data-testid="refused" role="status">${reader.t.markup('demo.acme.payments.refused', { reason: refusal(reader, session.refused) })}</p>`
    : ''
  const waitingList = waiting.length
    ? `<ul class="payments">${waiting.map((payment) => waitingItem(reader, payment)).join('')}</ul>`
    : `<p>${say('demo.acme.payments.nothingWaiting')}</p>`
  const approvedList = approvals.length
    ? `<section aria-labelledby="approved"><h2 id="approved">${say('demo.acme.payments.approvedHeading')}</h2>
<ul class="payments">${approvals.map((approval) => approvedItem(reader, approval)).join('')}</ul></section>`
    : ''
  const confirmAgain = session.confirmAgain ? `<p class="no" data-testid="confirm-again" role="status">${say('demo.acme.confirmAgain')}</p>` : ''
  return `<section><h1>${reader.t.markup('demo.acme.hello', { name })}</h1><p data-testid="signed-in-how">${howSignedIn(reader, claims)}</p>${confirmAgain}
${claimsTable(reader, session)}</section>
<section aria-labelledby="waiting"><h2 id="waiting">${say('demo.acme.payments.waitingHeading')}</h2>${refused}${waitingList}</section>${approvedList}
<form method="post" action="/logout"><button class="quiet">${say('demo.acme.signOut')}</button></form>`
}

export function failedPage(reader: Translator): string {
  const start = reader.t.markup('demo.acme.failed.body', { home: (chunks) => `<a href="/">${chunks}</a>` })
  return `<section><h1>${escape(reader.t('demo.acme.failed.heading'))}</h1><p>${start}</p></section>`
}

import { env } from '../env'
import { negotiateLocale } from '../i18n/negotiate'
import { preferencesFromHeaders } from '../i18n/preferences'
import { translatorFor, type Translator } from '../i18n/translator'

/**
 * The few pages the provider itself renders (errors, the sign-out question
 * of RP-initiated logout), in the portal's plain style and the reader's
 * language (messages/<locale>/demo.json, `provider`). Everything shown is
 * escaped; the error details come from the provider's own vocabulary.
 */

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)
}

/** A request's headers as the language rules read them: one value each, absent as null. */
export function headerReader(headers: Record<string, string | string[] | undefined>): (name: string) => string | null {
  return (name) => {
    const value = headers[name]
    return typeof value === 'string' ? value : null
  }
}

/**
 * Whose words a provider page is in: the signed-in person's saved language
 * where it is known, else the language picked on this browser, else the
 * languages the app asked for (`ui_locales`, OpenID Connect Core 1.0
 * §3.1.2.1), else the browser's Accept-Language, else the organisation's.
 */
export function pageTranslator(
  header: (name: string) => string | null,
  options: { saved?: { locale: string | null; timeZone: string | null } | null; uiLocales?: unknown } = {},
): Translator {
  const asked = typeof options.uiLocales === 'string' ? options.uiLocales.trim().split(/\s+/).slice(0, 20).join(',') : ''
  const appAsked = asked !== '' && negotiateLocale(asked, env().pseudoLocale) !== null
  const { locale, timeZone } = preferencesFromHeaders((name) => (name === 'accept-language' && appAsked ? asked : header(name)), options.saved ?? undefined)
  return translatorFor(locale, timeZone)
}

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#fafafa;color:#18181b}
main{max-width:28rem;margin:10vh auto;padding:0 1rem}
section{background:#fff;border:1px solid #e4e4e7;border-radius:.75rem;padding:1.5rem}
h1{font-size:1.4rem;margin:0 0 .75rem}p{line-height:1.5}
.brand{text-align:center;color:#4338ca;font-weight:700;font-size:.875rem}
button,a.button{display:block;width:100%;box-sizing:border-box;margin-top:.75rem;padding:.7rem 1rem;border-radius:.5rem;font:inherit;font-weight:600;text-align:center;cursor:pointer;text-decoration:none}
button.primary{background:#4338ca;color:#fff;border:0}button.secondary{background:#fff;color:#18181b;border:1px solid #d4d4d8}
button:focus-visible,a:focus-visible{outline:3px solid #818cf8;outline-offset:2px}
code{word-break:break-all}
label{display:block;font-weight:600;margin-top:1rem}
input[type=text]{display:block;width:100%;box-sizing:border-box;margin-top:.4rem;padding:.6rem .75rem;border:1px solid #a1a1aa;border-radius:.5rem;font:inherit;font-size:1.25rem;letter-spacing:.1em;text-transform:uppercase}
input:focus-visible{outline:3px solid #818cf8;outline-offset:1px}
.hint{font-size:.875rem;color:#52525b;margin:.4rem 0 0}.problem{color:#b91c1c;font-weight:600}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{color:#52525b}dd{margin:0;overflow-wrap:anywhere}
@media (prefers-color-scheme:dark){body{background:#09090b;color:#f4f4f5}section{background:#18181b;border-color:#27272a}.brand{color:#a5b4fc}button.secondary{background:#18181b;color:#f4f4f5;border-color:#3f3f46}input[type=text]{background:#09090b;color:#f4f4f5;border-color:#52525b}.hint,dt{color:#a1a1aa}.problem{color:#f87171}}`

/** A message as HTML: its values escaped, its text escaped, and its <code> tags as <code translate="no">. */
export function html(reader: Translator, key: Parameters<Translator['t']['markup']>[0], values: Record<string, string> = {}): string {
  const escaped = Object.fromEntries(Object.entries(values).map(([name, value]) => [name, escapeHtml(value)]))
  return reader.t.markup(key, { ...escaped, code: (chunks) => `<code translate="no">${chunks}</code>` })
}

export const text = (reader: Translator, key: Parameters<Translator['t']>[0], values: Record<string, string> = {}) => escapeHtml(reader.t(key, values))

export function page(reader: Translator, appName: string, title: string, body: string): string {
  return `<!doctype html><html lang="${reader.locale}" dir="${reader.dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – ${escapeHtml(appName)}</title><style>${STYLE}</style></head>
<body><main id="main"><p class="brand" translate="no">${escapeHtml(appName)}</p><section>${body}</section></main></body></html>`
}

/** An authorization request that cannot go back to the app (unknown app, wrong return address, bad parameters). */
export function errorPage(reader: Translator, appName: string, error: string, requestId: string | undefined, explanation?: string): string {
  const title = reader.t('demo.provider.error.title')
  return page(
    reader,
    appName,
    title,
    `<h1>${escapeHtml(title)}</h1>
<p>${explanation ? escapeHtml(explanation) : text(reader, 'demo.provider.error.body', { appName })}</p>
<p>${html(reader, 'demo.provider.error.code', { error })}${requestId ? `<br>${html(reader, 'demo.provider.error.requestId', { id: requestId })}` : ''}</p>`,
  )
}

/** RP-initiated logout asks before signing out: a link alone must not sign anyone out (RP-Initiated Logout 1.0 §2). */
export function logoutQuestionPage(reader: Translator, appName: string, clientName: string | undefined, form: string): string {
  return page(
    reader,
    appName,
    reader.t('demo.provider.logout.title'),
    `<h1>${text(reader, 'demo.provider.logout.heading', { appName })}</h1>
<p>${clientName ? text(reader, 'demo.provider.logout.bodyLeaving', { appName, clientName }) : text(reader, 'demo.provider.logout.body', { appName })}</p>
${form}
<button class="primary" autofocus type="submit" form="op.logoutForm" value="yes" name="logout">${text(reader, 'demo.provider.logout.signOut')}</button>
<button class="secondary" type="submit" form="op.logoutForm">${text(reader, 'demo.provider.logout.stay', { appName })}</button>`,
  )
}

export function signedOutPage(reader: Translator, appName: string): string {
  return page(
    reader,
    appName,
    reader.t('demo.provider.signedOut.title'),
    `<h1>${text(reader, 'demo.provider.signedOut.heading')}</h1><p>${text(reader, 'demo.provider.signedOut.body')}</p>`,
  )
}

/**
 * After the consent page's form: a page of ours that moves on to the app.
 * A form's redirect to another origin would fall under the consent page's
 * CSP form-action 'self'; a refresh from this page is not a form submission.
 */
export function continuePage(reader: Translator, appName: string, clientName: string | undefined, location: string): string {
  const url = escapeHtml(location)
  const heading = clientName ? text(reader, 'demo.provider.continuing.heading', { clientName }) : text(reader, 'demo.provider.continuing.headingApp')
  return page(
    reader,
    appName,
    reader.t('demo.provider.continuing.title'),
    `<meta http-equiv="refresh" content="0;url=${url}"><h1>${heading}</h1><p><a href="${url}">${text(reader, 'demo.provider.continuing.link')}</a></p>`,
  )
}

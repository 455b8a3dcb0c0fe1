/**
 * The few pages the provider itself renders (errors, the sign-out question
 * of RP-initiated logout), in the portal's plain style. Everything shown is
 * escaped; the error details come from the provider's own vocabulary.
 */

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)
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
@media (prefers-color-scheme:dark){body{background:#09090b;color:#f4f4f5}section{background:#18181b;border-color:#27272a}.brand{color:#a5b4fc}button.secondary{background:#18181b;color:#f4f4f5;border-color:#3f3f46}}`

export function page(appName: string, title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – ${escapeHtml(appName)}</title><style>${STYLE}</style></head>
<body><main id="main"><p class="brand">${escapeHtml(appName)}</p><section>${body}</section></main></body></html>`
}

/** An authorization request that cannot go back to the app (unknown app, wrong return address, bad parameters). */
export function errorPage(appName: string, error: string, requestId: string | undefined, explanation?: string): string {
  return page(
    appName,
    'This sign-in request could not be completed',
    `<h1>This sign-in request could not be completed</h1>
<p>${
      explanation
        ? escapeHtml(explanation)
        : `The app that sent you here asked in a way ${escapeHtml(appName)} cannot accept, so you were not signed in to it. Go back to the app and try again; if it keeps happening, tell the app’s support.`
    }</p>
<p>Error: <code>${escapeHtml(error)}</code>${requestId ? `<br>Request id: <code>${escapeHtml(requestId)}</code>` : ''}</p>`,
  )
}

/** RP-initiated logout asks before signing out: a link alone must not sign anyone out (RP-Initiated Logout 1.0 §2). */
export function logoutQuestionPage(appName: string, clientName: string | undefined, form: string): string {
  const from = clientName ? ` (you are leaving ${escapeHtml(clientName)})` : ''
  return page(
    appName,
    'Sign out?',
    `<h1>Sign out of ${escapeHtml(appName)}?</h1>
<p>This signs you out of ${escapeHtml(appName)} in this browser and of the apps you signed in to with it${from}.</p>
${form}
<button class="primary" autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Sign out</button>
<button class="secondary" type="submit" form="op.logoutForm">Stay signed in to ${escapeHtml(appName)}</button>`,
  )
}

export function signedOutPage(appName: string): string {
  return page(appName, 'Signed out', `<h1>You are signed out</h1><p>You can close this window.</p>`)
}

/**
 * After the consent page's form: a page of ours that moves on to the app.
 * A form's redirect to another origin would fall under the consent page's
 * CSP form-action 'self'; a refresh from this page is not a form submission.
 */
export function continuePage(appName: string, clientName: string, location: string): string {
  const url = escapeHtml(location)
  return page(
    appName,
    'Continuing',
    `<meta http-equiv="refresh" content="0;url=${url}"><h1>Continuing to ${escapeHtml(clientName)}…</h1><p><a href="${url}">Continue</a></p>`,
  )
}

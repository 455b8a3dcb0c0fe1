import type { Translator } from '../i18n/translator'
import { escapeHtml, html, page, text } from './pages'

/**
 * The device sign-in's pages (RFC 8628 §3.3), rendered by the provider at
 * /activate in the portal's plain style: the code is typed, the person is
 * shown which app asks and from where before anything is approved (§5.4:
 * a code read out by someone else is the attack to stop), and told when the
 * device is signed in. Every value shown is escaped.
 */

/** Why the code page is shown again: nothing yet, a code that is wrong, expired or used, or a refusal. */
export type CodeProblem = 'none' | 'wrong' | 'expired' | 'used' | 'refused' | 'failed'

/** The provider's form's hidden fields (oidc-provider's lib/helpers/user_code_form.js): its action and anti-forgery value. */
export type FormTarget = { action: string; xsrf: string }

/** Where a device asked from, as the page shows it. */
export type DeviceOrigin = { software: string; network: string; sameNetwork: boolean; staysSignedIn: boolean }

export function codeInputPage(reader: Translator, appName: string, target: FormTarget, problem: CodeProblem, typed: string | undefined): string {
  const title = reader.t('demo.provider.device.input.title')
  const message = problem === 'none' ? '' : `<p role="alert" class="problem">${text(reader, `demo.provider.device.problem.${problem}`)}</p>`
  return page(
    reader,
    appName,
    title,
    `<h1>${escapeHtml(title)}</h1>
<p>${text(reader, 'demo.provider.device.input.body', { appName })}</p>${message}
<form method="post" action="${escapeHtml(target.action)}">
<input type="hidden" name="xsrf" value="${escapeHtml(target.xsrf)}">
<label for="user_code">${text(reader, 'demo.provider.device.input.label')}</label>
<input id="user_code" name="user_code" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" autofocus required maxlength="20"${
      typed ? ` value="${escapeHtml(typed)}"` : ''
    }${problem !== 'none' && problem !== 'refused' ? ' aria-invalid="true"' : ''} aria-describedby="user_code_hint">
<p id="user_code_hint" class="hint">${text(reader, 'demo.provider.device.input.hint')}</p>
<button class="primary" type="submit">${text(reader, 'demo.provider.device.input.continue')}</button>
</form>`,
  )
}

export function codeConfirmPage(
  reader: Translator,
  appName: string,
  target: FormTarget & { userCode: string },
  clientName: string,
  origin: DeviceOrigin,
): string {
  const title = reader.t('demo.provider.device.confirm.title')
  const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`
  const fields = hidden('xsrf', target.xsrf) + hidden('user_code', target.userCode)
  return page(
    reader,
    appName,
    title,
    `<h1>${text(reader, 'demo.provider.device.confirm.heading', { clientName })}</h1>
<p>${html(reader, 'demo.provider.device.confirm.code', { userCode: target.userCode })}</p>
<dl><dt>${text(reader, 'demo.provider.device.confirm.software')}</dt><dd>${escapeHtml(origin.software)}</dd>
<dt>${text(reader, 'demo.provider.device.confirm.network')}</dt><dd>${escapeHtml(origin.network)} – ${text(
      reader,
      origin.sameNetwork ? 'demo.provider.device.confirm.sameNetwork' : 'demo.provider.device.confirm.otherNetwork',
    )}</dd></dl>
${origin.staysSignedIn ? `<p>${text(reader, 'demo.provider.device.confirm.staysSignedIn')}</p>` : ''}
<p>${text(reader, 'demo.provider.device.confirm.warning', { appName })}</p>
<form method="post" action="${escapeHtml(target.action)}">${fields}${hidden('confirm', 'yes')}
<button class="primary" type="submit">${text(reader, 'demo.provider.device.confirm.approve')}</button></form>
<form method="post" action="${escapeHtml(target.action)}">${fields}${hidden('abort', 'yes')}
<button class="secondary" type="submit">${text(reader, 'demo.provider.device.confirm.refuse')}</button></form>`,
  )
}

export function deviceSignedInPage(reader: Translator, appName: string, clientName: string): string {
  const title = reader.t('demo.provider.device.done.title')
  return page(
    reader,
    appName,
    title,
    `<h1>${text(reader, 'demo.provider.device.done.heading', { clientName })}</h1><p>${text(reader, 'demo.provider.device.done.body')}</p>`,
  )
}

/**
 * What the engine suite asks of a page, answered inside the page so every
 * engine finds elements the same way: by role and accessible name, by label,
 * by text, as a person would, instead of by CSS. Runs in the browser: it must
 * stay self-contained (no imports, no closures), since each driver sends its
 * source text.
 */
export type Target =
  | { kind: 'button' | 'link' | 'field' | 'text'; name: string; exact?: boolean }
  | { kind: 'button' | 'link' | 'field' | 'text'; pattern: { source: string; flags: string } }

export function findTarget(target: Target): Element | null {
  const squash = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim()
  const visible = (element: Element) => {
    const style = getComputedStyle(element)
    // checkVisibility() also rules out what a closed <details> or content-visibility hides, as Playwright's check does.
    return element.getClientRects().length > 0 && element.checkVisibility() && style.visibility !== 'hidden' && style.display !== 'none'
  }
  const labelOf = (element: Element): string => {
    const aria = element.getAttribute('aria-label')
    if (aria) return squash(aria)
    const labelledBy = element.getAttribute('aria-labelledby')
    if (labelledBy)
      return squash(
        labelledBy
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent)
          .join(' '),
      )
    if (target.kind === 'field') {
      const id = element.getAttribute('id')
      const byFor = id ? document.querySelector(`label[for="${CSS.escape(id)}"]`) : null
      return squash((byFor ?? element.closest('label'))?.textContent)
    }
    if (element instanceof HTMLInputElement) return squash(element.value)
    return squash(element.textContent)
  }
  const selectors = {
    // A details element's summary is pressed like a button to open it (most engines expose it as one).
    button: 'button, details > summary, [role="button"], input[type="submit"], input[type="button"]',
    link: 'a[href], [role="link"]',
    field: 'input:not([type="hidden"]), textarea, select',
    text: 'h1, h2, h3, h4, p, li, td, th, dt, dd, span, div, label, strong, output, [role="status"], [role="alert"]',
  }
  const candidates = [...document.querySelectorAll(selectors[target.kind])].filter(visible)
  const named = candidates.map((element) => ({ element, name: target.kind === 'text' ? squash(element.textContent) : labelOf(element) }))
  if ('pattern' in target) {
    const pattern = new RegExp(target.pattern.source, target.pattern.flags)
    const matches = named.filter((entry) => pattern.test(entry.name))
    // For text, the innermost element that still matches is the one a person reads.
    return (target.kind === 'text' ? matches.at(-1) : matches[0])?.element ?? null
  }
  const wanted = squash(target.name)
  const exact = named.filter((entry) => entry.name === wanted)
  if (exact.length > 0 || target.exact) return (target.kind === 'text' ? exact.at(-1) : exact[0])?.element ?? null
  const loose = named.filter((entry) => entry.name.toLowerCase().includes(wanted.toLowerCase()))
  return (target.kind === 'text' ? loose.at(-1) : loose[0])?.element ?? null
}

import { findTarget, type Target } from './in-page'
import type { Cookie, EngineAuthenticator, EngineDriver, ElementRef, Key } from './driver'

/** How long a step waits for the page to show what it expects: the same as the Chromium suite's expect timeout. */
const TIMEOUT_MS = 15_000

type Name = string | RegExp
type Kind = Target['kind']

function targetFor(kind: Kind, name: Name, exact = false): Target {
  return typeof name === 'string' ? { kind, name, exact } : { kind, pattern: { source: name.source, flags: name.flags } }
}

const describe = (kind: Kind, name: Name) => `${kind} ${typeof name === 'string' ? JSON.stringify(name) : String(name)}`

async function poll<T>(what: string, attempt: () => Promise<T | null | undefined | false>): Promise<T> {
  const deadline = Date.now() + TIMEOUT_MS
  let lastError: unknown
  for (;;) {
    try {
      const result = await attempt()
      if (result) return result
    } catch (error) {
      // A navigation can replace the document mid-query; try again on the new one.
      lastError = error
    }
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${TIMEOUT_MS / 1000} s waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/**
 * A page in any engine, with the steps the cross-engine specs take: go to a
 * path, fill a field by its label, press a button or link by its name, wait
 * for text or a URL. Every step waits, as a person would, up to 15 s.
 */
export class EnginePage {
  constructor(
    private readonly driver: EngineDriver,
    readonly baseUrl: string,
    /** Whether the page runs its scripts: then a control counts as ready only once React has hydrated it. */
    private readonly scripts = true,
  ) {}

  get engine() {
    return this.driver.engine
  }

  async goto(pathOrUrl: string): Promise<void> {
    await this.driver.goto(new URL(pathOrUrl, this.baseUrl).href)
  }

  url(): Promise<string> {
    return this.driver.url()
  }

  async waitForUrl(pattern: RegExp): Promise<string> {
    return poll(`the URL to match ${pattern}`, async () => {
      const url = await this.driver.url()
      return pattern.test(url) ? url : null
    })
  }

  /**
   * Waits for a visible element; for controls, also for it to be enabled (a person can't press a greyed-out one)
   * and, where scripts run, hydrated.
   */
  async locate(kind: Kind, name: Name, exact = false): Promise<ElementRef> {
    const target = targetFor(kind, name, exact)
    return poll(describe(kind, name), async () => {
      const found = await this.driver.find(target)
      if (!found || kind === 'text') return found
      // A press before hydration would reach a form React has not taken over yet: wait as a person waits for the page to settle.
      const ready = await this.driver.evaluate<boolean>(
        `({ target, scripts }) => {
          const element = (${findTarget.toString()})(target)
          if (!element || element.disabled || element.getAttribute('aria-disabled') === 'true') return false
          // Pages that are not the portal's Next.js app (the demo's Acme Expenses, plain HTML) have nothing to hydrate.
          if (!scripts || !('__next_f' in self)) return true
          return Object.keys(element).some((key) => key.startsWith('__reactFiber'))
        }`,
        { target, scripts: this.scripts },
      )
      return ready ? found : null
    })
  }

  async press(name: Name, kind: 'button' | 'link' = 'button'): Promise<void> {
    await this.driver.click(await this.locate(kind, name, typeof name === 'string'))
  }

  async fill(label: Name, value: string): Promise<void> {
    await this.driver.type(await this.locate('field', label), value)
  }

  /** Clicks into the field, as a person does to open the list the browser offers there (autofill). */
  async clickField(label: Name): Promise<void> {
    await this.driver.click(await this.locate('field', label))
  }

  /** Presses `key` in the field, as from the keyboard (e.g. ArrowDown to pick from the browser's autofill list). */
  async pressKey(label: Name, key: Key): Promise<void> {
    await this.driver.pressKey(await this.locate('field', label), key)
  }

  /** Submits the field's form with Enter, as from the keyboard. */
  async submitWithEnter(label: Name): Promise<void> {
    await this.driver.pressEnter(await this.locate('field', label))
  }

  async waitForText(text: Name): Promise<void> {
    await this.locate('text', text)
  }

  /** Waits until `text` is nowhere on the page. */
  async waitForNoText(text: Name): Promise<void> {
    const target = targetFor('text', text)
    await poll(`no ${describe('text', text)}`, async () => !(await this.driver.find(target)))
  }

  async isVisible(kind: Kind, name: Name): Promise<boolean> {
    return (await this.driver.find(targetFor(kind, name))) !== null
  }

  /** The page's visible text, whitespace squashed. */
  async text(): Promise<string> {
    return this.driver.evaluate<string>(`() => document.body.innerText.replace(/\\s+/g, ' ').trim()`)
  }

  evaluate<T>(source: string, arg?: unknown): Promise<T> {
    return this.driver.evaluate<T>(source, arg)
  }

  screenshot(): Promise<Buffer> {
    return this.driver.screenshot()
  }

  setViewport(width: number, height: number): Promise<void> {
    return this.driver.setViewport(width, height)
  }

  addCookies(cookies: Cookie[]): Promise<void> {
    return this.driver.addCookies(this.baseUrl, cookies)
  }

  cookies(): Promise<Cookie[]> {
    return this.driver.cookies(this.baseUrl)
  }

  addAuthenticator(): Promise<EngineAuthenticator | null> {
    return this.driver.addAuthenticator()
  }

  close(): Promise<void> {
    return this.driver.close()
  }
}

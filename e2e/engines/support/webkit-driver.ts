import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Builder, Key, type WebDriver, type WebElement } from 'selenium-webdriver'
import { findTarget, type Target } from './in-page'
import type { EngineDriver, ElementRef, Key as EngineKey, PageOptions } from './driver'

export const WEBKIT_WEBDRIVER_PATH = process.env.WEBKIT_WEBDRIVER_PATH ?? '/usr/bin/WebKitWebDriver'

/** WebKitGTK's MiniBrowser: Debian installs it beside the library, under the architecture's directory. */
export function miniBrowserPath(): string {
  if (process.env.WEBKIT_MINIBROWSER_PATH) return process.env.WEBKIT_MINIBROWSER_PATH
  const lib = '/usr/lib'
  for (const entry of existsSync(lib) ? readdirSync(lib) : []) {
    const candidate = `${lib}/${entry}/webkit2gtk-4.1/MiniBrowser`
    if (existsSync(candidate)) return candidate
  }
  throw new Error('WebKitGTK MiniBrowser was not found. Install webkit2gtk-driver (apt-get install webkit2gtk-driver) or set WEBKIT_MINIBROWSER_PATH.')
}

let display: Promise<string> | null = null
/** WebKitWebDriver servers of this worker with no session open, for the next MiniBrowser. */
const idleServers: string[] = []
const servers = new Map<string, ChildProcess>()

/** Ends a WebDriver server and the browser it started (its process group). */
function stopServer(webDriverUrl: string): void {
  const server = servers.get(webDriverUrl)
  servers.delete(webDriverUrl)
  if (server?.pid) {
    try {
      process.kill(-server.pid, 'SIGKILL')
    } catch {
      server.kill('SIGKILL')
    }
  }
}
const children: ChildProcess[] = []
process.once('exit', () => children.forEach((child) => child.kill()))

/** An X display of our own (MiniBrowser draws into a window even when nobody looks); Xvfb picks a free number. */
function startXvfb(): Promise<string> {
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1920x1080x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] })
  children.push(xvfb)
  return new Promise((resolve, reject) => {
    xvfb.once('error', reject)
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited with code ${code}`)))
    xvfb.stdio[3]!.once('data', (data: Buffer) => resolve(`:${data.toString().trim()}`))
  })
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

let gtkConfig: string | null = null

/**
 * A GTK configuration of our own for MiniBrowser, whose toolbar would keep
 * its window at least 447 px wide: its widgets may shrink, so the page's
 * viewport can be as narrow as a phone's. GTK draws only the browser's own
 * frame; WebKit draws the page and its form controls itself.
 */
function narrowableGtkConfig(): string {
  if (gtkConfig) return gtkConfig
  const directory = mkdtempSync(path.join(tmpdir(), 'portal-webkit-gtk-'))
  process.once('exit', () => rmSync(directory, { recursive: true, force: true }))
  mkdirSync(path.join(directory, 'gtk-3.0'))
  writeFileSync(path.join(directory, 'gtk-3.0', 'gtk.css'), '* { font-size: 1px; min-width: 0; min-height: 0; padding: 0; margin: 0; }\n')
  gtkConfig = directory
  return directory
}

async function startWebDriver(): Promise<string> {
  display ??= process.env.DISPLAY ? Promise.resolve(process.env.DISPLAY) : startXvfb()
  const port = await freePort()
  const driver = spawn(WEBKIT_WEBDRIVER_PATH, [`--port=${port}`], {
    stdio: 'ignore',
    // A group of its own, so a server stopped after a hung launch takes its MiniBrowser with it.
    detached: true,
    env: { ...process.env, DISPLAY: await display, XDG_CONFIG_HOME: narrowableGtkConfig() },
  })
  children.push(driver)
  const webDriverUrl = `http://127.0.0.1:${port}`
  servers.set(webDriverUrl, driver)
  for (let tries = 0; tries < 100; tries += 1) {
    const ready = await fetch(`${webDriverUrl}/status`).then(
      (response) => response.ok,
      () => false,
    )
    if (ready) return webDriverUrl
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error('WebKitWebDriver did not answer in 10 s')
}

/**
 * One display per test worker. WebKitWebDriver holds one session at a time
 * ("Maximum number of active sessions"), so a test that opens two browsers
 * gets a second server; a server whose session ended serves the next one.
 */
async function webDriverServer(): Promise<string> {
  return idleServers.pop() ?? startWebDriver()
}

const element = (ref: ElementRef) => ref.engineElement as WebElement

/** How long a MiniBrowser may take to start and report to its WebDriver server (it takes about a second). */
const LAUNCH_TIMEOUT_MS = 20_000

class LaunchTimeout extends Error {}

/**
 * A new MiniBrowser session, or a LaunchTimeout: a browser that never reports
 * would otherwise hold the test until its own timeout, with no word of why.
 */
function startSession(webDriverUrl: string, args: string[]): Promise<WebDriver> {
  const session = new Builder()
    .usingServer(webDriverUrl)
    .withCapabilities({ browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: miniBrowserPath(), args } })
    .build()
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LaunchTimeout(`MiniBrowser did not start within ${LAUNCH_TIMEOUT_MS / 1000} s`)), LAUNCH_TIMEOUT_MS)
  })
  return Promise.race([Promise.resolve(session), timeout]).finally(() => clearTimeout(timer))
}

const WEBDRIVER_KEYS: Record<EngineKey, string> = { ArrowDown: Key.ARROW_DOWN, ArrowUp: Key.ARROW_UP, Enter: Key.ENTER, Escape: Key.ESCAPE, Tab: Key.TAB }

/**
 * WebKitGTK through W3C WebDriver (selenium-webdriver against WebKitWebDriver).
 * WebDriver classic cannot add request headers, so WebKit's requests carry
 * no X-Forwarded-For: the lane's few requests share the loopback address's
 * limits. WebKitGTK has no Web Authentication API, so no authenticator.
 */
export async function webkitDriver(options: PageOptions): Promise<EngineDriver> {
  const webDriverUrl = await webDriverServer()
  const args = ['--automation']
  if (options.javaScript === false) args.push('--enable-javascript=false')
  const driver = await startSession(webDriverUrl, args).catch(async (error: unknown) => {
    if (!(error instanceof LaunchTimeout)) {
      idleServers.push(webDriverUrl)
      throw error
    }
    // MiniBrowser never reported to this server: retire it (with the browser it started) and try once on a new one.
    stopServer(webDriverUrl)
    const fresh = await startWebDriver()
    return startSession(fresh, args).catch((retryError: unknown) => {
      if (retryError instanceof LaunchTimeout) stopServer(fresh)
      else idleServers.push(fresh)
      throw retryError
    })
  })
  const setViewport = async (width: number, height: number) => {
    // WebDriver sizes the window; the page's viewport is what remains inside the browser's own frame,
    // which GTK may lay out only after the window took its new size: measure again until they agree.
    await driver.manage().window().setRect({ width, height })
    let inner = { width: 0, height: 0 }
    for (let tries = 0; tries < 10; tries += 1) {
      inner = await driver.executeScript<{ width: number; height: number }>('return { width: innerWidth, height: innerHeight }')
      if (inner.width === width && inner.height === height) return
      const outer = await driver.manage().window().getRect()
      await driver
        .manage()
        .window()
        .setRect({ width: outer.width + width - inner.width, height: outer.height + height - inner.height })
    }
    throw new Error(`WebKit's viewport is ${inner.width}x${inner.height}, not the ${width}x${height} asked for`)
  }
  await setViewport(options.width ?? 1280, options.height ?? 800)
  // WebDriver classic has no "before the page's own scripts" hook; no WebKit test needs one.
  if (options.initScript) throw new Error('The WebKit lane cannot run init scripts (WebDriver classic has no such command)')
  return {
    engine: 'webkit',
    goto: async (url) => {
      await driver.get(url)
    },
    url: () => driver.getCurrentUrl(),
    evaluate: async <T>(source: string, arg?: unknown) => (await driver.executeScript(`return (${source})(arguments[0])`, arg ?? null)) as T,
    find: async (target: Target) => {
      const found = await driver.executeScript<WebElement | null>(`return (${findTarget.toString()})(arguments[0])`, target)
      return found ? { engineElement: found } : null
    },
    click: async (ref) => {
      await element(ref).click()
    },
    type: async (ref, text) => {
      await driver.executeScript('arguments[0].select && arguments[0].select()', element(ref))
      await element(ref).sendKeys(text)
    },
    pressEnter: async (ref) => {
      await element(ref).sendKeys(Key.ENTER)
    },
    pressKey: async (ref, key) => {
      await element(ref).sendKeys(WEBDRIVER_KEYS[key])
    },
    screenshot: async () => Buffer.from(await driver.takeScreenshot(), 'base64'),
    setViewport,
    addCookies: async (url, cookies) => {
      // WebDriver sets cookies for the current document's domain only: visit the origin first.
      if (!(await driver.getCurrentUrl()).startsWith(new URL(url).origin)) await driver.get(new URL('/robots.txt', url).href)
      for (const cookie of cookies) {
        await driver
          .manage()
          .addCookie({ name: cookie.name, value: cookie.value, path: '/', httpOnly: cookie.httpOnly ?? true, sameSite: 'Lax', expiry: cookie.expires })
      }
    },
    cookies: async () => (await driver.manage().getCookies()).map((cookie) => ({ name: cookie.name, value: cookie.value, httpOnly: cookie.httpOnly })),
    addAuthenticator: async () => null,
    close: async () => {
      await driver.quit().catch(() => undefined)
      idleServers.push(webDriverUrl)
    },
  }
}

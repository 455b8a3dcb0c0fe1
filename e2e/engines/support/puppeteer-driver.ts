import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import puppeteer, { type Browser, type ConnectionTransport, type ElementHandle, type Page } from 'puppeteer-core'
import WebSocket from 'ws'
import { findTarget, type Target } from './in-page'
import type { EngineAuthenticator, EngineCredential, EngineDriver, ElementRef, PageOptions } from './driver'
import { connectMarionette, type Marionette } from './marionette'

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr'

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

/** The authenticator every engine simulates: a platform one with resident keys and user verification, as a phone or laptop has. */
const AUTHENTICATOR = { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true }

type Launched = { browser: Browser; authenticator: () => Promise<EngineAuthenticator | null>; shutdown: () => Promise<void> }

async function launchChromium(executablePath: string): Promise<Launched> {
  const browser = await puppeteer.launch({ executablePath, headless: true, args: CHROMIUM_ARGS })
  return {
    browser,
    // Chromium's virtual authenticators live in the DevTools protocol, one page at a time.
    authenticator: async () => {
      const page = (await browser.pages())[0]!
      const cdp = await page.createCDPSession()
      await cdp.send('WebAuthn.enable', { enableUI: false })
      const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: { ...AUTHENTICATOR, protocol: 'ctap2', transport: 'internal', automaticPresenceSimulation: true },
      })
      return {
        credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials as EngineCredential[],
        remove: async () => {
          await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId })
        },
      }
    },
    shutdown: () => browser.close(),
  }
}

/** Reads a file Firefox writes into its profile once it listens (its ports, chosen by the system). */
async function waitForProfileFile(profile: string, name: string, firefox: ChildProcess): Promise<string> {
  for (let tries = 0; tries < 300; tries += 1) {
    if (firefox.exitCode !== null) throw new Error(`Firefox exited with code ${firefox.exitCode} before it listened`)
    const text = await readFile(path.join(profile, name), 'utf8').catch(() => '')
    if (text.trim()) return text.trim()
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`Firefox did not write ${name} in 30 s`)
}

/**
 * Puppeteer over a socket that already belongs to a session: Puppeteer opens
 * its own with session.new, which Firefox refuses while Marionette's is
 * open, so that one command is answered here with the existing session.
 */
function joinSession(socketUrl: string, session: { sessionId: string; capabilities: unknown }): Promise<ConnectionTransport> {
  const socket = new WebSocket(socketUrl)
  return new Promise((resolve, reject) => {
    socket.once('error', reject)
    socket.once('open', () => {
      const transport: ConnectionTransport = {
        send(message) {
          const command = JSON.parse(message) as { id: number; method: string }
          if (command.method === 'session.new') {
            setTimeout(() => transport.onmessage?.(JSON.stringify({ type: 'success', id: command.id, result: session })))
            return
          }
          socket.send(message)
        },
        close() {
          socket.close()
        },
      }
      socket.on('message', (data) => transport.onmessage?.(data.toString()))
      socket.on('close', () => transport.onclose?.())
      resolve(transport)
    })
  })
}

async function launchFirefox(options: PageOptions): Promise<Launched> {
  const profile = await mkdtemp(path.join(tmpdir(), 'portal-firefox-'))
  const prefs: Record<string, unknown> = {
    // Each listener on a port of the system's choosing; Firefox names them in the profile.
    'marionette.port': 0,
    // Firefox's software token backs the WebDriver virtual authenticators; USB tokens would prompt.
    'security.webauth.webauthn_enable_softtoken': true,
    'security.webauth.webauthn_enable_usbtoken': false,
    // Passkey autofill offers its entries in the login manager's list under the field; Marionette's recommended preferences turn it off.
    'signon.rememberSignons': true,
    ...(options.javaScript === false ? { 'javascript.enabled': false } : {}),
  }
  await writeFile(
    path.join(profile, 'user.js'),
    Object.entries(prefs)
      .map(([key, value]) => `user_pref(${JSON.stringify(key)}, ${JSON.stringify(value)});\n`)
      .join(''),
  )
  const firefox = spawn(FIREFOX_PATH, ['--headless', '--marionette', '--remote-debugging-port', '0', '--profile', profile, '--no-remote', 'about:blank'], {
    stdio: 'ignore',
    env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1' },
  })
  let marionette: Marionette | null = null
  const shutdown = async () => {
    await marionette?.send('WebDriver:DeleteSession').catch(() => undefined)
    marionette?.close()
    if (firefox.exitCode === null) {
      const exited = new Promise((resolve) => firefox.once('exit', resolve))
      firefox.kill()
      await exited
    }
    await rm(profile, { recursive: true, force: true })
  }
  try {
    marionette = await connectMarionette(Number(await waitForProfileFile(profile, 'MarionetteActivePort', firefox)))
    const session = await marionette.send<{ sessionId: string; capabilities: { webSocketUrl: string } }>('WebDriver:NewSession', {
      webSocketUrl: true,
      'webauthn:virtualAuthenticators': true,
    })
    const browser = await puppeteer.connect({ transport: await joinSession(session.capabilities.webSocketUrl, session), protocol: 'webDriverBiDi' })
    const open = marionette
    return {
      browser,
      authenticator: async () => {
        const added = await open.send<{ value: string }>('WebAuthn:AddVirtualAuthenticator', { ...AUTHENTICATOR, isUserConsenting: true })
        const authenticatorId = added.value
        return {
          credentials: async () => (await open.send<{ value: EngineCredential[] }>('WebAuthn:GetCredentials', { authenticatorId })).value,
          remove: async () => {
            await open.send('WebAuthn:RemoveVirtualAuthenticator', { authenticatorId })
          },
        }
      },
      shutdown,
    }
  } catch (error) {
    await shutdown()
    throw error
  }
}

const handle = (element: ElementRef) => element.engineElement as ElementHandle<Element>

/** Chromium (DevTools protocol) and Firefox (WebDriver BiDi) through Puppeteer. */
export async function puppeteerDriver(engine: 'chromium' | 'firefox', chromiumPath: string, options: PageOptions): Promise<EngineDriver> {
  const launched = engine === 'firefox' ? await launchFirefox(options) : await launchChromium(chromiumPath)
  try {
    const page: Page = (await launched.browser.pages())[0] ?? (await launched.browser.newPage())
    await page.setViewport({ width: options.width ?? 1280, height: options.height ?? 800 })
    if (options.clientIp) await page.setExtraHTTPHeaders({ 'x-forwarded-for': options.clientIp })
    if (options.javaScript === false && engine === 'chromium') await page.setJavaScriptEnabled(false)
    if (options.initScript) await page.evaluateOnNewDocument(options.initScript)
    return {
      engine,
      goto: async (url) => {
        await page.goto(url, { waitUntil: 'load' })
      },
      url: async () => page.url(),
      evaluate: async <T>(source: string, arg?: unknown) => (await page.evaluate(`(${source})(${JSON.stringify(arg ?? null)})`)) as T,
      find: async (target: Target) => {
        const found = await page.evaluateHandle(findTarget, target)
        const element = found.asElement()
        if (!element) {
          await found.dispose()
          return null
        }
        return { engineElement: element }
      },
      click: async (element) => {
        if (options.javaScript === false) {
          // Puppeteer's click first awaits an IntersectionObserver, whose callback never runs in a page that may not run scripts (Firefox).
          await handle(element).evaluate((target) => target.scrollIntoView({ block: 'center' }))
          const { x, y } = await handle(element).clickablePoint()
          await page.mouse.click(x, y)
          return
        }
        await handle(element).click()
      },
      type: async (element, text) => {
        await handle(element).evaluate((field) => (field as HTMLInputElement).select?.())
        await handle(element).type(text)
      },
      pressEnter: async (element) => {
        await handle(element).press('Enter')
      },
      pressKey: async (element, key) => {
        await handle(element).press(key)
      },
      screenshot: async () => Buffer.from(await page.screenshot({ type: 'png' })),
      setViewport: async (width, height) => {
        await page.setViewport({ width, height })
      },
      addCookies: async (url, cookies) => {
        await launched.browser.setCookie(
          ...cookies.map((cookie) => ({
            name: cookie.name,
            value: cookie.value,
            domain: new URL(url).hostname,
            path: '/',
            httpOnly: cookie.httpOnly ?? true,
            sameSite: 'Lax' as const,
            ...(cookie.expires ? { expires: Math.floor(cookie.expires.getTime() / 1000) } : {}),
          })),
        )
      },
      cookies: async (url) => (await page.cookies(url)).map((cookie) => ({ name: cookie.name, value: cookie.value, httpOnly: cookie.httpOnly })),
      addAuthenticator: launched.authenticator,
      close: launched.shutdown,
    }
  } catch (error) {
    await launched.shutdown()
    throw error
  }
}

import type { EnginePage } from './support/engine-page'
import { expect, test } from './fixtures'

/** Signed-out pages that show no per-test data: the same pixels every run, in each engine. */
const PAGES = [
  { name: 'sign-in', path: '/sign-in', heading: 'Sign in to Passkey Portal' },
  { name: 'recover', path: '/recover', heading: 'Lost your passkey?' },
]

const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 360, height: 740 },
]

/**
 * The page as it stays: web fonts loaded, React hydrated (the passkey
 * button waits for it), no blinking caret or running transition, and two
 * frames drawn since.
 */
async function stillScreenshot(page: EnginePage): Promise<Buffer> {
  await expect.poll(() => page.evaluate<boolean>(`() => Object.keys(document.body).some((key) => key.startsWith('__reactFiber'))`)).toBe(true)
  await page.evaluate(`async () => {
    document.activeElement?.blur()
    const style = document.createElement('style')
    style.textContent = '*, *::before, *::after { caret-color: transparent !important; transition: none !important; animation: none !important }'
    document.head.append(style)
    await document.fonts.ready
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
  }`)
  return page.screenshot()
}

test('the sign-in and recovery pages look as approved at 1280 and 360 px', async ({ open }) => {
  const page = await open()
  for (const { width, height } of VIEWPORTS) {
    await page.setViewport(width, height)
    for (const { name, path, heading } of PAGES) {
      await page.goto(path)
      await page.waitForText(heading)
      // The passkey button reads "Preparing…" until its options arrive (or, without WebAuthn, gives way to a sentence).
      await page.waitForNoText('Preparing…')
      // Named per project (Playwright adds it), so each engine has its own approved pictures.
      expect(await stillScreenshot(page)).toMatchSnapshot(`${name}-${width}.png`, { maxDiffPixelRatio: 0.01 })
    }
  }
})

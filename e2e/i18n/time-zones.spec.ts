import { expect, test } from '@playwright/test'
import { chooseTimeZone } from '../../lib/account/preferences'
import { testContext } from '../../testing/use-case'
import { normalize } from '../support/catalogue'
import { enterCode, requestEmail } from '../support/email-sign-in'
import { latestEmailTo, signInEmailTo } from '../support/mailbox'
import { settle } from '../support/settle'
import { DEMO } from '../support/servers'
import { Visit } from '../support/site'
import { renderings, secondsBetween, timesInHtml, timesOnPage, ZONED_FORMATS, type RenderedTime } from '../support/times'

/**
 * Times are in the reader's zone, named, and already so in the HTML the
 * server sends: a person who saved New York reads New York time on a laptop
 * set to Berlin, in pages and in email.
 */

const SAVED = 'America/New_York'
const BROWSER = 'Europe/Berlin'
const NEW_YORK_ZONE = /\b(EST|EDT)\b/

/** A <time> shows its moment in `zone`: as its text, or (a relative time, "5 minutes ago") in its title. */
function expectIn(zone: string, time: RenderedTime, where: string) {
  const at = new Date(time.dateTime)
  expect(Number.isNaN(at.getTime()), `${where}: <time datetime="${time.dateTime}">`).toBe(false)
  const expected = renderings('en', zone, at)
  const shown = [normalize(time.text), normalize(time.title)].filter(Boolean)
  expect(
    shown.some((text) => expected.includes(text)),
    `${where}: <time datetime="${time.dateTime}"> reads “${shown.join('” titled “')}”, not a ${zone} time (${expected.join(' | ')})`,
  ).toBe(true)
}

const namesZone = (time: RenderedTime) => NEW_YORK_ZONE.test(time.text) || NEW_YORK_ZONE.test(time.title)

test('every time on the account and admin pages is New York time, named, in the server’s HTML and on screen', async ({ browser }) => {
  const visit = await Visit.open(browser, 'en', { timezoneId: BROWSER })
  const { page } = visit
  try {
    const person = await visit.personWithHistory({ role: 'admin' })
    // Saved as the profile's time-zone setting saves it.
    await chooseTimeZone({ timeZone: SAVED }, { user: { id: person.id } }, testContext())
    await visit.signIn(person)
    for (const path of ['/account', '/account/passkeys', '/account/sessions', '/account/activity', `/admin/people/${person.id}`, '/admin/audit']) {
      await page.goto(path)
      await settle(page)
      const shown = await timesOnPage(page)
      expect(shown.length, `${path} shows times`).toBeGreaterThan(0)
      for (const time of shown) expectIn(SAVED, time, `${path} on screen`)
      expect(shown.some(namesZone), `${path} names the zone: ${shown.map((time) => time.title || time.text).join(' | ')}`).toBe(true)

      // The HTML as the server sent it, before any script could change a time.
      const response = await page.request.get(path)
      expect(response.status(), path).toBe(200)
      const sent = timesInHtml(await response.text())
      expect(sent.length, `${path}: times in the server’s HTML`).toBeGreaterThan(0)
      for (const time of sent) expectIn(SAVED, time, `${path} as the server sent it`)
    }

    // A security email (a sign-in from a browser new to the account): New York time, named.
    const laptop = await visit.otherBrowser()
    const from = new Date()
    await requestEmail(laptop, person.email)
    const { code } = await signInEmailTo(person.email)
    await enterCode(laptop, code)
    await expect(laptop).toHaveURL(/\/account$/)
    const notice = await latestEmailTo(person.email, /^New sign-in/)
    const to = new Date()
    const text = normalize(notice.text)
    const moments = secondsBetween(from, to)
    const newYork = moments.flatMap((at) => renderings('en', SAVED, at, [...ZONED_FORMATS]))
    const berlin = moments.flatMap((at) => renderings('en', BROWSER, at, [...ZONED_FORMATS]))
    expect(
      newYork.some((time) => text.includes(time)),
      `the notice names the time in New York (one of ${newYork.slice(0, 3).join(' | ')}…):\n${text}`,
    ).toBe(true)
    expect(berlin.filter((time) => text.includes(time))).toEqual([])
  } finally {
    await visit.close()
  }
})

test('the dev mailbox shows its times in the reader’s zone, not as raw ISO', async ({ browser }) => {
  const visit = await Visit.open(browser, 'en', { timezoneId: BROWSER })
  const { page } = visit
  try {
    // The first page tells the server the browser's zone (a cookie); the next is in it.
    await page.goto(`${DEMO.url}/dev/mailbox`)
    await settle(page)
    // The cookie is written once the page has hydrated, which a busy machine may delay past settle().
    await expect.poll(async () => (await page.context().cookies(DEMO.url)).find((cookie) => cookie.name === 'tz')?.value).toBe(encodeURIComponent(BROWSER))
    await page.reload()
    const shown = await timesOnPage(page)
    expect(shown.length).toBeGreaterThan(0)
    for (const time of shown) {
      expect(time.text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}/)
      expectIn(BROWSER, time, '/dev/mailbox')
    }
    const sent = timesInHtml(await (await page.request.get(`${DEMO.url}/dev/mailbox`)).text())
    expect(sent.length).toBe(shown.length)
    for (const time of sent) expectIn(BROWSER, time, '/dev/mailbox as the server sent it')
  } finally {
    await visit.close()
  }
})

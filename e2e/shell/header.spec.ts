import { db } from '../../lib/db'
import { expect, test } from '../fixtures'
import { removeUsers } from '../support/users'

test('the header’s address never breaks inside itself at 1280 px, keeps its whole value, and fits at 360 px', async ({ page, signIn }) => {
  const long = `a-rather-long-address.for-the-header-${Date.now().toString(36)}@subdomain.example-organisation.com`
  const person = await db().user.create({ data: { email: long, displayName: 'Policy Person' }, select: { id: true, email: true } })
  await signIn(page.context(), { ...person, displayName: 'Policy Person' })
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.goto('/account')
  const address = page.getByTestId('signed-in-address')
  // One line: too long for its room, it ends in an ellipsis; the full address is its text and its tooltip.
  await expect(address).toHaveText(long)
  await expect(address).toHaveAttribute('title', long)
  await expect(page.getByTestId('signed-in-user')).toHaveText(`Signed in as Policy Person ${long}`)
  expect(await address.evaluate((element) => element.getClientRects().length)).toBe(1)
  const lineHeight = await address.evaluate((element) => parseFloat(getComputedStyle(element).lineHeight))
  expect((await address.boundingBox())!.height).toBeLessThan(lineHeight * 1.5)

  await page.setViewportSize({ width: 360, height: 740 })
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
  const box = (await address.boundingBox())!
  expect(box.x).toBeGreaterThanOrEqual(0)
  expect(box.x + box.width).toBeLessThanOrEqual(360)
  expect(box.height).toBeLessThan(lineHeight * 1.5)
  await removeUsers(person.id)
})

test('an address that fits is shown whole at 1280 px', async ({ page, signIn, user }) => {
  await signIn(page.context(), user)
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.goto('/account')
  const address = page.getByTestId('signed-in-address')
  await expect(address).toHaveText(user.email)
  expect(await address.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true)
  expect(await address.evaluate((element) => element.getClientRects().length)).toBe(1)
})

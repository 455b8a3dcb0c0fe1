import { expect, test } from '../fixtures'
import { passkeyRow, userIn } from '../policies/support'
import { removeUsers } from '../support/users'

/** Where a path sends this browser: its status and, for a redirect, the path it goes to. */
async function answer(page: import('@playwright/test').Page, path: string) {
  const response = await page.request.get(path, { maxRedirects: 0 })
  const location = response.headers()['location']
  return { status: response.status(), to: location ? new URL(location, 'http://x').pathname : null }
}

test('/admin takes the helpdesk and administrators to People; others get what the other admin pages give them', async ({ page, signIn }) => {
  expect(await answer(page, '/admin')).toEqual(await answer(page, '/admin/people'))
  const people = await Promise.all((['user', 'helpdesk', 'admin'] as const).map((role) => userIn('customers', role)))
  for (const person of people) await passkeyRow(person.id)
  const [user, helpdesk, admin] = people
  await signIn(page.context(), { ...user!, displayName: 'Policy Person' })
  expect((await answer(page, '/admin')).status).toBe(404)
  expect(await answer(page, '/admin')).toEqual(await answer(page, '/admin/people'))
  for (const agent of [helpdesk!, admin!]) {
    await page.context().clearCookies()
    await signIn(page.context(), { ...agent, displayName: 'Policy Person' })
    await page.goto('/admin')
    await expect(page).toHaveURL(/\/admin\/people$/)
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  }
  await removeUsers(...people.map((person) => person.id))
})

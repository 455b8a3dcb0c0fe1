import { expect, test } from '../fixtures'
import { passkeyRow, userIn } from '../policies/support'

const ACCOUNT = ['Overview', 'Passkeys', 'Recovery', 'Activity', 'Sessions', 'Profile']
const PAGES: Record<'user' | 'helpdesk' | 'admin', { links: string[]; pages: [path: string, current: string][] }> = {
  user: {
    links: ACCOUNT,
    pages: [
      ['/account', 'Overview'],
      ['/account/passkeys', 'Passkeys'],
      ['/account/recovery', 'Recovery'],
      ['/account/activity', 'Activity'],
      ['/account/sessions', 'Sessions'],
      ['/account/profile', 'Profile'],
    ],
  },
  helpdesk: {
    links: [...ACCOUNT, 'People', 'Helpdesk recovery'],
    pages: [
      ['/account', 'Overview'],
      ['/admin/people', 'People'],
      ['/admin/recovery', 'Helpdesk recovery'],
    ],
  },
  admin: {
    links: [...ACCOUNT, 'People', 'Helpdesk recovery', 'Rollout', 'Policies', 'Authenticators', 'Reports', 'Audit log', 'Apps'],
    pages: [
      ['/account/profile', 'Profile'],
      ['/admin/people', 'People'],
      ['/admin/recovery', 'Helpdesk recovery'],
      ['/admin/policies', 'Policies'],
      ['/admin/policies/employees', 'Policies'],
      ['/admin/authenticators', 'Authenticators'],
      ['/admin/reports', 'Reports'],
      ['/admin/audit', 'Audit log'],
      ['/admin/rollout', 'Rollout'],
      ['/admin/apps', 'Apps'],
    ],
  },
}

test.describe('the shell at 360 px', () => {
  test.use({ viewport: { width: 360, height: 740 } })

  for (const role of ['user', 'helpdesk', 'admin'] as const) {
    test(`a ${role} sees the whole navigation with the current page marked, and nothing is cut off`, async ({ page, signIn }, testInfo) => {
      const person = await userIn('customers', role)
      await passkeyRow(person.id)
      await signIn(page.context(), { ...person, displayName: 'Policy Person' })
      for (const [path, current] of PAGES[role].pages) {
        await page.goto(path)
        const nav = page.getByRole('navigation', { name: 'Account' })
        await nav.getByRole('button', { name: /Menu/ }).click()
        await expect(nav.getByRole('button', { name: /Menu/ })).toContainText(current)
        for (const label of PAGES[role].links) {
          const link = nav.getByRole('link', { name: label, exact: true })
          await expect(link, `${path}: ${label}`).toBeVisible()
          const box = (await link.boundingBox())!
          expect(box.x, `${path}: ${label}`).toBeGreaterThanOrEqual(0)
          expect(box.x + box.width, `${path}: ${label}`).toBeLessThanOrEqual(360)
        }
        await expect(nav.getByRole('link', { name: current, exact: true })).toHaveAttribute('aria-current', 'page')
        await expect(nav.locator('[aria-current="page"]')).toHaveCount(1)
        // Nothing runs off the side: not the header's address or button, not the page.
        expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), path).toBeLessThanOrEqual(0)
        await expect(page.getByTestId('signed-in-user')).toContainText(person.email)
        const signOut = page.getByRole('button', { name: 'Sign out' })
        expect((await signOut.boundingBox())!.height, `${path}: one line`).toBeLessThan(48)
        const shot = testInfo.outputPath(`${role}${path.replaceAll('/', '-')}.png`)
        await page.screenshot({ path: shot, fullPage: true })
        await testInfo.attach(`${role} ${path}`, { path: shot, contentType: 'image/png' })
      }
      const visibleLinks = await page.getByRole('navigation', { name: 'Account' }).getByRole('link').count()
      expect(visibleLinks).toBe(PAGES[role].links.length)
    })
  }
})

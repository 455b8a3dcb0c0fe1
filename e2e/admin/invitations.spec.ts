import { randomBytes } from 'node:crypto'
import { db } from '../../lib/db'
import { expect, test } from '../fixtures'
import { addVirtualAuthenticator } from '../support/authenticator'
import { latestEmailTo } from '../support/mailbox'
import { userIn } from '../policies/support'

const address = (name: string) => `${name}-${randomBytes(4).toString('hex')}@example.com`

/** The invitation link in the newest invitation email to an address. */
async function invitationLink(email: string): Promise<string> {
  const message = await latestEmailTo(email, /^You are invited/)
  const link = message.text.match(/(http:\/\/\S+\/invite\?token=[A-Za-z0-9_-]+)/)?.[1]
  if (!link) throw new Error('no invitation link')
  return link
}

test('an invitation: GET changes nothing, the button signs in and creates a passkey in one press, then recovery set-up; used, withdrawn and expired links are refused', async ({
  browser,
  page,
  signIn,
}) => {
  const admin = await userIn('customers', 'admin')
  await signIn(page.context(), { ...admin, displayName: 'Policy Person' })
  const email = address('invitee')
  await page.goto('/admin/people')
  const form = page.getByTestId('invite-one')
  await form.getByLabel('Email address').fill(email)
  await form.getByLabel('Name (optional)').fill('Invited Person')
  await form.getByLabel('Group').selectOption({ label: 'Employees' })
  await form.getByRole('button', { name: 'Send invitation' }).click()
  await expect(form.getByRole('status')).toContainText(`Invitation sent to ${email}`)
  const invitee = await db().user.findUniqueOrThrow({ where: { email }, select: { id: true, status: true, groupId: true } })
  expect(invitee).toMatchObject({ status: 'invited', groupId: 'employees' })

  const link = await invitationLink(email)
  const theirs = await browser.newContext()
  const theirPage = await theirs.newPage()
  // Opening the link (as a mail scanner would) leaves it usable.
  expect((await theirs.request.get(link)).status()).toBe(200)
  await theirPage.goto(link)
  await expect(theirPage.getByText(/You were invited as/)).toBeVisible()
  await addVirtualAuthenticator(theirPage)
  await theirPage.getByRole('button', { name: 'Accept and create your passkey' }).click()
  await expect(theirPage).toHaveURL(/\/account\/welcome$/)
  await theirPage.bringToFront()
  await theirPage.getByRole('button', { name: 'Create your passkey' }).click()
  await expect(theirPage).toHaveURL(/\/account\/recovery\?welcome=1$/)
  await expect(theirPage.getByTestId('recovery-welcome')).toBeVisible()
  expect(await db().passkey.count({ where: { userId: invitee.id } })).toBe(1)
  expect((await db().user.findUniqueOrThrow({ where: { id: invitee.id } })).status).toBe('active')

  // Used: refused with a clear message.
  const again = await browser.newContext()
  const againPage = await again.newPage()
  await againPage.goto(link)
  await expect(againPage.getByTestId('invitation-refused')).toContainText('already used')
  await again.close()
  await theirs.close()

  // Withdrawn and expired invitations are refused too.
  const withdrawn = address('withdrawn')
  await form.getByLabel('Email address').fill(withdrawn)
  await form.getByRole('button', { name: 'Send invitation' }).click()
  await expect(form.getByRole('status')).toContainText(withdrawn)
  const withdrawnLink = await invitationLink(withdrawn)
  const withdrawnUser = await db().user.findUniqueOrThrow({ where: { email: withdrawn } })
  await page.goto(`/admin/people/${withdrawnUser.id}`)
  await page.getByRole('button', { name: 'Withdraw the invitation' }).click()
  await expect(page.getByRole('status')).toContainText('withdrawn')
  await page.goto(withdrawnLink)
  await expect(page.getByTestId('invitation-refused')).toContainText('withdrawn')

  await page.goto(`/admin/people/${withdrawnUser.id}`)
  await page.getByRole('button', { name: 'Send a new invitation' }).click()
  await expect(page.getByRole('status')).toContainText('new invitation')
  await expect.poll(async () => invitationLink(withdrawn)).not.toBe(withdrawnLink)
  await db().invitation.updateMany({ where: { userId: withdrawnUser.id, usedAt: null, revokedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } })
  await page.goto(await invitationLink(withdrawn))
  await expect(page.getByTestId('invitation-refused')).toContainText('expired')
})

test('a CSV of 5 good rows, 2 invalid addresses and 1 existing member reports every row and invites exactly the 5', async ({ page, signIn }, testInfo) => {
  const admin = await userIn('customers', 'admin')
  await signIn(page.context(), { ...admin, displayName: 'Policy Person' })
  const member = await userIn('customers')
  const good = Array.from({ length: 5 }, (_, index) => address(`csv${index}`))
  const csv = [
    'email,name,group',
    `${good[0]},"Lovelace, Ada",Employees`,
    `${good[1]},Grace Hopper,contractors`,
    'not-an-address,Nobody,',
    `${good[2]},,`,
    `${member.email},Already Here,Customers`,
    `${good[3]},"Quote ""Q"" Person",Customers`,
    'two@@example.com,Broken,',
    `${good[4]},Last One,Employees`,
  ].join('\r\n')
  const file = testInfo.outputPath('people.csv')
  await import('node:fs/promises').then((fs) => fs.writeFile(file, csv))
  await page.goto('/admin/people')
  const form = page.getByTestId('invite-csv')
  await form.getByLabel(/CSV file/).setInputFiles(file)
  await form.getByRole('button', { name: 'Invite from file' }).click()
  await expect(form.getByRole('status')).toContainText('5 invitations sent.')
  const rows = form.getByTestId('invite-results').getByRole('row')
  await expect(rows).toHaveCount(9)
  await expect(form.getByTestId('invite-results')).toContainText('already a member: not invited')
  await expect(form.getByTestId('invite-results').getByText('invalid address')).toHaveCount(2)
  const invited = await db().user.findMany({ where: { email: { in: good } }, select: { email: true, status: true, displayName: true, groupId: true } })
  expect(invited).toHaveLength(5)
  expect(invited.every((user) => user.status === 'invited')).toBe(true)
  expect(invited.find((user) => user.email === good[0])).toMatchObject({ displayName: 'Lovelace, Ada', groupId: 'employees' })
  expect(invited.find((user) => user.email === good[3])?.displayName).toBe('Quote "Q" Person')
  expect((await db().user.findUniqueOrThrow({ where: { id: member.id } })).status).toBe('active')
  expect(await db().invitation.count({ where: { user: { email: { in: good } } } })).toBe(5)
})

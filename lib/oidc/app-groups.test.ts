import { describe, expect, it } from 'vitest'
import { testContext } from '../../testing/use-case'
import { db } from '../db'
import { changeAppGroups } from './app-groups'
import { appInputSchema, registerApp } from './apps'

const unique = () => Math.random().toString(36).slice(2, 10)

async function administrator() {
  const user = await db().user.create({ data: { email: `admin-${unique()}@example.com`, role: 'admin' }, select: { id: true, email: true } })
  return { user, sessionId: `admin-session-${unique()}` }
}

describe('changing who may use an app', () => {
  it('takes only groups that exist, and records the change with the administrator', async () => {
    const admin = await administrator()
    const ctx = testContext({ caller: admin })
    const input = appInputSchema.parse({
      name: `App ${unique()}`,
      redirectUris: 'https://app.example/callback',
      clientType: 'public',
      allowedGroups: [],
      minimumLevel: 'email',
      signingAlg: 'ES256',
    })
    const registered = await registerApp(input, admin, ctx)
    if (!registered.ok) throw new Error(registered.reason)
    const clientId = registered.app.id
    const allowed = async () => JSON.parse((await db().oidcApp.findUniqueOrThrow({ where: { id: clientId } })).allowedGroups) as string[]

    expect(await changeAppGroups({ clientId, allowedGroups: ['employees', 'no-such-group'] }, ctx)).toEqual({ ok: false, reason: 'app_groups' })
    expect(await allowed()).toEqual([])

    expect(await changeAppGroups({ clientId, allowedGroups: ['employees'] }, ctx)).toEqual({ ok: true, name: input.name, revokedPeople: 0 })
    expect(await allowed()).toEqual(['employees'])
    const rows = await db().auditEvent.findMany({ where: { type: 'app_groups_changed', actorId: admin.user.id }, select: { detail: true } })
    expect(rows.map((row) => JSON.parse(row.detail!))).toEqual([{ clientId, name: input.name, groups: 'employees', revokedPeople: 0 }])

    expect(await changeAppGroups({ clientId: 'app_missing', allowedGroups: [] }, ctx)).toEqual({ ok: false, reason: 'app_not_found' })
  })
})

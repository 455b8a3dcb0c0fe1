import { describe, expect, it } from 'vitest'
import { testContext } from '../../testing/use-case'
import { db } from '../db'
import { localeCookie } from '../i18n/cookies'
import { chooseLanguage, chooseTimeZone, knownTimeZone, rememberBrowserTimeZone, timeZoneChoices } from './preferences'

async function person(saved: { locale?: string; timeZone?: string } = {}) {
  const email = `preferences-${Math.random().toString(36).slice(2, 10)}@example.com`
  const user = await db().user.create({ data: { email, ...saved }, select: { id: true, locale: true, timeZone: true } })
  return { sessionId: `session-${user.id}`, user }
}

const saved = (userId: string) => db().user.findUniqueOrThrow({ where: { id: userId }, select: { locale: true, timeZone: true } })

const changes = async (userId: string) =>
  (
    await db().auditEvent.findMany({
      where: { userId, type: 'profile_updated' },
      select: { result: true, sessionId: true, detail: true },
      orderBy: { createdAt: 'asc' },
    })
  ).map((row) => ({ ...row, detail: JSON.parse(row.detail!) as unknown }))

describe('chooseLanguage', () => {
  it('keeps the choice in a cookie and on the account, and records the change', async () => {
    const session = await person()
    const ctx = testContext({ caller: session })
    await chooseLanguage({ locale: 'de' }, session, ctx)
    expect(ctx.cookies.get(localeCookie().name)).toEqual({ value: 'de' })
    expect(await saved(session.user.id)).toEqual({ locale: 'de', timeZone: null })
    expect(await changes(session.user.id)).toEqual([{ result: 'success', sessionId: session.sessionId, detail: { setting: 'locale', from: null, to: 'de' } }])
  })

  it('writes nothing to the account when the language is already the saved one; the cookie is still set', async () => {
    const session = await person({ locale: 'ar' })
    const ctx = testContext({ caller: session })
    await chooseLanguage({ locale: 'ar' }, session, ctx)
    expect(ctx.cookies.get(localeCookie().name)).toEqual({ value: 'ar' })
    expect(await saved(session.user.id)).toEqual({ locale: 'ar', timeZone: null })
    expect(await changes(session.user.id)).toEqual([])
  })

  it('signed out, only sets the cookie', async () => {
    const ctx = testContext()
    await chooseLanguage({ locale: 'de' }, null, ctx)
    expect(ctx.cookies.get(localeCookie().name)).toEqual({ value: 'de' })
    expect(await db().auditEvent.count({ where: { type: 'profile_updated', ipAddress: ctx.request.ipAddress, userId: null } })).toBe(0)
  })
})

describe('chooseTimeZone', () => {
  it('saves a zone the runtime knows, in its resolved spelling, and records what it was', async () => {
    const session = await person({ timeZone: 'Europe/Berlin' })
    const ctx = testContext({ caller: session })
    expect(await chooseTimeZone({ timeZone: 'asia/tokyo' }, session, ctx)).toEqual({ ok: true, timeZone: 'Asia/Tokyo' })
    expect(await saved(session.user.id)).toEqual({ locale: null, timeZone: 'Asia/Tokyo' })
    expect(await changes(session.user.id)).toEqual([
      { result: 'success', sessionId: session.sessionId, detail: { setting: 'timeZone', from: 'Europe/Berlin', to: 'Asia/Tokyo' } },
    ])
  })

  it('writes and records nothing when the zone is the saved one', async () => {
    const session = await person({ timeZone: 'America/New_York' })
    expect(await chooseTimeZone({ timeZone: 'America/New_York' }, session, testContext({ caller: session }))).toEqual({
      ok: true,
      timeZone: 'America/New_York',
    })
    expect(await changes(session.user.id)).toEqual([])
  })

  it('refuses a zone the runtime does not know, and keeps the saved one', async () => {
    const session = await person({ timeZone: 'Europe/Berlin' })
    for (const timeZone of ['Mars/Olympus_Mons', '', 'x'.repeat(65)]) {
      expect(await chooseTimeZone({ timeZone }, session, testContext({ caller: session }))).toEqual({ ok: false, reason: 'time_zone' })
    }
    expect(await saved(session.user.id)).toEqual({ locale: null, timeZone: 'Europe/Berlin' })
    expect(await changes(session.user.id)).toEqual([])
  })

  it('takes UTC as a zone of its own', async () => {
    const session = await person({ timeZone: 'Europe/Berlin' })
    expect(await chooseTimeZone({ timeZone: 'UTC' }, session, testContext({ caller: session }))).toEqual({ ok: true, timeZone: 'UTC' })
    expect(await saved(session.user.id)).toEqual({ locale: null, timeZone: 'UTC' })
  })
})

describe('rememberBrowserTimeZone', () => {
  it('saves the browser’s zone while none is saved, without an audit row', async () => {
    const session = await person()
    await rememberBrowserTimeZone(session.user.id, 'Europe/Lisbon')
    expect(await saved(session.user.id)).toEqual({ locale: null, timeZone: 'Europe/Lisbon' })
    expect(await changes(session.user.id)).toEqual([])
  })

  it('never overwrites a saved zone', async () => {
    const session = await person()
    await chooseTimeZone({ timeZone: 'Asia/Tokyo' }, session, testContext({ caller: session }))
    await rememberBrowserTimeZone(session.user.id, 'America/Chicago')
    expect(await saved(session.user.id)).toEqual({ locale: null, timeZone: 'Asia/Tokyo' })
  })

  it('ignores a cookie that is no zone, rather than saving UTC for good', async () => {
    const session = await person()
    await rememberBrowserTimeZone(session.user.id, 'Not/AZone')
    expect(await saved(session.user.id)).toEqual({ locale: null, timeZone: null })
    await rememberBrowserTimeZone(session.user.id, 'Europe/Paris')
    expect(await saved(session.user.id)).toEqual({ locale: null, timeZone: 'Europe/Paris' })
  })
})

describe('time zone choices', () => {
  it('lists the runtime’s zones and UTC, with a saved zone the list spells differently', () => {
    const choices = timeZoneChoices('Asia/Calcutta')
    expect(choices).toEqual(expect.arrayContaining(['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Calcutta']))
    expect(new Set(choices).size).toBe(choices.length)
    expect(choices.every((zone) => knownTimeZone(zone) !== null)).toBe(true)
  })
})

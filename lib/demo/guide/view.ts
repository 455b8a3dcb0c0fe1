import 'server-only'
import { db } from '../../db'
import { env } from '../../env'
import type { Translator } from '../../i18n/translator'
import { PHISHING_RESISTANT } from '../../oidc/levels'
import { recoveryCodeStatus } from '../../recovery/codes'
import { REMINDER_QUIET_DAYS } from '../../rollout/reminders'
import { ACME_CLIENT_ID } from '../acme-expenses'
import { needsPasskey, PAYMENTS } from '../acme-payments'
import { demoPanelAccounts, type DemoAccount, type DemoRole } from '../accounts'
import { panelId, tourProgress, type StepEvent } from './progress'
import { GUIDE_TAG_NAMES, markupTags, plain, segmentsOf, type GuideLinks, type GuideSegment } from './segments'
import type { GuideState } from './state'
import { REMINDED_GROUP, TOUR_IDS, TOURS, type StepId, type TourId } from './tours'
import type { GuideView } from './view-types'

type Values = Record<string, string | number>
type WordKey =
  'heading' | 'show' | 'close' | 'intro' | 'start' | 'leave' | 'happened' | 'waiting' | 'finished' | 'another' | `tours.${TourId}.${'title' | 'summary'}`
type SentenceKey = `${Exclude<StepId, 'agentSignIn'>}.${'todo' | 'done'}`
/** The tour's people, and the name of the group the rollout tour reminds (data: the organisation names its groups). */
type People = { account: DemoAccount; agent: DemoAccount | null; group: string }

const TAGS = markupTags(GUIDE_TAG_NAMES)

/** Acme Expenses' home page, as registered (lib/demo/acme-expenses.ts): where its sign-out returns to. */
async function acmeHome(): Promise<string | null> {
  const app = await db().oidcApp.findUnique({ where: { id: ACME_CLIENT_ID }, select: { postLogoutRedirectUris: true } })
  try {
    const [home] = JSON.parse(app?.postLogoutRedirectUris ?? '[]') as unknown[]
    return typeof home === 'string' ? home : null
  } catch {
    return null
  }
}

/**
 * The guide for this browser's state, in the reader's words and zone. Demo
 * mode only: anywhere else there is no guide (null), whatever the cookie says.
 */
export async function guideView(state: GuideState, translator: Translator): Promise<GuideView | null> {
  if (!env().demoMode) return null
  const { t } = translator
  const words = (key: WordKey) => t(`demo.guide.${key}`)
  const view: GuideView = {
    open: state.open,
    tours: TOUR_IDS.map((id) => ({
      id,
      title: words(`tours.${id}.title`),
      summary: words(`tours.${id}.summary`),
      startLabel: t('demo.guide.startTour', { tour: words(`tours.${id}.title`) }),
    })),
    tour: null,
    words: {
      heading: words('heading'),
      show: words('show'),
      close: words('close'),
      intro: words('intro'),
      start: words('start'),
      leave: words('leave'),
      happened: words('happened'),
      waiting: words('waiting'),
      finished: words('finished'),
      another: words('another'),
    },
  }
  if (!state.tour || !state.since || !state.open) return view
  const tour = TOURS[state.tour]
  const accounts = await demoPanelAccounts(t)
  const byRole = (role: DemoRole) => accounts.find((account) => account.id === panelId(role)) ?? null
  const account = byRole(tour.account)
  // A demo organisation without the panel's people (a database seeded without --demo-org) has no tours to follow.
  if (!account || (tour.agent && !byRole(tour.agent))) return view
  const [events, acme, group] = await Promise.all([
    tourProgress(tour, state.since),
    acmeHome(),
    db().group.findUnique({ where: { id: REMINDED_GROUP }, select: { name: true } }),
  ])
  const people: People = { account, agent: tour.agent ? byRole(tour.agent) : null, group: group?.name ?? REMINDED_GROUP }
  const links: GuideLinks = {
    signIn: { href: '/sign-in' },
    passkeys: { href: '/account/passkeys' },
    recovery: { href: '/account/recovery' },
    mailbox: { href: `/dev/mailbox/newest?${new URLSearchParams({ to: account.email })}`, newTab: true },
    helpdesk: { href: `/admin/recovery?${new URLSearchParams({ q: account.email })}` },
    rollout: { href: `/admin/rollout?${new URLSearchParams({ group: REMINDED_GROUP })}` },
    acme: { href: acme ?? '/', newTab: true },
  }
  const sentence = (key: SentenceKey, values: Values): GuideSegment[] => {
    const safe = Object.fromEntries(Object.entries(values).map(([name, value]) => [name, typeof value === 'string' ? plain(value) : value]))
    return segmentsOf(t.markup(`demo.guide.steps.${key}`, { ...safe, ...TAGS }), links)
  }
  const firstOpen = events.indexOf(null)
  const steps = await Promise.all(
    tour.steps.map(async (step, index) => {
      const event = events[index] ?? null
      const status = event ? ('done' as const) : index === firstOpen ? ('current' as const) : ('later' as const)
      const acting = step === 'agentSignIn' ? people.agent! : people.account
      return {
        label: t('demo.guide.stepOf', { step: index + 1, count: tour.steps.length }),
        status,
        statusText: t(`demo.guide.status.${status}`),
        todo: sentence(`${stepKey(step)}.todo`, await todoValues(step, acting, people, translator)),
        happened: event ? sentence(`${stepKey(step)}.done`, await doneValues(step, event, acting, people, translator)) : null,
      }
    }),
  )
  view.tour = { id: state.tour, title: words(`tours.${state.tour}.title`), steps, finished: firstOpen === -1 }
  return view
}

/** The agent's sign-in reads as anyone's demo sign-in. */
const stepKey = (step: StepId) => (step === 'agentSignIn' ? 'demoSignIn' : step)

/** The payment Acme asks a passkey for (lib/demo/acme-payments.ts). */
const largePayment = PAYMENTS.find(needsPasskey)!

/** An amount in the reader's notation; as recorded when its currency is not one Intl knows. */
function money(translator: Translator, amount: string, currency: string): string {
  try {
    return translator.format.number(Number(amount), { style: 'currency', currency })
  } catch {
    return `${amount} ${currency}`
  }
}

/** The words of the controls a step names, from their own catalogues: the guide always says what the page says. */
async function todoValues(step: StepId, acting: DemoAccount, people: People, translator: Translator): Promise<Values> {
  const { t } = translator
  const signOut = t('common.header.signOut')
  switch (step) {
    case 'demoSignIn':
    case 'agentSignIn':
      return { panel: t('signIn.demoAccounts.heading'), role: t(`signIn.demoAccounts.role.${acting.role}`), name: acting.name, signOut }
    case 'appSignIn':
      // The role names the panel's button; the name beside it is data (anyone signed in as the account may change it).
      return { signInButton: t('demo.acme.signedOut.signIn', { portal: env().appName }), role: t(`signIn.demoAccounts.role.${acting.role}`), name: acting.name }
    case 'addPasskey':
      return { passkeysTitle: t('common.nav.passkeys'), add: t('account.passkeys.add.button') }
    case 'passkeySignIn':
      return { signOut, passkey: t('signIn.passkey.submit') }
    case 'recoveryCodes': {
      // The page's button says "Make new codes" where the account has codes already (recovery-codes-panel.tsx).
      const { total } = await recoveryCodeStatus(acting.id)
      return { recoveryTitle: t('common.nav.recovery'), create: total === 0 ? t('recovery.codes.create') : t('recovery.codes.makeNew') }
    }
    case 'recoveryEmail':
      return {
        signOut,
        lost: t('signIn.page.lostPasskey'),
        emailLabel: t('recovery.forms.emailLabel'),
        email: acting.email,
        send: t('recovery.forms.sendCode'),
        codeLabel: t('recovery.forms.emailedCodeLabel'),
        continue: t('recovery.forms.continue'),
      }
    case 'recoveryCode':
      return { label: t('recovery.forms.recoveryCodeLabel'), continue: t('recovery.forms.continue') }
    case 'recoveredWithPasskey':
      return { create: t('recovery.enroll.create') }
    case 'issueAccessCode':
      return {
        helpdeskTitle: t('common.nav.helpdeskRecovery'),
        email: people.account.email,
        check: t('admin.recovery.checks.video_call'),
        words: t('admin.recovery.form.words'),
        example: t('demo.guide.steps.issueAccessCode.example'),
        issue: t('admin.recovery.form.issue'),
      }
    case 'redeemAccessCode':
      return {
        signOut,
        name: people.account.name,
        lost: t('signIn.page.lostPasskey'),
        haveCode: t('recovery.start.haveAccessCode'),
        emailLabel: t('recovery.forms.emailLabel'),
        email: people.account.email,
        codeLabel: t('recovery.forms.accessCodeLabel'),
        continue: t('recovery.forms.continue'),
      }
    case 'sendReminders':
      return { rolloutTitle: t('common.nav.rollout'), group: people.group, send: t('rollout.reminders.send') }
    case 'approvePayment':
      return {
        approve: t('demo.acme.payments.approveWithPasskey', { amount: money(translator, largePayment.amount, largePayment.currency) }),
        create: t('account.confirm.createHere'),
      }
  }
}

/** What a done step's words say, each from its record: the time in the reader's zone, names, what the app was told. */
async function doneValues(step: StepId, event: StepEvent, acting: DemoAccount, people: People, translator: Translator): Promise<Values> {
  const { t, format } = translator
  const time = format.dateTime(event.at, 'clock')
  const name = acting.name
  const text = (key: string) => (typeof event.detail[key] === 'string' ? (event.detail[key] as string) : '')
  const level = text('acr') === PHISHING_RESISTANT ? 'passkey' : 'other'
  switch (step) {
    case 'demoSignIn':
    case 'agentSignIn':
      return { time, name }
    case 'addPasskey':
      return {
        time,
        rpId: env().webauthn.rpId,
        passkey: text('name'),
        synced: event.detail.synced === true ? 'true' : 'false',
        name,
        recorded: t('activity.event.titles.passkey_added'),
      }
    case 'passkeySignIn':
      return { time, rpId: env().webauthn.rpId }
    case 'recoveryCodes':
      return { time, recorded: t('activity.event.titles.recovery_codes_generated') }
    case 'recoveryEmail':
      return { time, email: acting.email }
    case 'recoveryCode':
    case 'redeemAccessCode':
      return { time, name }
    case 'recoveredWithPasskey': {
      const passkey = await db().passkey.findFirst({ where: { id: text('passkeyId'), userId: acting.id }, select: { name: true } })
      return { time, name, passkey: passkey?.name ?? 'none' }
    }
    case 'issueAccessCode': {
      const code = await db().accessCode.findFirst({ where: { id: text('accessCodeId'), userId: acting.id }, select: { expiresAt: true } })
      return {
        time,
        agent: people.agent?.name ?? text('agent'),
        name,
        email: acting.email,
        until: code?.expiresAt ? format.dateTime(code.expiresAt, 'clock') : '—',
      }
    }
    case 'sendReminders':
      return { time, count: event.count ?? 0, group: people.group, days: REMINDER_QUIET_DAYS }
    case 'appSignIn':
      return { time, app: text('app'), email: acting.email, level, name }
    case 'approvePayment':
      return { time, app: text('app'), amount: money(translator, text('amount'), text('currency')), payee: text('payee'), level }
  }
}

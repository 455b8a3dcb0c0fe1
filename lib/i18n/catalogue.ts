/**
 * The message catalogues (ADR 26): one JSON file per area and language under
 * messages/<locale>/, in ICU MessageFormat, for translators to work on. English is
 * the source; every other language has the same keys (catalogue.test.ts).
 */
import enCommon from './messages/en/common.json'
import enErrors from './messages/en/errors.json'
import enSignIn from './messages/en/signIn.json'
import enEmail from './messages/en/email.json'
import enNotices from './messages/en/notices.json'
import enAccount from './messages/en/account.json'
import enActivity from './messages/en/activity.json'
import enRecovery from './messages/en/recovery.json'
import enAdmin from './messages/en/admin.json'
import enRollout from './messages/en/rollout.json'
import enDemo from './messages/en/demo.json'
import deCommon from './messages/de/common.json'
import deErrors from './messages/de/errors.json'
import deSignIn from './messages/de/signIn.json'
import deEmail from './messages/de/email.json'
import deNotices from './messages/de/notices.json'
import deAccount from './messages/de/account.json'
import deActivity from './messages/de/activity.json'
import deRecovery from './messages/de/recovery.json'
import deAdmin from './messages/de/admin.json'
import deRollout from './messages/de/rollout.json'
import deDemo from './messages/de/demo.json'
import arCommon from './messages/ar/common.json'
import arErrors from './messages/ar/errors.json'
import arSignIn from './messages/ar/signIn.json'
import arEmail from './messages/ar/email.json'
import arNotices from './messages/ar/notices.json'
import arAccount from './messages/ar/account.json'
import arActivity from './messages/ar/activity.json'
import arRecovery from './messages/ar/recovery.json'
import arAdmin from './messages/ar/admin.json'
import arRollout from './messages/ar/rollout.json'
import arDemo from './messages/ar/demo.json'

const en = {
  common: enCommon,
  errors: enErrors,
  signIn: enSignIn,
  email: enEmail,
  notices: enNotices,
  account: enAccount,
  activity: enActivity,
  recovery: enRecovery,
  admin: enAdmin,
  rollout: enRollout,
  demo: enDemo,
}
const de = {
  common: deCommon,
  errors: deErrors,
  signIn: deSignIn,
  email: deEmail,
  notices: deNotices,
  account: deAccount,
  activity: deActivity,
  recovery: deRecovery,
  admin: deAdmin,
  rollout: deRollout,
  demo: deDemo,
}
const ar = {
  common: arCommon,
  errors: arErrors,
  signIn: arSignIn,
  email: arEmail,
  notices: arNotices,
  account: arAccount,
  activity: arActivity,
  recovery: arRecovery,
  admin: arAdmin,
  rollout: arRollout,
  demo: arDemo,
}

export type Messages = typeof en

/** Every shipped catalogue; German and Arabic are checked against English's shape by the test, not the type (JSON files widen). */
export const CATALOGUES = { en, de: de as unknown as Messages, ar: ar as unknown as Messages }

import 'server-only'
import { getTranslations } from 'next-intl/server'
import type { GroupFormLabels } from './group-forms'
import type { PolicyEditorLabels } from './policy-editor'
import { CERTIFICATION_LEVELS } from '@/lib/policy/schema'

/** The group forms' words (they run in the browser, without the catalogue). */
export async function groupFormLabels(): Promise<GroupFormLabels> {
  const t = await getTranslations('admin.groupForms')
  return {
    name: t('name'),
    description: t('description'),
    saving: t('saving'),
    saveDetails: t('saveDetails'),
    create: t('create'),
    applying: t('applying'),
    makeDefault: t('makeDefault'),
    emails: t('emails'),
    intoGroup: t('intoGroup'),
    moving: t('moving'),
    move: t('move'),
  }
}

/** The policy editor's words. */
export async function policyEditorLabels(): Promise<PolicyEditorLabels> {
  const t = await getTranslations('admin.editor')
  return {
    methods: t('methods'),
    method: { passkey: t('method.passkey'), email_code: t('method.email_code'), email_link: t('method.email_link') },
    passkeys: t('passkeys'),
    passkey: {
      optional: t('passkey.optional'),
      nudge: t('passkey.nudge'),
      required: t('passkey.required'),
      required_for_sensitive: t('passkey.required_for_sensitive'),
    },
    stepUpWindow: t('stepUpWindow'),
    stepUpMethods: t('stepUpMethods'),
    stepUpPasskeyOrEmail: t('stepUpPasskeyOrEmail'),
    stepUpPasskey: t('stepUpPasskey'),
    idle: t('idle'),
    absolute: t('absolute'),
    emailCode: t('emailCode'),
    invitation: t('invitation'),
    recovery: t('recovery'),
    selfService: t('selfService'),
    emailAlone: t('emailAlone'),
    emailAloneWait: t('emailAloneWait'),
    authenticators: t('authenticators'),
    synced: t('synced'),
    list: t('list'),
    listAny: t('listAny'),
    listAllow: t('listAllow'),
    listBlock: t('listBlock'),
    aaguids: t('aaguids'),
    aaguidsHint: t('aaguidsHint'),
    verified: t('verified'),
    verifiedHint: t('verifiedHint'),
    minimumCertification: t('minimumCertification'),
    certification: Object.fromEntries(CERTIFICATION_LEVELS.map((level) => [level, t(`certification.${level}`)])) as PolicyEditorLabels['certification'],
    enterprise: t('enterprise'),
    sms: t('sms'),
    smsSignIn: t('smsSignIn'),
    smsHint: t('smsHint'),
    save: t('save'),
    saving: t('saving'),
  }
}

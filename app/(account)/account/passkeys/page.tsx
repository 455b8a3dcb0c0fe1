import { cookies } from 'next/headers'
import { getFormatter, getTranslations } from 'next-intl/server'
import { AddPasskeyPanel } from '@/app/(account)/account/passkeys/_components/add-passkey-panel'
import type { PasskeyItemLabels, PasskeyView } from '@/app/(account)/account/passkeys/_components/passkey-item'
import { PasskeyList } from '@/app/(account)/account/passkeys/_components/passkey-list'
import { data } from '@/components/ui/data'
import { DeviceName } from '@/app/(account)/account/_components/device-name'
import { ReadinessNotice } from '@/components/recovery/readiness-notice'
import { SignOutOthersOffer } from '@/app/(account)/account/_components/sign-out-others-offer'
import { PLACEHOLDER } from '@/app/(account)/account/_components/template'
import { Time } from '@/components/time'
import { Card, PageHeading } from '@/components/ui/card'
import { requireSession } from '@/lib/auth/dal'
import { devicePasskeysCookie, parseDevicePasskeys } from '@/lib/auth/passkeys/device-passkeys'
import { deviceBadge, providerLine } from '@/lib/auth/passkeys/list-wording'
import { listPasskeys } from '@/lib/auth/passkeys/management'
import { recoveryReadiness } from '@/lib/recovery/readiness'
import { isRecentlyVerified } from '@/lib/auth/dal'
import { passkeyCeremonyMessages } from '@/lib/errors'
import { requestTranslator } from '@/lib/i18n/reader'

export async function generateMetadata() {
  const t = await getTranslations('account.passkeys')
  return { title: t('title') }
}

/** How a passkey's authenticator connects, by the WebAuthn transport names; an unknown one is shown as it is. */
const TRANSPORT_KEYS = {
  internal: 'internal',
  hybrid: 'hybrid',
  cable: 'hybrid',
  usb: 'usb',
  nfc: 'nfc',
  ble: 'ble',
  'smart-card': 'smartCard',
} as const

export default async function PasskeysPage() {
  const ceremonyMessages = passkeyCeremonyMessages((await requestTranslator()).t)
  const session = await requireSession('/account/passkeys')
  const [passkeys, readiness, t, format] = await Promise.all([
    listPasskeys(session.user.id),
    recoveryReadiness(session.user.id),
    getTranslations('account.passkeys'),
    getFormatter(),
  ])
  const onThisDevice = new Set(parseDevicePasskeys((await cookies()).get(devicePasskeysCookie().name)?.value))
  const badgeText = (badge: ReturnType<typeof deviceBadge>) => (badge ? t(`item.${badge}`) : null)
  const transportName = (transport: string) =>
    Object.hasOwn(TRANSPORT_KEYS, transport) ? t(`transports.${TRANSPORT_KEYS[transport as keyof typeof TRANSPORT_KEYS]}`) : transport
  const provider = (passkey: (typeof passkeys)[number]) => {
    const line = providerLine(passkey.name, passkey.providerName, t('item.genericProvider'))
    // A provider's name is data from the authenticator list, not ours to translate.
    return line && passkey.providerName ? <bdi translate="no">{line}</bdi> : line
  }
  const views: PasskeyView[] = passkeys.map((passkey) => ({
    id: passkey.id,
    name: passkey.name,
    provider: provider(passkey),
    iconLight: passkey.iconLight,
    iconDark: passkey.iconDark,
    synced: passkey.synced,
    deviceBadge: badgeText(deviceBadge(onThisDevice.has(passkey.credentialId), passkey.lastUsedAt)),
    created: t.rich('item.addedAt', { time: () => <Time at={passkey.createdAt} />, device: () => <DeviceName device={passkey.createdFrom} /> }),
    lastUsed: passkey.lastUsedAt ? <Time at={passkey.lastUsedAt} /> : null,
    // The model is data (the metadata's description or the provider list's name), not ours to translate.
    model: passkey.verifiedModel
      ? { verified: true, text: t.rich('item.verifiedModel', { model: passkey.verifiedModel, data }) }
      : { verified: false, text: t.rich('item.claimedModel', { model: passkey.providerName ?? t('item.genericProvider'), data }) },
    transports: passkey.transports.length ? format.list([...new Set(passkey.transports.map(transportName))], { type: 'unit', style: 'short' }) : '',
    removeTitle: t.rich('item.removeTitle', { name: passkey.name, data }),
  }))
  const labels: PasskeyItemLabels = {
    synced: t('item.synced'),
    deviceOnly: t('item.deviceOnly'),
    added: t('item.added'),
    lastUsed: t('item.lastUsed'),
    notUsed: t('item.notUsed'),
    connectsBy: t('item.connectsBy'),
    model: t('item.model'),
    rename: t('item.rename'),
    remove: t('item.remove'),
    newName: t('item.newName'),
    removeText: t('item.removeText'),
    confirmIt: t('item.confirmIt'),
    cancel: t('item.cancel'),
    removing: t('item.removing'),
    removeButton: t('item.removeButton'),
    saving: t('name.saving'),
    saveName: t('name.save'),
  }
  return (
    <>
      <PageHeading title={t('title')} description={t('description')} />
      <SignOutOthersOffer userId={session.user.id} sessionId={session.sessionId} />
      {/* Right after a first passkey, the next step: a way back in if this device is lost. */}
      {readiness.state === 'warning' ? <ReadinessNotice readiness={readiness} /> : null}
      <Card className="mb-6">
        <h2 className="font-semibold">{t('add.heading')}</h2>
        <p className="mt-1 mb-4 text-sm text-zinc-600 dark:text-zinc-400">
          {t('add.text')}
          {isRecentlyVerified(session) ? null : <> {t('add.confirmFirst')}</>}
        </p>
        <AddPasskeyPanel
          messages={ceremonyMessages}
          labels={{
            add: t('add.button'),
            nameThis: t('name.nameThis'),
            created: t('created'),
            createdIn: t('createdIn', { provider: PLACEHOLDER }),
            saving: t('name.saving'),
            saveName: t('name.save'),
          }}
        />
      </Card>
      <section aria-labelledby="your-passkeys">
        <h2 id="your-passkeys" className="mb-3 font-semibold">
          {t('yours', { count: views.length })}
        </h2>
        <PasskeyList
          passkeys={views}
          labels={labels}
          empty={
            <p className="rounded-xl border border-dashed border-zinc-300 p-5 text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
              {t.rich('none', { email: session.user.email, data })}
            </p>
          }
        />
      </section>
    </>
  )
}

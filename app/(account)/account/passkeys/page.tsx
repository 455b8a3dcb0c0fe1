import { cookies } from 'next/headers'
import { AddPasskeyPanel } from '@/app/(account)/account/passkeys/_components/add-passkey-panel'
import { PasskeyItem, type PasskeyView } from '@/app/(account)/account/passkeys/_components/passkey-item'
import { ReadinessNotice } from '@/components/recovery/readiness-notice'
import { SignOutOthersOffer } from '@/app/(account)/account/_components/sign-out-others-offer'
import { Card, PageHeading } from '@/components/ui/card'
import { requireSession } from '@/lib/auth/dal'
import { devicePasskeysCookie, parseDevicePasskeys } from '@/lib/auth/passkeys/device-passkeys'
import { listPasskeys } from '@/lib/auth/passkeys/management'
import { recoveryReadiness } from '@/lib/recovery/readiness'
import { isRecentlyVerified } from '@/lib/auth/dal'
import { passkeyCeremonyMessages } from '@/lib/errors'

export const metadata = { title: 'Passkeys' }

const ceremonyMessages = passkeyCeremonyMessages()

const TRANSPORT_NAMES: Record<string, string> = {
  internal: 'built in',
  hybrid: 'phone (QR code)',
  usb: 'USB',
  nfc: 'NFC',
  ble: 'Bluetooth',
  'smart-card': 'smart card',
  cable: 'phone (QR code)',
}

const formatDate = (date: Date) => `${new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(date)} UTC`

export default async function PasskeysPage() {
  const session = await requireSession('/account/passkeys')
  const [passkeys, readiness] = await Promise.all([listPasskeys(session.user.id), recoveryReadiness(session.user.id)])
  const onThisDevice = new Set(parseDevicePasskeys((await cookies()).get(devicePasskeysCookie().name)?.value))
  const views: PasskeyView[] = passkeys.map((passkey) => ({
    id: passkey.id,
    name: passkey.name,
    providerName: passkey.providerName,
    iconLight: passkey.iconLight,
    iconDark: passkey.iconDark,
    synced: passkey.synced,
    thisDevice: onThisDevice.has(passkey.credentialId),
    created: `${formatDate(passkey.createdAt)}, ${passkey.createdFrom}`,
    lastUsed: passkey.lastUsedAt ? formatDate(passkey.lastUsedAt) : null,
    transports: [...new Set(passkey.transports.map((transport) => TRANSPORT_NAMES[transport] ?? transport))].join(', '),
  }))
  return (
    <>
      <PageHeading title="Passkeys" description="Sign in with your fingerprint, face or screen lock instead of an email code." />
      <SignOutOthersOffer userId={session.user.id} sessionId={session.sessionId} />
      {/* Right after a first passkey, the next step: a way back in if this device is lost. */}
      {readiness.state === 'warning' ? <ReadinessNotice readiness={readiness} /> : null}
      <Card className="mb-6">
        <h2 className="font-semibold">Add a passkey</h2>
        <p className="mt-1 mb-4 text-sm text-zinc-600 dark:text-zinc-400">
          Add one on each device or password manager you use, so losing one never locks you out.
          {isRecentlyVerified(session) ? null : ' You’ll be asked to confirm it’s you first.'}
        </p>
        <AddPasskeyPanel messages={ceremonyMessages} />
      </Card>
      <section aria-labelledby="your-passkeys">
        <h2 id="your-passkeys" className="mb-3 font-semibold">
          Your passkeys ({views.length})
        </h2>
        {views.length === 0 ? (
          <p className="rounded-xl border border-dashed border-zinc-300 p-5 text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
            No passkeys yet. You sign in with codes sent to {session.user.email}.
          </p>
        ) : (
          <ul className="space-y-3">
            {views.map((view) => (
              <PasskeyItem key={view.id} passkey={view} />
            ))}
          </ul>
        )}
      </section>
    </>
  )
}

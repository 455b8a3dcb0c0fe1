import { randomBytes } from 'node:crypto'
import { db } from '../../lib/db'
import { expect, test, testClientIp } from '../fixtures'
import { APP } from '../support/servers'

/**
 * Whether an address has passkeys must not show in what the portal answers
 * someone who types it and asks to use a passkey (ADR 2). The test builds
 * 1,000 accounts whose passkey lists look like real ones (1 to 8 passkeys,
 * the credential ID lengths and transports of several providers) and 1,000
 * addresses with no account, asks the production server for passkey options
 * for each over HTTP, and describes every answer by its shape alone: status,
 * the fields present, each listed credential's ID length and transports, and
 * the body's length. Then it trains classifiers on half the answers and
 * measures them on the other half.
 *
 * The threshold: no classifier may be right on more than 55% of the 1,000
 * held-out answers. A coin is right on 50%, with a standard deviation of
 * about 1.6 points at that size, so 55% is three deviations above chance. The
 * decoy lists this replaced failed it (real lists of five or more, or a 25-
 * or 37-byte ID, gave them away).
 */

const ACCOUNTS = 1000

/** Credential ID lengths and transports as providers make them (bytes; WebAuthn transports). */
const PROVIDERS: [bytes: number, transports: string][] = [
  [20, 'hybrid,internal'], // iCloud Keychain
  [16, 'hybrid,internal'], // Google Password Manager, 1Password, Bitwarden
  [32, 'internal'], // Windows Hello
  [64, 'nfc,usb'], // security key, non-discoverable style
  [48, 'usb'], // security key, discoverable
  [37, 'usb'], // another vendor's USB key
  [25, 'hybrid,internal'], // the demo organisation's seeded passkeys
  [16, 'internal'], // a platform authenticator without hybrid
]

type Shape = { signature: string; count: number; longest: number; bodyLength: number }

async function optionsShape(email: string): Promise<Shape> {
  const response = await fetch(`${APP.url}/api/passkeys/sign-in/options`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: APP.url, 'x-forwarded-for': testClientIp() },
    body: JSON.stringify({ email }),
  })
  const text = await response.text()
  const body = JSON.parse(text) as { allowCredentials?: { id: string; transports?: string[] }[] }
  const listed = (body.allowCredentials ?? []).map((credential) => [Buffer.from(credential.id, 'base64url').length, (credential.transports ?? []).join(',')])
  const fields = Object.keys(body).sort().join(',')
  return {
    signature: JSON.stringify([response.status, fields, listed, text.length]),
    count: listed.length,
    longest: Math.max(0, ...listed.map(([bytes]) => Number(bytes))),
    bodyLength: text.length,
  }
}

/** Majority label per value seen in training; an unseen value is a coin toss (guessed "no account"). */
function lookupClassifier(train: { key: string; real: boolean }[]) {
  const votes = new Map<string, number>()
  for (const { key, real } of train) votes.set(key, (votes.get(key) ?? 0) + (real ? 1 : -1))
  return (key: string) => (votes.get(key) ?? 0) > 0
}

/** The best single threshold on a number, either way round, chosen on the training half. */
function thresholdClassifier(train: { value: number; real: boolean }[]) {
  let best = { accuracy: 0, cut: 0, above: true }
  for (const cut of new Set(train.map((sample) => sample.value))) {
    for (const above of [true, false]) {
      const accuracy = train.filter((sample) => (above ? sample.value >= cut : sample.value < cut) === sample.real).length / train.length
      if (accuracy > best.accuracy) best = { accuracy, cut, above }
    }
  }
  return (value: number) => (best.above ? value >= best.cut : value < best.cut)
}

async function inBatches<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = []
  for (let index = 0; index < items.length; index += size) results.push(...(await Promise.all(items.slice(index, index + size).map(work))))
  return results
}

test('passkey options for 1,000 accounts with passkeys and 1,000 unknown addresses cannot be told apart by shape', async () => {
  test.setTimeout(240_000)
  const run = randomBytes(4).toString('hex')
  const emails = Array.from({ length: ACCOUNTS }, (_, index) => `shape-${run}-${index}@example.com`)
  await db().user.createMany({ data: emails.map((email) => ({ email, displayName: 'Shape Person', emailVerifiedAt: new Date() })) })
  const users = await db().user.findMany({ where: { email: { in: emails } }, select: { id: true } })
  const passkeys = users.flatMap((user) => {
    const count = 1 + (randomBytes(1)[0]! % 8)
    return Array.from({ length: count }, () => {
      const [bytes, transports] = PROVIDERS[randomBytes(1)[0]! % PROVIDERS.length]!
      return {
        userId: user.id,
        name: 'Passkey',
        credentialId: randomBytes(bytes).toString('base64url'),
        publicKey: new Uint8Array([1]),
        aaguid: '00000000-0000-0000-0000-000000000000',
        transports,
        backupEligible: transports.includes('hybrid'),
        backedUp: transports.includes('hybrid'),
        createdAt: new Date(),
      }
    })
  })
  await db().passkey.createMany({ data: passkeys })

  try {
    const unknown = Array.from({ length: ACCOUNTS }, (_, index) => `nobody-${run}-${index}@example.com`)
    const samples = [
      ...(await inBatches(emails, 10, optionsShape)).map((shape) => ({ shape, real: true })),
      ...(await inBatches(unknown, 10, optionsShape)).map((shape) => ({ shape, real: false })),
    ]
    expect(samples.every((sample) => JSON.parse(sample.shape.signature)[0] === 200)).toBe(true)
    // Interleave so each half holds 500 of each kind.
    const train = samples.filter((_, index) => index % 2 === 0)
    const held = samples.filter((_, index) => index % 2 === 1)
    const accuracy = (guess: (shape: Shape) => boolean) => held.filter((sample) => guess(sample.shape) === sample.real).length / held.length

    const bySignature = lookupClassifier(train.map((sample) => ({ key: sample.shape.signature, real: sample.real })))
    const features = ['count', 'longest', 'bodyLength'] as const
    const results: Record<string, number> = { 'whole shape (lookup table)': accuracy((shape) => bySignature(shape.signature)) }
    for (const feature of features) {
      const classify = thresholdClassifier(train.map((sample) => ({ value: sample.shape[feature], real: sample.real })))
      results[`${feature} (best threshold)`] = accuracy((shape) => classify(shape[feature]))
    }
    for (const [classifier, right] of Object.entries(results)) expect(right, classifier).toBeLessThanOrEqual(0.55)
  } finally {
    await db().passkey.deleteMany({ where: { userId: { in: users.map((user) => user.id) } } })
    await db().user.deleteMany({ where: { id: { in: users.map((user) => user.id) } } })
  }
})

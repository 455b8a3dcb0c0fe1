import { createHash, generateKeyPairSync, KeyObject, randomBytes, sign, type webcrypto } from 'node:crypto'
import { isoCBOR } from '@simplewebauthn/server/helpers'

/**
 * A software passkey for integration tests: it builds the same bytes a real
 * authenticator would (WebAuthn §6.1 authenticator data, "none" or "packed"
 * attestation, ES256 signatures) so tests can craft replays, wrong origins,
 * counters and attestations that a browser's virtual authenticator would never
 * produce.
 */
export type SoftPasskey = {
  credentialId: string
  userHandle: string
  /** COSE public key, as the server stores it. */
  publicKey: Uint8Array<ArrayBuffer>
  privateKey: KeyObject
  counter: number
}

const FLAG_UP = 0x01
const FLAG_UV = 0x04
const FLAG_BE = 0x08
const FLAG_BS = 0x10
const FLAG_AT = 0x40

const b64url = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString('base64url')
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest()

/** `algorithm` labels the key (COSE alg, -7 = ES256) and `idBytes` sets the credential ID's length: both for crafting wrong answers. */
export function createSoftPasskey(userId: string, options: { counter?: number; algorithm?: number; idBytes?: number } = {}): SoftPasskey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const jwk = publicKey.export({ format: 'jwk' })
  const cose = isoCBOR.encode(
    new Map<number, number | Uint8Array>([
      [1, 2],
      [3, options.algorithm ?? -7],
      [-1, 1],
      [-2, new Uint8Array(Buffer.from(jwk.x!, 'base64url'))],
      [-3, new Uint8Array(Buffer.from(jwk.y!, 'base64url'))],
    ]),
  )
  return {
    credentialId: b64url(randomBytes(options.idBytes ?? 16)),
    userHandle: b64url(Buffer.from(userId, 'utf8')),
    publicKey: new Uint8Array(cose),
    privateKey,
    counter: options.counter ?? 0,
  }
}

function authenticatorData(rpId: string, flags: number, counter: number, attested?: Buffer): Buffer {
  const count = Buffer.alloc(4)
  count.writeUInt32BE(counter)
  return Buffer.concat([sha256(rpId), Buffer.from([flags]), count, attested ?? Buffer.alloc(0)])
}

/** Client data as a browser writes it; `extra` adds or overrides members (crossOrigin, topOrigin). */
function clientData(type: 'webauthn.create' | 'webauthn.get', challenge: string, origin: string, extra: Record<string, unknown> = {}): Buffer {
  return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false, ...extra }))
}

/**
 * How the authenticator vouches for a new credential. "packed" (WebAuthn §8.2)
 * signs with a batch attestation key whose certificate, and any intermediates,
 * go in x5c; "self" signs with the credential's own key and carries no x5c.
 */
export type SoftAttestation =
  { kind: 'none' } | { kind: 'packed'; leaf: { der: Uint8Array; privateKey: CryptoKey | KeyObject }; chain?: Uint8Array[] } | { kind: 'self' }

/** fmt and attStmt for the attestation object; the signature covers authData || SHA-256(clientDataJSON) (§8.2, signing procedure). */
function attestationStatement(attestation: SoftAttestation, passkey: SoftPasskey, authData: Buffer, client: Buffer): [string, Map<string, unknown>] {
  if (attestation.kind === 'none') return ['none', new Map()]
  const signed = Buffer.concat([authData, sha256(client)])
  if (attestation.kind === 'self') {
    return [
      'packed',
      new Map<string, unknown>([
        ['alg', -7],
        ['sig', new Uint8Array(sign('sha256', signed, passkey.privateKey))],
      ]),
    ]
  }
  const { leaf, chain = [] } = attestation
  const key = leaf.privateKey instanceof KeyObject ? leaf.privateKey : KeyObject.from(leaf.privateKey as webcrypto.CryptoKey)
  return [
    'packed',
    new Map<string, unknown>([
      // -7 is ES256; `sig` stays DER-encoded, as WebAuthn §6.5.5 wants ECDSA signatures.
      ['alg', -7],
      ['sig', new Uint8Array(sign('sha256', signed, key))],
      ['x5c', [leaf.der, ...chain].map((der) => new Uint8Array(der))],
    ]),
  ]
}

/** A registration response for `challenge` (what startRegistration() would return); "none" attestation unless told. */
export function softRegistrationResponse(
  passkey: SoftPasskey,
  input: {
    challenge: string
    origin: string
    rpId: string
    aaguid?: string
    backupEligible?: boolean
    clientData?: Record<string, unknown>
    attestation?: SoftAttestation
  },
) {
  const credentialId = Buffer.from(passkey.credentialId, 'base64url')
  const length = Buffer.alloc(2)
  length.writeUInt16BE(credentialId.length)
  const aaguid = Buffer.from((input.aaguid ?? '00000000-0000-0000-0000-000000000000').replaceAll('-', ''), 'hex')
  const attested = Buffer.concat([aaguid, length, credentialId, Buffer.from(passkey.publicKey)])
  const flags = FLAG_UP | FLAG_UV | FLAG_AT | (input.backupEligible ? FLAG_BE | FLAG_BS : 0)
  const authData = authenticatorData(input.rpId, flags, passkey.counter, attested)
  const client = clientData('webauthn.create', input.challenge, input.origin, input.clientData)
  const [fmt, attStmt] = attestationStatement(input.attestation ?? { kind: 'none' }, passkey, authData, client)
  const attestationObject = isoCBOR.encode(
    new Map<string, unknown>([
      ['fmt', fmt],
      ['attStmt', attStmt],
      ['authData', new Uint8Array(authData)],
    ]) as never,
  )
  return {
    id: passkey.credentialId,
    rawId: passkey.credentialId,
    type: 'public-key' as const,
    response: {
      clientDataJSON: b64url(client),
      attestationObject: b64url(attestationObject),
      transports: ['internal' as const],
    },
    clientExtensionResults: {},
  }
}

/**
 * An assertion for `challenge`. Each call moves the counter on by one unless
 * the passkey doesn't count (counter 0) or `counter` says otherwise.
 */
export function softAuthenticationResponse(
  passkey: SoftPasskey,
  input: {
    challenge: string
    origin: string
    rpId: string
    counter?: number
    userHandle?: string
    userVerified?: boolean
    clientData?: Record<string, unknown>
  },
) {
  const counter = input.counter ?? (passkey.counter === 0 ? 0 : ++passkey.counter)
  const flags = FLAG_UP | (input.userVerified === false ? 0 : FLAG_UV)
  const data = authenticatorData(input.rpId, flags, counter)
  const client = clientData('webauthn.get', input.challenge, input.origin, input.clientData)
  const signature = sign('sha256', Buffer.concat([data, sha256(client)]), passkey.privateKey)
  return {
    id: passkey.credentialId,
    rawId: passkey.credentialId,
    type: 'public-key' as const,
    response: {
      clientDataJSON: b64url(client),
      authenticatorData: b64url(data),
      signature: b64url(signature),
      userHandle: input.userHandle ?? passkey.userHandle,
    },
    clientExtensionResults: {},
  }
}

import 'reflect-metadata'
import { KeyObject, sign, webcrypto } from 'node:crypto'
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  Extension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
  X509CertificateGenerator,
} from '@peculiar/x509'
import type { AuthenticatorStatus, MDSJWTPayload, MetadataBLOBPayloadEntry } from '@simplewebauthn/server'

/**
 * A private PKI for tests: an attestation root, batch certificates that a
 * "packed" attestation carries in x5c (WebAuthn §8.2), and a FIDO Metadata
 * Service v3 BLOB signed under a root of our own, so the suite exercises
 * attestation and metadata without the network. No certificate names a CRL
 * distribution point: SimpleWebAuthn would try to download it.
 */
export type TestCertificate = {
  certificate: X509Certificate
  pem: string
  keys: CryptoKeyPair
}
export type IssuedCertificate = TestCertificate & { der: Uint8Array<ArrayBuffer> }

// @peculiar/x509 types its provider with the DOM's Crypto; Node's webcrypto is the same API.
const crypto = webcrypto as unknown as Crypto
const ES256 = { name: 'ECDSA', hash: 'SHA-256' }
const HOUR = 60 * 60 * 1000
const YEAR = 365 * 24 * HOUR

const b64url = (bytes: Uint8Array | Buffer | string) => Buffer.from(bytes).toString('base64url')

async function generateKeys(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])
}

async function issue(
  issuer: TestCertificate,
  subject: Record<string, string[]>[],
  extensions: Extension[],
  validity: { notBefore?: Date; notAfter?: Date },
): Promise<IssuedCertificate> {
  const keys = await generateKeys()
  const notBefore = validity.notBefore ?? new Date(Date.now() - HOUR)
  const certificate = await X509CertificateGenerator.create(
    {
      subject,
      // The issuer's name as encoded in its certificate, so the two compare byte for byte.
      issuer: issuer.certificate.subjectName,
      notBefore,
      notAfter: validity.notAfter ?? new Date(notBefore.getTime() + YEAR),
      publicKey: keys.publicKey,
      signingKey: issuer.keys.privateKey,
      signingAlgorithm: ES256,
      extensions: [
        new BasicConstraintsExtension(false, undefined, true),
        ...extensions,
        await SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
        // findIssuer() in @peculiar/x509 matches this against the issuer's subject key identifier.
        await AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey, false, crypto),
      ],
    },
    crypto,
  )
  return { certificate, pem: certificate.toString('pem'), der: new Uint8Array(certificate.rawData), keys }
}

/** A self-signed P-256 root; `name` is its CN. Valid from an hour ago for ten years unless told. */
export async function makeRootCa(name: string, options: { notBefore?: Date; notAfter?: Date } = {}): Promise<TestCertificate> {
  const keys = await generateKeys()
  const notBefore = options.notBefore ?? new Date(Date.now() - HOUR)
  const certificate = await X509CertificateGenerator.createSelfSigned(
    {
      name: [{ C: ['US'] }, { O: ['Passkey Portal Test'] }, { CN: [name] }],
      keys,
      notBefore,
      notAfter: options.notAfter ?? new Date(notBefore.getTime() + 10 * YEAR),
      signingAlgorithm: ES256,
      extensions: [
        new BasicConstraintsExtension(true, undefined, true),
        new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
        await SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  )
  return { certificate, pem: certificate.toString('pem'), keys }
}

/** id-fido-gen-ce-aaguid: the model an attestation certificate vouches for (WebAuthn §8.2.1). */
const ID_FIDO_GEN_CE_AAGUID = '1.3.6.1.4.1.45724.1.1.4'

/**
 * A batch attestation certificate as WebAuthn §8.2.1 requires of "packed":
 * version 3, OU "Authenticator Attestation", not a CA, and with `aaguid` the
 * id-fido-gen-ce-aaguid extension (non-critical) that the server compares with
 * the AAGUID in authenticator data.
 */
export async function makeAttestationCert(
  issuer: TestCertificate,
  options: { aaguid?: string; notBefore?: Date; notAfter?: Date } = {},
): Promise<IssuedCertificate> {
  const extensions: Extension[] = [new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true)]
  if (options.aaguid) {
    const aaguid = Buffer.from(options.aaguid.replaceAll('-', ''), 'hex')
    if (aaguid.length !== 16) throw new Error(`An AAGUID is 16 bytes: ${options.aaguid}`)
    // The extension's value is itself an OCTET STRING (04 10) around the 16 bytes.
    extensions.push(new Extension(ID_FIDO_GEN_CE_AAGUID, false, Buffer.concat([Buffer.from([0x04, 0x10]), aaguid])))
  }
  return issue(issuer, [{ C: ['US'] }, { O: ['Passkey Portal Test'] }, { OU: ['Authenticator Attestation'] }, { CN: ['Test Batch'] }], extensions, options)
}

/** The certificate whose key signs a metadata BLOB; its chain goes in the BLOB's x5c header. */
export async function makeBlobSigner(issuer: TestCertificate, options: { notBefore?: Date; notAfter?: Date } = {}): Promise<IssuedCertificate> {
  return issue(
    issuer,
    [{ C: ['US'] }, { O: ['Passkey Portal Test'] }, { CN: ['Test Metadata BLOB Signer'] }],
    [new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true)],
    options,
  )
}

/**
 * The BLOB as MDS3 serves it: a compact JWS (RFC 7515) with the signer's chain
 * in x5c, leaf first, as base64 DER. ES256 in JOSE form is r||s, not DER (RFC 7518 §3.4).
 */
export function signMdsBlob(payload: object, signer: { keys: CryptoKeyPair }, chain: string[]): string {
  const header = b64url(JSON.stringify({ alg: 'ES256', typ: 'JWT', x5c: chain }))
  const body = b64url(JSON.stringify(payload))
  const key = KeyObject.from(signer.keys.privateKey as webcrypto.CryptoKey)
  const signature = sign('sha256', Buffer.from(`${header}.${body}`), { key, dsaEncoding: 'ieee-p1363' })
  return `${header}.${body}.${b64url(signature)}`
}

const LEGAL_HEADER = 'Test metadata for the Passkey Portal suite; not issued by the FIDO Alliance.'

const day = (date: Date) => date.toISOString().slice(0, 10)

/**
 * One MDS3 entry for a FIDO2 model, trusting `rootPem` for its attestations.
 * `status` is the latest report's; `certificationLevel` ("L2" or
 * "FIDO_CERTIFIED_L2") adds an earlier certification report before it, as the
 * real BLOB keeps a model's history.
 */
export function mdsEntry(input: {
  aaguid: string
  description: string
  rootPem: string
  status?: AuthenticatorStatus | (string & {})
  certificationLevel?: string
  statusDate?: string
}): MetadataBLOBPayloadEntry {
  const aaguid = input.aaguid.toLowerCase()
  const status = input.status ?? 'FIDO_CERTIFIED_L1'
  const statusDate = input.statusDate ?? day(new Date())
  const statusReports = [{ status, effectiveDate: statusDate }]
  if (input.certificationLevel) {
    const level = input.certificationLevel.startsWith('FIDO_CERTIFIED') ? input.certificationLevel : `FIDO_CERTIFIED_${input.certificationLevel}`
    // A month earlier, so "the latest report" is never a tie.
    const certified = day(new Date(Date.parse(statusDate) - 30 * 24 * HOUR))
    if (level !== status) statusReports.unshift({ status: level, effectiveDate: certified })
  }
  return {
    aaguid,
    metadataStatement: {
      legalHeader: LEGAL_HEADER,
      aaguid,
      description: input.description,
      authenticatorVersion: 1,
      protocolFamily: 'fido2',
      schema: 3,
      upv: [{ major: 1, minor: 0 }],
      authenticationAlgorithms: ['secp256r1_ecdsa_sha256_raw'],
      publicKeyAlgAndEncodings: ['cose'],
      attestationTypes: ['basic_full'],
      userVerificationDetails: [[{ userVerificationMethod: 'passcode_internal' }]],
      keyProtection: ['hardware', 'secure_element'],
      matcherProtection: ['on_chip'],
      attachmentHint: ['external', 'wired'],
      tcDisplay: [],
      // MDS3 lists roots as base64 DER, without PEM armour.
      attestationRootCertificates: [input.rootPem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '')],
      authenticatorGetInfo: { versions: ['FIDO_2_0'], aaguid: aaguid.replaceAll('-', '') },
    },
    // Any status string, so tests can send one the portal doesn't know yet.
    statusReports: statusReports as MetadataBLOBPayloadEntry['statusReports'],
    timeOfLastStatusChange: statusDate,
  }
}

/** The BLOB's payload; `nextUpdate` is a date ("YYYY-MM-DD"), as MDS3 writes it. */
export function mdsPayload(entries: MetadataBLOBPayloadEntry[], options: { no: number; nextUpdate: Date | string }): MDSJWTPayload {
  return {
    legalHeader: LEGAL_HEADER,
    no: options.no,
    nextUpdate: typeof options.nextUpdate === 'string' ? options.nextUpdate : day(options.nextUpdate),
    entries,
  }
}

import { writeFileSync } from 'node:fs'
import path from 'node:path'
import type { MetadataBLOBPayloadEntry } from '@simplewebauthn/server'
import { makeAttestationCert, makeBlobSigner, makeRootCa, mdsEntry, mdsPayload, signMdsBlob, type TestCertificate } from './attestation-ca'
import type { SoftAttestation } from './soft-authenticator'

/**
 * A FIDO Metadata Service of the suite's own: a BLOB signing root (written to
 * `rootFile`, what FIDO_MDS_ROOT_FILE names), an attestation root that the
 * models it lists trust, and batch certificates for the software
 * authenticator to attest with. The unit tests and the browser suite's
 * servers use the same shape.
 */
export type TestMetadataService = {
  rootFile: string
  /** A model trusting this service's attestation root. */
  model: (input: { aaguid: string; description: string; status?: string; certificationLevel?: string }) => MetadataBLOBPayloadEntry
  /** A BLOB of these entries, signed under the configured root (or, with `foreign`, under another one of the same name). */
  blob: (entries: MetadataBLOBPayloadEntry[], options: { no: number; nextUpdate: Date | string; foreign?: boolean }) => string
  /**
   * A "packed" full attestation whose batch certificate names `aaguid` (unless `unnamed`) and chains to the
   * attestation root (or to an unlisted one).
   */
  attestation: (aaguid: string, options?: { unlistedRoot?: boolean; unnamed?: boolean }) => Promise<SoftAttestation>
}

const der = (certificate: TestCertificate) => Buffer.from(certificate.certificate.rawData).toString('base64')

export async function makeTestMetadataService(directory: string): Promise<TestMetadataService> {
  const [blobRoot, foreignRoot, attestationRoot, unlistedRoot] = await Promise.all([
    makeRootCa('Test Metadata Root'),
    makeRootCa('Test Metadata Root'),
    makeRootCa('Test Attestation Root'),
    makeRootCa('Test Attestation Root'),
  ])
  const [signer, foreignSigner] = await Promise.all([makeBlobSigner(blobRoot), makeBlobSigner(foreignRoot)])
  const rootFile = path.join(directory, 'mds-root.pem')
  writeFileSync(rootFile, blobRoot.pem)
  return {
    rootFile,
    model: (input) => mdsEntry({ ...input, rootPem: attestationRoot.pem }),
    blob: (entries, options) => {
      const by = options.foreign ? foreignSigner : signer
      return signMdsBlob(mdsPayload(entries, options), by, [der(by)])
    },
    attestation: async (aaguid, options = {}) => {
      const leaf = await makeAttestationCert(options.unlistedRoot ? unlistedRoot : attestationRoot, options.unnamed ? {} : { aaguid })
      return { kind: 'packed', leaf: { der: leaf.der, privateKey: leaf.keys.privateKey } }
    },
  }
}

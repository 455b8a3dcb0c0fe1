import { describe, expect, it } from 'vitest'
import { db } from '../../db'
import { enrolSoftPasskey, newPerson } from '../../../testing/passkeys'
import { passkeySignals } from './management'
import { relyingParty, userHandleFor } from './webauthn'

describe("a person's passkey signals", () => {
  it('list only their own passkeys, with the handle, name and display name registration gave', async () => {
    const person = await newPerson()
    const first = await enrolSoftPasskey(person)
    const second = await enrolSoftPasskey(person)
    await enrolSoftPasskey(await newPerson())
    const signals = await passkeySignals(person)
    expect(signals).toEqual({
      rpId: relyingParty().id,
      userId: userHandleFor(person.id),
      name: person.email,
      displayName: person.email,
      acceptedCredentialIds: expect.arrayContaining([first.soft.credentialId, second.soft.credentialId]),
    })
    expect(signals.acceptedCredentialIds).toHaveLength(2)
  })

  it('carry the current display name, and an empty list once every passkey is gone', async () => {
    const person = await newPerson()
    const { passkeyId } = await enrolSoftPasskey(person)
    await db().passkey.delete({ where: { id: passkeyId } })
    expect(await passkeySignals({ ...person, displayName: 'Ada Lovelace' })).toMatchObject({ displayName: 'Ada Lovelace', acceptedCredentialIds: [] })
  })
})

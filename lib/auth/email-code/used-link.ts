/**
 * What the confirmation page says for a sign-in link that was already used,
 * by who opens it. The account's owner, signed in, is told so and sent to
 * their account. Anyone else, signed in or not, reads what a signed-out
 * browser reads: nothing about whose link it was.
 */
export type UsedLinkView = 'already_signed_in' | 'unusable'

export function usedLinkView(linkEmail: string | undefined, signedInEmail: string | null): UsedLinkView {
  if (!linkEmail || !signedInEmail) return 'unusable'
  return linkEmail.toLowerCase() === signedInEmail.toLowerCase() ? 'already_signed_in' : 'unusable'
}

'use client'

import { useEffect, useRef, useState, type ReactNode } from 'react'
import { PasskeyItem, type PasskeyItemLabels, type PasskeyView } from '@/app/(account)/account/passkeys/_components/passkey-item'
import { FormMessage } from '@/components/ui/form-message'

/**
 * The list of passkeys, and what it says after one is removed: the removed
 * item is gone with its button, so the confirmation is announced and takes
 * the focus here, above the list, where the keyboard can go on from.
 */
export function PasskeyList({ passkeys, labels, empty }: { passkeys: PasskeyView[]; labels: PasskeyItemLabels; empty: ReactNode }) {
  const [removed, setRemoved] = useState<string | null>(null)
  const message = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (removed) message.current?.focus()
  }, [removed])
  return (
    <>
      {removed ? (
        <div ref={message} tabIndex={-1} className="mb-3 outline-none" data-testid="passkey-removed">
          <FormMessage tone="success">{removed}</FormMessage>
        </div>
      ) : null}
      {passkeys.length === 0 ? (
        empty
      ) : (
        <ul className="space-y-3">
          {passkeys.map((view) => (
            <PasskeyItem key={view.id} passkey={view} labels={labels} onRemoved={setRemoved} />
          ))}
        </ul>
      )}
    </>
  )
}

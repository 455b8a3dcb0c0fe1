'use client'

import { useRouter } from 'next/navigation'
import { useActionState, useEffect, useRef, useState, type ReactNode } from 'react'
import { removePasskeyAction, renamePasskeyAction, type RemoveState, type RenameState } from '@/app/(account)/account/passkeys/actions'
import { Button } from '@/components/ui/button'
import { TextField } from '@/components/ui/field'
import { FormMessage } from '@/components/ui/form-message'
import { signalPasskeyList, signalUnknownPasskey } from '@/components/passkeys/signals'
import { KeyIcon } from '@/components/ui/key-icon'

export type PasskeyView = {
  id: string
  name: string
  /** The provider under the name, or null when the name already says it (lib/auth/passkeys/list-wording.ts). */
  provider: ReactNode | null
  iconLight: string | null
  iconDark: string | null
  synced: boolean
  /** "Added on this device" or "Added or used on this device", translated; null for a passkey this browser never saw. */
  deviceBadge: string | null
  /** When and in which browser it was added, rendered by the server in the reader's language and zone. */
  created: ReactNode
  lastUsed: ReactNode | null
  transports: string
  /** "Test Key (verified)" or "Google Password Manager, as it claims": which model it is, and how the portal knows. */
  model: { verified: boolean; text: ReactNode }
  /** "Remove “name”?", with the name marked as data. */
  removeTitle: ReactNode
}

/** The list's words, from the server (account.passkeys). */
export type PasskeyItemLabels = {
  synced: string
  deviceOnly: string
  added: string
  lastUsed: string
  notUsed: string
  connectsBy: string
  model: string
  rename: string
  remove: string
  newName: string
  removeText: string
  confirmIt: string
  cancel: string
  removing: string
  removeButton: string
  saving: string
  saveName: string
}

const renameInitial: RenameState = { status: 'idle' }
const removeInitial: RemoveState = { status: 'idle' }

/** The name field used both right after creation and for "Rename". */
export function RenamePasskeyForm({
  passkeyId,
  name,
  label,
  labels,
  onDone,
}: {
  passkeyId: string
  name: string
  label: string
  labels: { saving: string; saveName: string }
  onDone?: () => void
}) {
  const [state, action, pending] = useActionState(renamePasskeyAction, renameInitial)
  const [value, setValue] = useState(name)
  const error = state.status === 'error' ? state.message : undefined
  useEffect(() => {
    if (state.status === 'success') onDone?.()
  }, [state, onDone])
  return (
    <form action={action} noValidate className="flex flex-col gap-2 sm:flex-row sm:items-start">
      <input type="hidden" name="passkeyId" value={passkeyId} />
      <TextField
        id={`name-${passkeyId}`}
        name="name"
        label={label}
        maxLength={80}
        required
        autoFocus
        value={value}
        onChange={(event) => setValue(event.target.value)}
        error={error}
        className="flex-1"
      />
      <Button type="submit" className="sm:mt-7" disabled={pending}>
        {pending ? labels.saving : labels.saveName}
      </Button>
    </form>
  )
}

/** One passkey in the list: what it is, where it lives, when it was used; rename inline, remove after a confirmation that names it. */
export function PasskeyItem({ passkey, labels, onRemoved }: { passkey: PasskeyView; labels: PasskeyItemLabels; onRemoved: (message: string) => void }) {
  const [renaming, setRenaming] = useState(false)
  const [removeState, removeAction, removing] = useActionState(removePasskeyAction, removeInitial)
  const dialog = useRef<HTMLDialogElement>(null)
  const router = useRouter()

  // Say it was removed, tell the browser, then reload the list (which unmounts this item).
  useEffect(() => {
    if (removeState.status !== 'removed') return
    dialog.current?.close()
    onRemoved(removeState.message)
    const { signals, removedCredentialId } = removeState
    void signalUnknownPasskey(signals.rpId, removedCredentialId)
      .then(() => signalPasskeyList(signals))
      .finally(() => router.refresh())
  }, [removeState, router, onRemoved])

  const removeError = removeState.status === 'error' ? removeState : null
  return (
    <li className="rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900" data-testid="passkey">
      <div className="flex items-start gap-3">
        <ProviderIcon passkey={passkey} />
        <div className="min-w-0 flex-1">
          <h3 className="font-semibold break-words" data-testid="passkey-name" translate="no">
            {passkey.name}
          </h3>
          {passkey.provider ? (
            <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="passkey-provider">
              {passkey.provider}
            </p>
          ) : null}
          <ul className="mt-2 flex flex-wrap gap-1.5 text-xs font-medium">
            <li
              className={`rounded-full px-2 py-0.5 ${passkey.synced ? 'bg-emerald-50 text-emerald-800 dark:bg-emerald-500/15 dark:text-emerald-300' : 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300'}`}
              data-testid="passkey-sync"
            >
              {passkey.synced ? labels.synced : labels.deviceOnly}
            </li>
            {passkey.deviceBadge ? (
              <li className="rounded-full bg-indigo-50 px-2 py-0.5 text-indigo-700 dark:bg-indigo-500/15 dark:text-indigo-300" data-testid="passkey-device">
                {passkey.deviceBadge}
              </li>
            ) : null}
          </ul>
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm text-zinc-600 dark:text-zinc-400">
            <dt>{labels.added}</dt>
            <dd>{passkey.created}</dd>
            <dt>{labels.lastUsed}</dt>
            <dd data-testid="passkey-last-used">{passkey.lastUsed ?? labels.notUsed}</dd>
            <dt>{labels.model}</dt>
            <dd data-testid="passkey-model" data-verified={passkey.model.verified}>
              {passkey.model.text}
            </dd>
            {passkey.transports ? (
              <>
                <dt>{labels.connectsBy}</dt>
                <dd>{passkey.transports}</dd>
              </>
            ) : null}
          </dl>
        </div>
      </div>
      <div className="mt-3 flex flex-wrap gap-2">
        <Button variant="secondary" onClick={() => setRenaming((value) => !value)} aria-expanded={renaming}>
          {labels.rename}
        </Button>
        <Button variant="ghost" className="text-red-700 dark:text-red-400" onClick={() => dialog.current?.showModal()}>
          {labels.remove}
        </Button>
      </div>
      {renaming ? (
        <div className="mt-3">
          <RenamePasskeyForm passkeyId={passkey.id} name={passkey.name} label={labels.newName} labels={labels} onDone={() => setRenaming(false)} />
        </div>
      ) : null}
      <dialog
        ref={dialog}
        aria-labelledby={`remove-${passkey.id}-title`}
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl border border-zinc-200 bg-white p-5 text-zinc-900 shadow-xl backdrop:bg-black/50 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
      >
        <h2 id={`remove-${passkey.id}-title`} className="text-lg font-semibold">
          {passkey.removeTitle}
        </h2>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{labels.removeText}</p>
        {removeError ? (
          <div className="mt-3">
            <FormMessage tone="error">
              {removeError.message}{' '}
              {removeError.code === 'step_up_required' ? (
                <a className="font-semibold underline" href="/account/confirm?returnTo=%2Faccount%2Fpasskeys">
                  {labels.confirmIt}
                </a>
              ) : null}
            </FormMessage>
          </div>
        ) : null}
        <form action={removeAction} className="mt-4 flex flex-wrap justify-end gap-2">
          <input type="hidden" name="passkeyId" value={passkey.id} />
          <Button variant="secondary" onClick={() => dialog.current?.close()}>
            {labels.cancel}
          </Button>
          <Button type="submit" variant="danger" disabled={removing}>
            {removing ? labels.removing : labels.removeButton}
          </Button>
        </form>
      </dialog>
    </li>
  )
}

function ProviderIcon({ passkey }: { passkey: PasskeyView }) {
  if (passkey.iconLight) {
    return (
      <picture className="shrink-0">
        {passkey.iconDark ? <source srcSet={passkey.iconDark} media="(prefers-color-scheme: dark)" /> : null}
        <img src={passkey.iconLight} alt="" width={32} height={32} className="size-8 rounded" />
      </picture>
    )
  }
  return (
    <span
      className="flex size-8 shrink-0 items-center justify-center rounded bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300"
      data-testid="generic-passkey-icon"
    >
      <KeyIcon />
    </span>
  )
}

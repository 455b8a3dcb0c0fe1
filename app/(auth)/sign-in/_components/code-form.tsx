'use client'

import { useActionState, useState } from 'react'
import type { CodeFormState } from '@/app/(auth)/sign-in/actions'
import { Button } from '@/components/ui/button'
import { CodeField } from '@/components/ui/code-field'

const initial: CodeFormState = { status: 'idle' }

type CodeAction = (state: CodeFormState, form: FormData) => Promise<CodeFormState>

/** Step 2 of a signed-out sign-in: the 6-digit code from the email or the text, for `verify`. Its words come translated from the page. */
export function CodeForm({ verify, labels }: { verify: CodeAction; labels: { label: string; hint: string; submit: string; pending: string } }) {
  const [state, action, pending] = useActionState(verify, initial)
  const [code, setCode] = useState(state.values?.code ?? '')
  const error = state.status === 'error' ? state.message : undefined
  return (
    <form action={action} noValidate className="space-y-4">
      <CodeField
        large
        id="code"
        label={labels.label}
        hint={labels.hint}
        pattern="[0-9 -]*"
        autoFocus
        dir="ltr"
        value={code}
        onChange={(event) => setCode(event.target.value)}
        error={error}
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? labels.pending : labels.submit}
      </Button>
    </form>
  )
}

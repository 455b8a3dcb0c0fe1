'use client'

import { useActionState, useState } from 'react'
import { verifyCodeAction, type CodeFormState } from '@/app/(auth)/sign-in/actions'
import { Button } from '@/components/ui/button'
import { CodeField } from '@/components/ui/code-field'

const initial: CodeFormState = { status: 'idle' }

/** Step 2 of email sign-in: the 6-digit code from the email. */
export function CodeForm() {
  const [state, action, pending] = useActionState(verifyCodeAction, initial)
  const [code, setCode] = useState(state.values?.code ?? '')
  const error = state.status === 'error' ? state.message : undefined
  return (
    <form action={action} noValidate className="space-y-4">
      <CodeField
        large
        id="code"
        label="6-digit code"
        hint="From the email we just sent."
        pattern="[0-9 -]*"
        autoFocus
        value={code}
        onChange={(event) => setCode(event.target.value)}
        error={error}
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Checking…' : 'Sign in'}
      </Button>
    </form>
  )
}

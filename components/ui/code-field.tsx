import { TextField, type TextFieldProps } from './field'

type CodeFieldProps = Omit<TextFieldProps, 'name' | 'inputMode' | 'autoComplete'> & {
  /** digits: a 6-digit code from an email or an app; words: a recovery or access code like K7QF-2M9D-X4TW-8HNC. */
  format?: 'digits' | 'words'
  /** The code as the page's main field: large, centred digits. */
  large?: boolean
  /** Posted as `code` unless a form asks for a second code beside it. */
  name?: 'code' | 'totp'
}

/**
 * The field a one-time code is typed or pasted into, posted as `code`. It
 * offers the browser's one-time-code autofill and the right keyboard; the
 * server forgives spaces and dashes, so the field only bounds the length.
 */
export function CodeField({ format = 'digits', large = false, maxLength, inputClassName, name = 'code', ...props }: CodeFieldProps) {
  const words = format === 'words'
  return (
    <TextField
      name={name}
      autoComplete="one-time-code"
      inputMode={words ? 'text' : 'numeric'}
      {...(words ? { autoCapitalize: 'characters', spellCheck: false } : {})}
      maxLength={maxLength ?? (words ? 64 : 12)}
      required
      inputClassName={inputClassName ?? (large ? 'text-center font-mono text-2xl tracking-[0.4em]' : words ? 'font-mono tracking-wider' : undefined)}
      {...props}
    />
  )
}

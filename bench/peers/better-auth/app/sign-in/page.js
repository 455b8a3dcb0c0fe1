// A sign-in page of the same kind as the portal's, so cold start is measured to the same first page.
export const dynamic = 'force-dynamic'

export default function SignIn() {
  return (
    <main>
      <h1>Sign in</h1>
      <form method="post" action="/api/auth/email-otp/send-verification-otp">
        <label htmlFor="email">Email address</label>
        <input id="email" name="email" type="email" required />
        <button type="submit">Continue</button>
      </form>
    </main>
  )
}

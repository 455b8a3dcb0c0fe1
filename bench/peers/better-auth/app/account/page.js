// The signed-in page the journey loads after signing in, as the portal's /account: the session read on the server.
import { headers } from 'next/headers'
import { redirect } from 'next/navigation'
import { auth } from '../../lib/auth'

export const dynamic = 'force-dynamic'

export default async function Account() {
  const session = await auth.api.getSession({ headers: await headers() })
  if (!session) redirect('/sign-in')
  return (
    <main>
      <h1>Your account</h1>
      <p>Signed in as {session.user.email}</p>
    </main>
  )
}

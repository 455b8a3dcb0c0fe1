import 'server-only'
import NextAuth from 'next-auth'
import type { Adapter } from 'next-auth/adapters'
import { env } from '../../env'
import { SESSION_TOUCH_SECONDS, deleteSessionBySecret, findActiveSession, touchSession, type SessionUser, type SignInMethod } from './store'
import { sessionCookie } from './cookie'
import type { Policy } from '../../policy/schema'

/** What the portal adds to Auth.js's session: carried from the adapter to auth() through the user object. */
type PortalSessionFields = {
  /** Public id of this browser's session row. */
  sessionId: string
  method: SignInMethod
  signedInAt: string
  verifiedAt: string
  verifiedMethod: SignInMethod
  verifiedFor: string | null
  policy: Policy
  hasPasskey: boolean
  recoveryWaiting: boolean
}

declare module 'next-auth' {
  interface Session extends PortalSessionFields {
    user: SessionUser & { name: string | null }
  }
}

/**
 * Auth.js reads and writes sessions through this adapter; the Session table
 * is the source of truth. Auth.js needs the account/user methods to exist for
 * its "database" strategy, but the portal signs people in with its own
 * ceremonies (which end in createSession()), so Auth.js never creates users.
 */
function portalSessionAdapter(): Adapter {
  const notUsed = (name: string) => async (): Promise<never> => {
    throw new Error(`Auth.js adapter method ${name} is not used: sign-in methods create sessions with createSession().`)
  }
  return {
    createUser: notUsed('createUser'),
    getUser: notUsed('getUser'),
    getUserByEmail: notUsed('getUserByEmail'),
    getUserByAccount: notUsed('getUserByAccount'),
    updateUser: notUsed('updateUser'),
    linkAccount: notUsed('linkAccount'),
    createSession: notUsed('createSession'),
    async getSessionAndUser(sessionToken) {
      const session = await findActiveSession(sessionToken)
      if (!session) return null
      return {
        // Auth.js calls updateSession once `expires - maxAge + updateAge` has passed,
        // that is, once a minute after the last recorded activity.
        session: {
          sessionToken,
          userId: session.user.id,
          expires: new Date(session.lastSeenAt.getTime() + env().session.idleTimeoutSeconds * 1000),
        },
        user: {
          ...session.user,
          name: session.user.displayName,
          emailVerified: null,
          sessionId: session.id,
          method: session.method,
          signedInAt: session.createdAt.toISOString(),
          verifiedAt: session.verifiedAt.toISOString(),
          verifiedMethod: session.verifiedMethod,
          verifiedFor: session.verifiedFor,
          policy: session.policy,
          hasPasskey: session.hasPasskey,
          recoveryWaiting: session.recoveryWaiting,
        },
      }
    },
    async updateSession({ sessionToken }) {
      await touchSession(sessionToken)
      return null
    },
    async deleteSession(sessionToken) {
      await deleteSessionBySecret(sessionToken)
    },
  }
}

export const { handlers, auth } = NextAuth(() => ({
  secret: env().authSecret,
  // Auth.js builds its own endpoint URLs from the request; nothing security
  // relevant (WebAuthn origin, email links) is derived from them.
  trustHost: true,
  // Auth.js's own cookies (CSRF, callback URL) are Secure on an https APP_URL, like ours.
  useSecureCookies: env().secureCookies,
  adapter: portalSessionAdapter(),
  // No providers and no route for Auth.js's HTTP endpoints (/api/auth/*): every sign-in is the portal's own,
  // and Auth.js only reads sessions (auth()) inside the app; signing out is the portal's own too.
  providers: [],
  session: { strategy: 'database', maxAge: env().session.idleTimeoutSeconds, updateAge: SESSION_TOUCH_SECONDS },
  cookies: { sessionToken: sessionCookie() },
  pages: { signIn: '/sign-in', error: '/sign-in' },
  callbacks: {
    session({ session, user }) {
      const portalUser = user as unknown as SessionUser & PortalSessionFields
      return {
        expires: session.expires,
        sessionId: portalUser.sessionId,
        method: portalUser.method,
        signedInAt: portalUser.signedInAt,
        verifiedAt: portalUser.verifiedAt,
        verifiedMethod: portalUser.verifiedMethod,
        verifiedFor: portalUser.verifiedFor,
        policy: portalUser.policy,
        hasPasskey: portalUser.hasPasskey,
        recoveryWaiting: portalUser.recoveryWaiting,
        user: {
          id: portalUser.id,
          email: portalUser.email,
          displayName: portalUser.displayName,
          name: portalUser.displayName,
          role: portalUser.role,
          locale: portalUser.locale,
          timeZone: portalUser.timeZone,
        },
      }
    },
  },
}))

// Better Auth with email OTP, configured as its documentation shows, on the same database kinds as the
// portal. The OTP "email" is written to bench_mailbox, where the load driver reads it (as the portal's
// demo mode keeps email in its mailbox table). Client addresses come from X-Forwarded-For, as the
// portal's come through its trusted-proxy setting in the benchmark.
import { betterAuth } from 'better-auth'
import { emailOTP } from 'better-auth/plugins'
import Database from 'better-sqlite3'
import pg from 'pg'

const url = process.env.DATABASE_URL ?? ''
export const database = url.startsWith('file:') ? new Database(url.slice('file:'.length)) : new pg.Pool({ connectionString: url, max: 10 })

async function storeOtp(email, otp) {
  if (database instanceof Database) {
    database.prepare('INSERT INTO bench_mailbox (recipient, otp, created_at) VALUES (?, ?, ?)').run(email, otp, Date.now())
    return
  }
  await database.query('INSERT INTO bench_mailbox (recipient, otp, created_at) VALUES ($1, $2, $3)', [email, otp, Date.now()])
}

export const auth = betterAuth({
  database,
  secret: process.env.BETTER_AUTH_SECRET,
  baseURL: process.env.APP_URL,
  plugins: [
    emailOTP({
      async sendVerificationOTP({ email, otp }) {
        await storeOtp(email, otp)
      },
    }),
  ],
  advanced: { ipAddress: { ipAddressHeaders: ['x-forwarded-for'] } },
  // The portal does not rate-limit session reads either; sign-in endpoints keep Better Auth's defaults.
  rateLimit: { customRules: { '/get-session': false } },
})

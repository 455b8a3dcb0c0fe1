/** Runs once when the server starts. */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { checkConfigurationOrExit } = await import('./lib/startup')
    checkConfigurationOrExit()
    const { startBackgroundWork } = await import('./lib/background')
    startBackgroundWork()
  }
}

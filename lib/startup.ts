import { env, EnvError } from './env'

/** Stops the server at start-up when the configuration is missing or wrong, naming the variable. */
export function checkConfigurationOrExit(): void {
  try {
    env()
  } catch (error) {
    if (!(error instanceof EnvError)) throw error
    console.error(`\n${error.message}\n`)
    process.exit(1)
  }
}

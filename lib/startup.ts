import { env, EnvError } from './env'

/** Stops the server at start-up when the configuration is missing or wrong, naming the variable. */
export function checkConfigurationOrExit(): void {
  try {
    env()
  } catch (error) {
    console.error(error instanceof EnvError ? `\n${error.message}\n` : `\nCould not read the configuration: ${String(error)}\n`)
    process.exit(1)
  }
}

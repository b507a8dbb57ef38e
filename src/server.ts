/**
 * The thin entry of `npm start`: configuration from the environment, then {@link runServer}.
 */
import { loadConfig } from './config.js'
import { runServer } from './run-server.js'

runServer(loadConfig()).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})

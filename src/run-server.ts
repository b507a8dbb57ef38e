/**
 * Runs the service from a validated configuration: open storage, build the app, listen, and shut
 * down on SIGTERM/SIGINT. Shared by `npm start` (`server.ts`) and `polenta serve` (`cli.ts`).
 */
import { openServices } from './bootstrap.js'
import type { Config } from './config.js'
import { buildApp } from './http/app.js'

/** Starts the service; resolves once it listens. The process exits after a signal-driven shutdown. */
export async function runServer(config: Config): Promise<void> {
  const opened = await openServices(config)
  const app = await buildApp({
    basePath: config.basePath,
    trustProxy: config.trustProxy,
    bodyLimitBytes: config.bodyLimitBytes,
    logLevel: config.logLevel,
    auth: config.auth,
    corsOrigins: config.corsOrigins,
    maxLimit: config.maxLimit,
    maxQueryPoints: config.maxQueryPoints,
    services: opened.services,
  })
  for (const warning of opened.warnings) app.log.warn(warning)
  let closing = false
  const shutdown = (signal: string): void => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down')
    app
      .close()
      .then(() => opened.close())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          app.log.error({ err }, 'error during shutdown')
          process.exit(1)
        },
      )
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
  await app.listen({ port: config.port, host: config.host })
}

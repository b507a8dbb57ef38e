/**
 * The thin entry: load config, open storage, build the app, listen, and shut down gracefully.
 */
import { openServices } from './bootstrap.js'
import { loadConfig } from './config.js'
import { buildApp } from './http/app.js'

async function main(): Promise<void> {
  const config = loadConfig()
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

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})

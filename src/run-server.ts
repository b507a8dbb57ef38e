/**
 * Runs the service from a validated configuration and owns its lifecycle. Shared by `npm start`
 * (`server.ts`) and `polenta serve` (`cli.ts`).
 *
 * Start: open storage, build the app, listen, then catch up on the measures acknowledged before
 * the last stop while `/healthcheck` says `starting` (reads fold pending measures in, so serving
 * during the catch-up is correct; listening first keeps the start fast whatever the backlog).
 *
 * Stop, on SIGTERM or SIGINT (a second signal exits at once with code 1):
 * 1. `/healthcheck` answers 503 `DRAINING` and the catch-up stops after the metric in hand;
 * 2. for `POLENTA_SHUTDOWN_DELAY` seconds everything is still served, so load balancers that
 *    probe `/healthcheck` stop routing here before connections start being refused;
 * 3. the listener closes (new connections are refused) and idle keep-alive connections are
 *    dropped; requests in flight finish, for at most `POLENTA_SHUTDOWN_TIMEOUT` seconds, after
 *    which their connections are cut (they were not acknowledged);
 * 4. background processing of acknowledged measures finishes, the index and the driver are
 *    flushed and closed (embedded: LMDB flushed; Redis: QUIT);
 * 5. exit 0 (1 if closing the storage failed).
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import { openServices, type OpenedServices } from './bootstrap.js'
import type { Config } from './config.js'
import { buildApp } from './http/app.js'
import { Readiness } from './http/lifecycle.js'

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Closes the app: the listener at once, in-flight requests given `timeoutMs` to finish.
 * @returns whether connections had to be cut.
 */
async function closeHttp(app: FastifyInstance, timeoutMs: number): Promise<boolean> {
  const closing = app.close()
  let timer: NodeJS.Timeout | undefined
  const timedOut = await Promise.race([
    closing.then(() => false),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), timeoutMs)
    }),
  ])
  clearTimeout(timer)
  if (timedOut) {
    app.server.closeAllConnections()
    await closing
  }
  return timedOut
}

/** What a shutdown stops. */
interface Running {
  readonly app: FastifyInstance
  readonly opened: OpenedServices
  readonly readiness: Readiness
  readonly stopCatchUp: AbortController
  /** Settles once the start-up catch-up has stopped. */
  readonly catchUp: Promise<unknown>
}

/** The signal-driven shutdown of a listening server (steps 1–5 of this module's comment). */
async function shutDown(signal: string, { app, opened, readiness, stopCatchUp, catchUp }: Running, config: Config['shutdown']): Promise<never> {
  readiness.startDraining()
  stopCatchUp.abort()
  app.log.info({ signal, delayMs: config.delayMs, timeoutMs: config.timeoutMs }, 'draining')
  if (config.delayMs > 0) await sleep(config.delayMs)
  try {
    if (await closeHttp(app, config.timeoutMs)) {
      app.log.warn({ timeoutMs: config.timeoutMs }, 'requests still in flight at the shutdown timeout: their connections were closed')
    }
    // The catch-up stops after its metric in hand; the storage must outlive it.
    await catchUp
    await opened.close()
  } catch (err) {
    app.log.error({ err }, 'error during shutdown')
    process.exit(1)
  }
  app.log.info('shutdown complete')
  process.exit(0)
}

/**
 * Starts the service; resolves once it listens (the catch-up runs on in the background). The
 * process exits after a signal-driven shutdown.
 */
export async function runServer(config: Config): Promise<void> {
  // Processing failures go to the app's log once there is one (all processing starts after).
  let log: FastifyBaseLogger | null = null
  const opened = await openServices(config, {
    onProcessingError: (metricId, err) => {
      if (log !== null) log.error({ err, metricId }, 'processing of a metric failed; its measures stay queued')
      else console.error(`processing of metric ${metricId} failed: ${err instanceof Error ? err.message : String(err)}`)
    },
  })
  const readiness = new Readiness({ phase: 'starting', probeStorage: () => opened.services.driver.isHealthy() })
  const app = await buildApp({
    basePath: config.basePath,
    trustProxy: config.trustProxy,
    bodyLimitBytes: config.bodyLimitBytes,
    logLevel: config.logLevel,
    auth: config.auth,
    corsOrigins: config.corsOrigins,
    maxLimit: config.maxLimit,
    maxQueryPoints: config.maxQueryPoints,
    metrics: config.metrics,
    services: opened.services,
    readiness,
  }).catch(async (err: unknown) => {
    await opened.close()
    throw err
  })
  log = app.log
  for (const warning of opened.warnings) app.log.warn(warning)

  const stopCatchUp = new AbortController()
  let catchUp: Promise<unknown> = Promise.resolve()
  let stopping = false
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      app.log.warn({ signal }, 'second signal: exiting at once')
      process.exit(1)
    }
    stopping = true
    void shutDown(signal, { app, opened, readiness, stopCatchUp, catchUp }, config.shutdown)
  }
  process.on('SIGTERM', onSignal)
  process.on('SIGINT', onSignal)

  try {
    await app.listen({ port: config.port, host: config.host })
  } catch (err) {
    process.off('SIGTERM', onSignal)
    process.off('SIGINT', onSignal)
    await app.close()
    await opened.close()
    throw err
  }

  // A signal during listen: the shutdown is under way and must not race a catch-up.
  if (stopping) return
  // Ready once the backlog of the last run is folded in; even if the catch-up fails (the
  // storage went away) the process is ready to serve: reads fold pending measures in, and the
  // storage probe of /healthcheck reports the storage on its own.
  catchUp = opened.catchUp(stopCatchUp.signal).then(
    (metrics) => {
      if (metrics > 0) app.log.info({ metrics }, 'caught up on measures acknowledged before the last stop')
      readiness.markReady()
    },
    (err: unknown) => {
      app.log.error({ err }, 'catching up on pending measures failed; they stay queued')
      readiness.markReady()
    },
  )
}

/**
 * Self-monitoring: `GET <basePath>/metrics` in the Prometheus text format (outside `/v1`, as
 * Prometheus expects), and the recording behind it. Each app has its own registry (tests build
 * many apps in one process); the process metrics come from the one process-wide registry.
 *
 * Registered on the root instance right after the routing plugin, so that its `onResponse` hook
 * reaches every route and the not-found handler.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { Registry } from 'prom-client'
import { GnocchiError } from '../../model/errors.js'
import { ROOT_ROUTES } from '../schemas/root.js'
import type { AppServices } from '../services.js'
import { recordMeasureMetrics } from './measure-metrics.js'
import { processMetricsRegistry } from './process-metrics.js'
import { recordRequestMetrics } from './request-metrics.js'
import { recordStateGauges } from './state-gauges.js'
import { recordStorageMetrics } from './storage-metrics.js'

/** The `POLENTA_METRICS*` part of the configuration. */
export interface MetricsOptions {
  /** Record and serve `/metrics`; when false neither happens (and `/metrics` is a 404). */
  readonly enabled: boolean
  /** `/metrics` needs an identity (401) with the admin role (403); when false it is public. */
  readonly requireAdmin: boolean
}

/** Options of {@link monitoringPlugin}. */
export interface MonitoringPluginOptions {
  readonly basePath: string
  readonly requireAdmin: boolean
  /** Without services only the request and process metrics are recorded. */
  readonly services?: AppServices
}

async function registerMonitoring(app: FastifyInstance, options: MonitoringPluginOptions): Promise<void> {
  // prom-client renders what changes at most once per write or per scrape; the hot-path
  // histograms render themselves (histogram-family.ts says why).
  const registry = new Registry()
  const hotPath: (() => string)[] = [recordRequestMetrics(app, options.basePath)]
  const unsubscribes: (() => void)[] = []
  const services = options.services
  if (services !== undefined) {
    unsubscribes.push(recordMeasureMetrics(registry, services.measures))
    if (services.storageTimings !== undefined) {
      const storage = recordStorageMetrics(services.storageTimings, services.driver.kind)
      hotPath.push(storage.render)
      unsubscribes.push(storage.unsubscribe)
    }
    recordStateGauges(registry, services, app.log)
  }
  // The services may outlive the app (tests, reloads): stop feeding a registry nobody reads.
  app.addHook('onClose', async () => {
    for (const unsubscribe of unsubscribes) unsubscribe()
  })

  // Process metrics and this app's, merged on the first scrape (merging copies the metric list).
  let exposition: Registry | null = null
  app.route({
    method: 'GET',
    url: `${options.basePath}/metrics`,
    schema: ROOT_ROUTES.metrics,
    // Prometheus asks for text (or OpenMetrics), never JSON: no 406 check.
    config: { public: !options.requireAdmin, anyAccept: true },
    handler: async (request, reply) => {
      if (options.requireAdmin && !request.identity.isAdmin) throw new GnocchiError('FORBIDDEN', '')
      exposition ??= Registry.merge([processMetricsRegistry(), registry])
      // prom-client's text ends with a line feed; a blank line separates families, as it does.
      let text = await exposition.metrics()
      for (const render of hotPath) text += `\n${render()}`
      return reply.type(exposition.contentType).send(text)
    },
  })
}

/** Registers the metrics recording and the `/metrics` route on the root instance. */
export const monitoringPlugin = fp(registerMonitoring, { name: 'polenta-monitoring', fastify: '5.x' })

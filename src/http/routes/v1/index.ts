/**
 * The `/v1` route table: every module registered explicitly (no autoload), each an
 * encapsulated plugin receiving the shared services.
 */
import type { FastifyPluginAsync } from 'fastify'
import { aggregatesRoutes } from './aggregates.js'
import { aggregationRoutes } from './aggregation.js'
import { archivePolicyRoutes } from './archive-policies.js'
import { archivePolicyRuleRoutes } from './archive-policy-rules.js'
import { batchRoutes } from './batch.js'
import { capabilitiesRoutes } from './capabilities.js'
import { influxdbRoutes } from './influxdb.js'
import { measureRoutes } from './measures.js'
import { metricRoutes } from './metrics.js'
import { resourceTypeRoutes } from './resource-types.js'
import { resourceRoutes } from './resources.js'
import { searchResourceRoutes } from './search-resource.js'
import { searchMetricRoutes } from './search-metric.js'
import type { V1RouteOptions } from './options.js'
import { prometheusRoutes } from './prometheus.js'
import { statusRoutes } from './status.js'

export type { V1RouteOptions } from './options.js'

/** Registers every `/v1` route module under the current prefix. */
export const v1Routes: FastifyPluginAsync<V1RouteOptions> = async (app, options) => {
  // Only the services: passing `options` itself would re-apply this plugin's `prefix`.
  const shared: V1RouteOptions = { services: options.services }
  await app.register(archivePolicyRoutes, shared)
  await app.register(archivePolicyRuleRoutes, shared)
  await app.register(resourceTypeRoutes, shared)
  await app.register(resourceRoutes, shared)
  await app.register(searchResourceRoutes, shared)
  await app.register(searchMetricRoutes, shared)
  await app.register(metricRoutes, shared)
  await app.register(measureRoutes, shared)
  await app.register(batchRoutes, shared)
  await app.register(statusRoutes, shared)
  await app.register(capabilitiesRoutes, shared)
  await app.register(influxdbRoutes, shared)
  await app.register(prometheusRoutes, shared)
  await app.register(aggregatesRoutes, shared)
  await app.register(aggregationRoutes, shared)
}

/**
 * What the push formats (InfluxDB write, Prometheus remote write) share once their body is
 * decoded: Gnocchi's `get_or_create_resource_and_metrics` (resource created or reused, missing
 * metrics created through the archive policy rules, policy checks) and the queuing of the
 * measures, see gnocchi/rest/api.py get_or_create_resource_and_metrics.
 */
import type { FastifyRequest } from 'fastify'
import { transformResourceId } from '../../../engine/resource-id.js'
import type { ArchivePolicy } from '../../../model/archive-policy.js'
import { GnocchiError, isGnocchiError } from '../../../model/errors.js'
import type { Metric } from '../../../model/metric.js'
import type { AttributeValue, ResourceType } from '../../../model/resource.js'
import type { MeasureColumns, MetricMeasures } from '../../formats/index.js'
import { authorize } from '../../policy/authorize.js'
import { metricPolicyTarget } from '../../render/metric.js'
import { renderResource } from '../../render/resource.js'
import { parseMetricsMap } from '../../schemas/v1/resource.js'
import type { AppServices } from '../../services.js'

/** One resource's share of a push request. */
export interface PushedResource {
  /** The id as the client names it (before the creator-scoped transform). */
  readonly originalId: string
  /** Attributes to create the resource with. */
  readonly attributes: Readonly<Record<string, AttributeValue>>
  readonly metrics: MetricMeasures
}

/** The 409 of a resource id already used by a resource of another type (Gnocchi's `ResourceAlreadyExists`). */
function resourceAlreadyExists(id: string): GnocchiError {
  return new GnocchiError('CONFLICT', { cause: 'Resource already exists', detail: id })
}

/**
 * Gets or creates the resource and its named metrics; returns the metrics named in `names`.
 * Checks `update resource` on an existing resource, `create resource` on a new one.
 */
async function resourceMetrics(
  request: FastifyRequest,
  services: AppServices,
  type: ResourceType,
  pushed: PushedResource,
): Promise<Metric[]> {
  const { index } = services
  const creator = request.identity.creator
  const id = transformResourceId(pushed.originalId, creator)
  const names = [...pushed.metrics.keys()]
  // Metrics to create: `{}` definitions, so the archive policy rules pick the policy.
  const entriesFor = async (missing: readonly string[]) =>
    parseMetricsMap(Object.fromEntries(missing.map((n) => [n, {}])), ['metrics'], {
      creator,
      ownerCreator: creator,
      rules: missing.length === 0 ? [] : await index.listArchivePolicyRules(),
    })
  // gnocchi-compat: a creation race with the same type is retried once as a read, as
  // Gnocchi's tenacity retry does.
  for (let attempt = 0; ; attempt++) {
    const view = await index.getResource(type.name, id)
    if (view !== null) {
      authorize(request.identity, 'update resource', renderResource(view.resource, view.metrics, type))
      const existing = new Set(view.metrics.map((m) => m.name))
      const missing = names.filter((n) => !existing.has(n))
      const all = missing.length === 0 ? view.metrics : await index.addResourceMetrics(type.name, id, await entriesFor(missing))
      return all.filter((m) => m.name !== null && pushed.metrics.has(m.name))
    }
    const metrics = await entriesFor(names)
    authorize(request.identity, 'create resource', {
      id,
      resource_type: type.name,
      creator,
      original_resource_id: pushed.originalId,
      metrics: Object.fromEntries(names.map((n) => [n, {}])),
      ...pushed.attributes,
    })
    try {
      const created = await index.createResource({
        id,
        type: type.name,
        originalResourceId: pushed.originalId,
        creator,
        userId: null,
        projectId: null,
        attributes: pushed.attributes,
        metrics,
      })
      return [...created.metrics]
    } catch (e) {
      if (!(isGnocchiError(e) && e.code === 'CONFLICT')) throw e
      const other = await index.getResource('generic', id)
      if (other === null || other.resource.type !== type.name || attempt > 0) throw resourceAlreadyExists(id)
    }
  }
}

function batchOf(cols: MeasureColumns): { timesUs: Float64Array; values: Float64Array } {
  return { timesUs: Float64Array.from(cols.timesUs), values: Float64Array.from(cols.values) }
}

/**
 * Creates what is missing for every pushed resource, checks `post measures` on each metric,
 * then queues all the measures in one batch (nothing is queued when a check fails).
 */
export async function ingestPushed(
  request: FastifyRequest,
  services: AppServices,
  type: ResourceType,
  resources: Iterable<PushedResource>,
): Promise<void> {
  const { index } = services
  const policies = new Map<string, ArchivePolicy>()
  const items: { metricId: string; policy: ArchivePolicy; batch: { timesUs: Float64Array; values: Float64Array } }[] = []
  for (const pushed of resources) {
    for (const metric of await resourceMetrics(request, services, type, pushed)) {
      authorize(request.identity, 'post measures', await metricPolicyTarget(index, metric))
      const cols = metric.name === null ? undefined : pushed.metrics.get(metric.name)
      if (cols === undefined || cols.timesUs.length === 0) continue
      let policy = policies.get(metric.archivePolicyName)
      if (policy === undefined) {
        const found = await index.getArchivePolicy(metric.archivePolicyName)
        if (found === null) continue
        policy = found
        policies.set(policy.name, policy)
      }
      items.push({ metricId: metric.id, policy, batch: batchOf(cols) })
    }
  }
  await services.measures.ingest(items)
}

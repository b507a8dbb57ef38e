/**
 * Batch measures (gnocchi-rest.md §3.6): `POST /v1/batch/metrics/measures` (by metric id) and
 * `POST /v1/batch/resources/metrics/measures` (by resource and metric name, optionally creating
 * missing metrics). Everything is validated before anything is queued.
 */
import { randomUUID } from 'node:crypto'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { resolveArchivePolicyName } from '../../../engine/archive-policy/index.js'
import type { IngestItem } from '../../../engine/ingest/measure-service.js'
import { parseLenientUuid, transformResourceId } from '../../../engine/resource-id.js'
import { GnocchiError, badRequest, invalidInput, isGnocchiError } from '../../../model/errors.js'
import type { ArchivePolicy } from '../../../model/archive-policy.js'
import type { Metric } from '../../../model/metric.js'
import type { MeasureBatch } from '../../../storage/types.js'
import { authorize, isAllowedForAnyTarget } from '../../policy/authorize.js'
import { metricPolicyTarget } from '../../render/metric.js'
import { parseBoolParam } from '../../util/bool-param.js'
import { parseMeasuresBody, policyOfMetric } from './measures.js'
import { BATCH_ROUTES } from '../../schemas/v1/routes/metrics.js'
import type { V1RouteOptions } from './options.js'

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** One named metric's part of a resources batch. */
interface NamedMeasures {
  readonly batch: MeasureBatch
  readonly archivePolicyName?: string
  readonly unit?: string
}

function parseNamed(value: unknown, path: readonly string[]): NamedMeasures {
  if (!isObject(value)) return { batch: parseMeasuresBody(value) }
  const at = (k: string): string => `data${[...path, k].map((p) => `['${p}']`).join('')}`
  for (const key of Object.keys(value)) {
    if (!['measures', 'archive_policy_name', 'unit'].includes(key)) throw invalidInput(`extra keys not allowed @ ${at(key)}`, [...path, key])
  }
  // Recommended: the object form without `measures` is a 400 (4.4.2 answers 500).
  if (!('measures' in value)) throw invalidInput(`required key not provided @ ${at('measures')}`, [...path, 'measures'])
  for (const key of ['archive_policy_name', 'unit'] as const) {
    if (key in value && typeof value[key] !== 'string') throw invalidInput(`expected str for dictionary value @ ${at(key)}`, [...path, key])
  }
  return {
    batch: parseMeasuresBody(value.measures),
    ...(typeof value.archive_policy_name === 'string' ? { archivePolicyName: value.archive_policy_name } : {}),
    ...(typeof value.unit === 'string' ? { unit: value.unit } : {}),
  }
}

/** Registers the batch routes under `/v1`. */
export const batchRoutes: FastifyPluginAsync<V1RouteOptions> = async (app, { services }) => {
  const { index, measures } = services

  async function items(request: FastifyRequest, pairs: readonly (readonly [Metric, MeasureBatch])[]): Promise<IngestItem[]> {
    if (pairs.length === 0) return []
    // Targets only when the caller's rule reads them (an admin passes whatever the target), and
    // all at once: concurrent index reads share one catch-up with storage, where awaiting them
    // one by one costs a storage round trip per metric.
    if (!isAllowedForAnyTarget(request.identity, 'post measures')) {
      const targets = await Promise.all(pairs.map(([metric]) => metricPolicyTarget(index, metric)))
      for (const target of targets) authorize(request.identity, 'post measures', target)
    }
    const filled = pairs.filter(([, batch]) => batch.timesUs.length > 0)
    // One look-up per distinct policy (not per metric), all awaited together.
    const firstOfPolicy = new Map<string, Metric>()
    for (const [metric] of filled) if (!firstOfPolicy.has(metric.archivePolicyName)) firstOfPolicy.set(metric.archivePolicyName, metric)
    const names = [...firstOfPolicy.keys()]
    const found = await Promise.all(names.map((name) => policyOfMetric(index, firstOfPolicy.get(name)!)))
    const policies = new Map<string, ArchivePolicy>(names.map((name, i) => [name, found[i]!]))
    return filled.map(([metric, batch]) => ({ metricId: metric.id, policy: policies.get(metric.archivePolicyName)!, batch }))
  }

  // gnocchi-compat: basic mode asks who calls only for `post measures` on each metric, so an
  // empty batch is accepted unauthenticated.
  app.post('/batch/metrics/measures', { schema: BATCH_ROUTES.metrics, config: { identityOnDemand: true } }, async (request, reply) => {
    const body = request.body ?? {}
    if (!isObject(body)) throw invalidInput('expected a dictionary')
    const parsed: [string, MeasureBatch][] = []
    for (const [key, value] of Object.entries(body)) {
      const id = parseLenientUuid(key)
      if (id === null) throw invalidInput(`extra keys not allowed @ data['${key}']`, [key])
      parsed.push([id, parseMeasuresBody(value)])
    }
    const found = new Map((await index.getMetrics(parsed.map(([id]) => id))).map((m) => [m.id, m]))
    const unknown = [...new Set(parsed.map(([id]) => id).filter((id) => !found.has(id)))].sort()
    if (unknown.length > 0) throw new GnocchiError('INVALID_INPUT', `Unknown metrics: ${unknown.join(', ')}`)
    await measures.ingest(await items(request, parsed.map(([id, batch]) => [found.get(id)!, batch] as const)))
    return reply.code(202).send()
  })

  app.post('/batch/resources/metrics/measures', { schema: BATCH_ROUTES.resources }, async (request, reply) => {
    const create = parseBoolParam('create_metrics', (request.query as Record<string, string | string[] | undefined>).create_metrics)
    const body = request.body ?? {}
    if (!isObject(body)) throw invalidInput('expected a dictionary')
    const creator = request.identity.creator
    const entries: { resourceId: string; original: string; name: string; named: NamedMeasures }[] = []
    for (const [rawId, metricsValue] of Object.entries(body)) {
      const resourceId = transformResourceId(rawId, creator)
      if (!isObject(metricsValue)) throw invalidInput(`expected a dictionary for dictionary value @ data['${rawId}']`, [rawId])
      for (const [name, value] of Object.entries(metricsValue)) {
        entries.push({ resourceId, original: rawId, name, named: parseNamed(value, [rawId, name]) })
      }
    }
    const pairs: (readonly [Metric, MeasureBatch])[] = []
    const unknownMetrics: string[] = []
    const unknownResources = new Map<string, string>()
    let rules: Awaited<ReturnType<typeof index.listArchivePolicyRules>> | null = null
    for (const e of entries) {
      let metric = await index.getResourceMetric(e.resourceId, e.name)
      if (metric === null && create) {
        if ((await index.getResource('generic', e.resourceId)) === null) {
          unknownResources.set(e.resourceId, e.original)
          continue
        }
        rules ??= await index.listArchivePolicyRules()
        const policyName = e.named.archivePolicyName ?? resolveArchivePolicyName(rules, e.name)
        if ((await index.getArchivePolicy(policyName)) === null) throw badRequest(`Archive policy ${policyName} does not exist`)
        try {
          const created = await index.addResourceMetrics('generic', e.resourceId, [
            { kind: 'create', name: e.name, id: randomUUID(), archivePolicyName: policyName, creator, unit: e.named.unit ?? null },
          ])
          metric = created.find((m) => m.name === e.name) ?? null
        } catch (err) {
          // Concurrent creation of the same name is tolerated: use the winner's metric.
          if (!isGnocchiError(err) || err.code !== 'CONFLICT') throw err
        }
        metric ??= await index.getResourceMetric(e.resourceId, e.name)
      }
      if (metric === null) unknownMetrics.push(`${e.resourceId}/${e.name}`)
      else pairs.push([metric, e.named.batch])
    }
    if (unknownResources.size > 0) {
      throw new GnocchiError('INVALID_INPUT', {
        cause: 'Unknown resources',
        detail: [...unknownResources].map(([resource_id, original_resource_id]) => ({ resource_id, original_resource_id })),
      })
    }
    if (unknownMetrics.length > 0) throw new GnocchiError('INVALID_INPUT', `Unknown metrics: ${[...new Set(unknownMetrics)].sort().join(', ')}`)
    await measures.ingest(await items(request, pairs))
    return reply.code(202).send()
  })
}

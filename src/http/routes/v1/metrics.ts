/**
 * Metrics, `/v1/metric` (gnocchi-rest.md §3.4): create, list (filters, pagination, row filter),
 * show and delete one metric. Measures live in `measures.ts`.
 */
import { randomUUID } from 'node:crypto'
import type { FastifyPluginAsync } from 'fastify'
import { resolveArchivePolicyName } from '../../../engine/archive-policy/index.js'
import { parseMetricId, transformResourceId } from '../../../engine/resource-id.js'
import type { FilterNode } from '../../../grammar/filter/ast.js'
import { GnocchiError, badRequest, invalidInput, isGnocchiError, notFound } from '../../../model/errors.js'
import type { Metric } from '../../../model/metric.js'
import type { ResourceRevision } from '../../../model/resource.js'
import type { MetricSearch } from '../../../storage/index-types.js'
import { authorize } from '../../policy/authorize.js'
import { metricRowFilter } from '../../policy/row-filter.js'
import { metricPolicyTarget, renderMetricCreated, renderMetricDetailed, renderMetricList } from '../../render/metric.js'
import { renderResource } from '../../render/resource.js'
import { rawQuery } from '../../util/base-url.js'
import { nextLink, parsePagination, type QueryValue } from '../../util/pagination.js'
import { METRIC_ROUTES } from '../../schemas/v1/routes/metrics.js'
import type { V1RouteOptions } from './options.js'

type Query = Readonly<Record<string, QueryValue>>

const last = (v: QueryValue): string | undefined => (v === undefined ? undefined : typeof v === 'string' ? v : v[v.length - 1])

const METRIC_SORT_KEYS: ReadonlySet<string> = new Set(['id', 'name', 'unit', 'creator', 'archive_policy_name', 'resource_id', 'status'])

/** The validated `POST /v1/metric` body. */
interface MetricBody {
  readonly archive_policy_name?: string
  readonly name?: string
  readonly unit?: string
  readonly resource_id?: string
}

const at = (key: string): string => `data['${key}']`

/** voluptuous-style validation of the metric creation body. */
function parseMetricBody(body: unknown): MetricBody {
  const data = body === undefined || body === null ? {} : body
  if (typeof data !== 'object' || Array.isArray(data)) throw invalidInput('expected a dictionary')
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(data)) {
    if (!['archive_policy_name', 'name', 'unit', 'resource_id'].includes(key)) {
      throw invalidInput(`extra keys not allowed @ ${at(key)}`, [key])
    }
    if (typeof value !== 'string') throw invalidInput(`expected str for dictionary value @ ${at(key)}`, [key])
    if (key === 'unit' && value.length > 31) {
      throw invalidInput(`length of value must be at most 31 for dictionary value @ ${at(key)}`, [key])
    }
    out[key] = value
  }
  return out
}

/** The value of a row-filter attribute for a metric and its resource (null when detached). */
function rowAttribute(attribute: string, metric: Metric, resource: ResourceRevision | null): string | null | undefined {
  if (attribute === 'creator') return metric.creator
  // Undefined (never equal) for a detached metric: the resource branch needs a resource.
  if (attribute === 'resource.project_id') return resource === null ? undefined : resource.projectId
  return undefined
}

/**
 * Whether a metric passes a row filter from {@link metricRowFilter}: `creator` equality or
 * `%:<project>` suffix, `resource.project_id` equality.
 */
function rowMatches(node: FilterNode, metric: Metric, resource: ResourceRevision | null): boolean {
  switch (node.kind) {
    case 'or':
      return node.operands.some((o) => rowMatches(o, metric, resource))
    case 'like': {
      const value = rowAttribute(node.attribute, metric, resource)
      return typeof value === 'string' && typeof node.value === 'string' && value.endsWith(node.value.replace(/^%/, ''))
    }
    case 'compare':
      return rowAttribute(node.attribute, metric, resource) === node.value
    default:
      return false
  }
}

/** Registers the metric routes under `/v1`. */
export const metricRoutes: FastifyPluginAsync<V1RouteOptions> = async (app, { services }) => {
  const { index, driver } = services

  async function loadMetric(raw: string): Promise<Metric> {
    const id = parseMetricId(raw)
    const metric = id === null ? null : await index.getMetric(id)
    if (metric === null) throw notFound(`Metric ${raw} does not exist`)
    return metric
  }

  app.post('/metric', { schema: METRIC_ROUTES.create }, async (request, reply) => {
    const body = parseMetricBody(request.body)
    const name = body.name ?? null
    if (name !== null && name.includes('/')) throw badRequest("'/' is not supported in metric name")
    const policyName = body.archive_policy_name ?? resolveArchivePolicyName(await index.listArchivePolicyRules(), name ?? '')
    let resourceId: string | null = null
    if (body.resource_id !== undefined) {
      if (name === null) {
        throw new GnocchiError('INVALID_INPUT', {
          cause: 'Attribute value error',
          detail: 'name',
          reason: 'Name cannot be null if resource_id is not null',
        })
      }
      resourceId = transformResourceId(body.resource_id, request.identity.creator)
      const view = await index.getResource('generic', resourceId)
      // Recommended: 404 for an unknown resource (4.4.2 answers 500).
      if (view === null) throw notFound(`Resource ${resourceId} does not exist`)
      const type = await index.getResourceType(view.resource.type)
      authorize(request.identity, 'update resource', { ...renderResource(view.resource, view.metrics, type) })
    }
    authorize(request.identity, 'create metric', {
      created_by_user_id: request.identity.userId,
      created_by_project_id: request.identity.projectId,
      resource_id: resourceId,
    })
    let metric: Metric
    try {
      metric = await index.createMetric({
        id: randomUUID(),
        archivePolicyName: policyName,
        creator: request.identity.creator,
        name,
        unit: body.unit ?? null,
        resourceId,
      })
    } catch (err) {
      if (isGnocchiError(err) && err.code === 'CONFLICT' && name !== null) {
        throw new GnocchiError('INVALID_INPUT', { cause: 'Named metric already exists', detail: name })
      }
      throw err
    }
    reply.header('location', request.apiUrl(`/v1/metric/${metric.id}`))
    return reply.code(201).send(renderMetricCreated(metric))
  })

  // gnocchi-compat: basic mode lists without asking who calls (no row filter there).
  app.get('/metric', { schema: METRIC_ROUTES.list, config: { identityOnDemand: true } }, async (request, reply) => {
    const query = request.query as Query
    const page = parsePagination(query, {
      maxLimit: app.maxLimit,
      isSortKey: (k) => METRIC_SORT_KEYS.has(k),
      defaultSort: ['id:asc'],
      uniqueKeys: ['id'],
    })
    const status = last(query.status)
    if (status !== undefined && status !== 'active' && status !== 'delete') {
      throw invalidInput(`not a valid value for dictionary value @ ${at('status')}`, ['status'])
    }
    if (status === 'delete') return []
    const row = metricRowFilter(request.identityOrNull, 'list metric')
    const userId = last(query.user_id)
    const projectId = last(query.project_id)
    const creator = userId !== undefined || projectId !== undefined ? `${userId ?? ''}:${projectId ?? ''}` : last(query.creator)
    const id = last(query.id)
    const search: MetricSearch = {
      ...(id !== undefined ? { ids: [parseMetricId(id) ?? id] } : {}),
      ...(last(query.name) !== undefined ? { name: last(query.name) } : {}),
      ...(last(query.unit) !== undefined ? { unit: last(query.unit) } : {}),
      ...(last(query.archive_policy_name) !== undefined ? { archivePolicyName: last(query.archive_policy_name) } : {}),
      ...(creator !== undefined ? { creator } : {}),
      status: 'active',
      ...(row !== null ? { predicate: (m: Metric, r: ResourceRevision | null) => rowMatches(row, m, r) } : {}),
      sort: page.sort.map((s) => ({ key: s.key, dir: s.direction })),
      limit: page.limit,
      ...(page.marker !== null ? { marker: page.marker } : {}),
    }
    const metrics = await index.listMetrics(search)
    const lastMetric = metrics[metrics.length - 1]
    if (lastMetric !== undefined) {
      const link = nextLink(request.selfUrl(), rawQuery(request), {
        count: metrics.length,
        limit: page.limit,
        sortParams: page.sortParams,
        lastMarker: lastMetric.id,
      })
      if (link !== null) reply.header('link', link)
    }
    return renderMetricList(index, metrics)
  })

  app.get<{ Params: { id: string } }>('/metric/:id', { schema: METRIC_ROUTES.get }, async (request) => {
    const metric = await loadMetric(request.params.id)
    const json = await renderMetricDetailed(index, metric)
    authorize(request.identity, 'get metric', { ...json })
    return json
  })

  app.delete<{ Params: { id: string } }>('/metric/:id', { schema: METRIC_ROUTES.delete }, async (request, reply) => {
    const metric = await loadMetric(request.params.id)
    authorize(request.identity, 'delete metric', await metricPolicyTarget(index, metric))
    await index.deleteMetric(metric.id)
    await services.measures.settle([metric.id])
    await driver.series.deleteMetricData(metric.id)
    await index.purgeMetric(metric.id)
    return reply.code(204).send()
  })
}

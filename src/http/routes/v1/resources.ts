/**
 * Resources, `/v1/resource` (gnocchi-rest.md §3.8): the type index, list/create/bulk delete per
 * type, read/patch/delete one resource with conditional requests, its history, and its named
 * metrics (`…/metric`, `…/metric/{name}`; the measures sub-route belongs to the measures module).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { GnocchiError, badRequest, notFound } from '../../../model/errors.js'
import type { Metric } from '../../../model/metric.js'
import type { ResourceType } from '../../../model/resource.js'
import { formatDatetimeUs } from '../../../model/time-format.js'
import type { IndexStore, ResourceMetricEntry, ResourceView } from '../../../storage/index-types.js'
import type { StorageDriver } from '../../../storage/types.js'
import { authorize } from '../../policy/authorize.js'
import { metricPolicyTarget, renderMetricDetailed, renderMetricList } from '../../render/metric.js'
import { renderResource, type ResourceJson } from '../../render/resource.js'
import { parseMetricsMap, parseResourceCreateBody, parseResourcePatchBody, type MetricsContext } from '../../schemas/v1/resource.js'
import { mediaTypeOf } from '../../plugins/body.js'
import { parseBoolParam } from '../../util/bool-param.js'
import { undecodableBody } from '../../util/json-body.js'
import { evaluatePreconditions, resourceEtag, setValidatorHeaders, type Validators } from '../../util/conditional.js'
import { RESOURCE_ROUTES } from '../../schemas/v1/routes/resources.js'
import type { V1RouteOptions } from './options.js'
import { answerResourceQuery, buildSearch, renderViews, requestFilter, requirePathResource, requireResourceType, resourcePagination, setNextLink, type Query } from './resource-listing.js'

interface TypeParams {
  readonly type: string
}
interface ResourceParams extends TypeParams {
  readonly id: string
}
interface MetricParams extends ResourceParams {
  readonly name: string
}

/** `ETag`/`Last-Modified` of a resource: its id and `revision_start` (§1.10). */
export function resourceValidators(view: ResourceView): Validators {
  const r = view.resource
  return { etag: resourceEtag(r.id, formatDatetimeUs(r.revisionStartUs)), lastModifiedUs: r.revisionStartUs }
}

// gnocchi-compat: the literal holds the source line's continuation indent (19 spaces), see gnocchi/rest/api.py ResourcesController.delete.
const EMPTY_DELETE_FILTER = 'caution: the query can not be empty, or it will                   delete entire database'

const isBodyObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Deletes the stored data of deleted metrics, then their index rows. */
async function purgeMetrics(index: IndexStore, driver: StorageDriver, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    await driver.series.deleteMetricData(id)
    await index.purgeMetric(id)
  }
}

/** Registers the resource routes under `/v1`. */
export const resourceRoutes: FastifyPluginAsync<V1RouteOptions> = async (app, { services }) => {
  const { index, driver } = services

  /** The resource named by a path id (transformed with the caller's creator), or 404. */
  async function loadResource(request: FastifyRequest<{ Params: ResourceParams }>): Promise<{ type: ResourceType; view: ResourceView }> {
    return requirePathResource(index, request.params.type, request.params.id, request.identity.creator)
  }

  const render = (view: ResourceView, type: ResourceType): ResourceJson => renderResource(view.resource, view.metrics, type)

  function sendResource(reply: FastifyReply, view: ResourceView, type: ResourceType, status = 200): FastifyReply {
    setValidatorHeaders(reply, resourceValidators(view))
    return reply.code(status).send(render(view, type))
  }

  async function metricsContext(creator: string | null, ownerCreator: string | null, raw: unknown): Promise<MetricsContext> {
    // Rules are only needed for definitions without an archive policy name.
    const needsRules = raw !== null && typeof raw === 'object' && Object.values(raw).some((d) => typeof d === 'object' && d !== null && !('archive_policy_name' in d))
    return { creator, ownerCreator, rules: needsRules ? await index.listArchivePolicyRules() : [] }
  }

  app.get('/resource', { schema: RESOURCE_ROUTES.types, config: { public: true } }, async (request) => {
    const out: Record<string, string> = {}
    for (const t of await index.listResourceTypes()) out[t.name] = request.apiUrl(`/v1/resource/${encodeURIComponent(t.name)}`)
    return out
  })

  // gnocchi-compat: basic mode lists without asking who calls (no row filter there); a bulk
  // delete asks only to read its filter, so one without a filter is a 400 even unauthenticated.
  const onDemand = { config: { identityOnDemand: true } }
  app.get<{ Params: TypeParams }>('/resource/:type', { ...onDemand, schema: RESOURCE_ROUTES.list }, async (request, reply) => {
    const type = await requireResourceType(index, request.params.type)
    return answerResourceQuery(request, reply, index, app.maxLimit, { type, filter: null, rule: 'list resource' })
  })

  app.post<{ Params: TypeParams }>('/resource/:type', { schema: RESOURCE_ROUTES.create }, async (request, reply) => {
    const type = await requireResourceType(index, request.params.type)
    const creator = request.identity.creator
    // gnocchi-compat: the metrics map is validated (and its `'/'`/rule errors raised) while
    // voluptuous walks the body, before missing required keys are reported, see gnocchi/rest/api.py MetricsSchema.
    const rawMetrics = isBodyObject(request.body) ? request.body.metrics : undefined
    const metrics =
      rawMetrics === undefined ? undefined : parseMetricsMap(rawMetrics, ['metrics'], await metricsContext(creator, creator, rawMetrics))
    const parsed = parseResourceCreateBody(request.body, type, creator)
    const body = request.body as Record<string, unknown>
    authorize(request.identity, 'create resource', {
      ...body,
      resource_type: type.name,
      id: parsed.resource.id,
      original_resource_id: parsed.resource.originalResourceId,
    })
    const view = await index.createResource({ ...parsed.resource, ...(metrics !== undefined ? { metrics } : {}) })
    reply.header('location', request.apiUrl(`/v1/resource/${encodeURIComponent(type.name)}/${view.resource.id}`))
    return sendResource(reply, view, type, 201)
  })

  app.delete<{ Params: TypeParams }>(
    '/resource/:type',
    { schema: RESOURCE_ROUTES.bulkDelete, config: { mediaType: 'application/json', optionalBody: true, identityOnDemand: true } },
    async (request) => {
      const type = await requireResourceType(index, request.params.type)
      const filter = requestFilter(request)
      if (filter === null || filter.kind === 'all') throw badRequest(EMPTY_DELETE_FILTER)
      const search = buildSearch(request, { type, filter, rule: 'delete resources' }, false)
      const { deleted, metricIds } = await index.deleteResources(search)
      await purgeMetrics(index, driver, metricIds)
      return { deleted }
    },
  )

  app.get<{ Params: ResourceParams }>('/resource/:type/:id', { schema: RESOURCE_ROUTES.get }, async (request, reply) => {
    const { type, view } = await loadResource(request)
    authorize(request.identity, 'get resource', render(view, type))
    if (evaluatePreconditions('GET', request.headers, resourceValidators(view)) === 'not-modified') {
      return reply.code(304).send()
    }
    return sendResource(reply, view, type)
  })

  // The body is checked after the resource lookup: a PATCH of a missing resource is a 404 whatever its body.
  app.patch<{ Params: ResourceParams }>('/resource/:type/:id', { schema: RESOURCE_ROUTES.patch, config: { optionalBody: true } }, async (request, reply) => {
    const { type, view } = await loadResource(request)
    authorize(request.identity, 'update resource', render(view, type))
    evaluatePreconditions('PATCH', request.headers, resourceValidators(view))
    if (mediaTypeOf(request.headers['content-type']) !== 'application/json') throw new GnocchiError('UNSUPPORTED_MEDIA_TYPE', '')
    // gnocchi-compat: ujson's message for an empty document, see gnocchi/rest/api.py deserialize().
    if (request.body === undefined) throw undecodableBody('Expected object or value')
    const parsed = parseResourcePatchBody(request.body, type)
    let metrics: ResourceMetricEntry[] | undefined
    if (parsed.metricsRaw !== undefined) {
      const ctx = await metricsContext(request.identity.creator, view.resource.creator, parsed.metricsRaw)
      metrics = parseMetricsMap(parsed.metricsRaw, ['metrics'], ctx)
    }
    const update = { ...parsed.update, ...(metrics !== undefined ? { metrics } : {}) }
    if (Object.keys(update).length === 0) return sendResource(reply, view, type)
    const updated = await index.updateResource(type.name, view.resource.id, update)
    return sendResource(reply, updated, type)
  })

  app.delete<{ Params: ResourceParams }>('/resource/:type/:id', { schema: RESOURCE_ROUTES.delete }, async (request, reply) => {
    const { type, view } = await loadResource(request)
    authorize(request.identity, 'delete resource', render(view, type))
    evaluatePreconditions('DELETE', request.headers, resourceValidators(view))
    const metricIds = await index.deleteResource(type.name, view.resource.id)
    await purgeMetrics(index, driver, metricIds)
    return reply.code(204).send()
  })

  app.get<{ Params: ResourceParams }>('/resource/:type/:id/history', { schema: RESOURCE_ROUTES.history }, async (request, reply) => {
    const { type, view } = await loadResource(request)
    authorize(request.identity, 'get resource', render(view, type))
    const query = request.query as Query
    const details = parseBoolParam('details', query.details)
    const page = resourcePagination(query, type, app.maxLimit, true)
    const views = await index.resourceHistory(type.name, view.resource.id, {
      limit: page.limit,
      sort: page.sort.map((s) => ({ key: s.key, dir: s.direction })),
      ...(page.marker !== null ? { marker: page.marker } : {}),
    })
    setNextLink(request, reply, page, views, true)
    return renderViews(index, views, type, details, null)
  })

  app.get<{ Params: ResourceParams }>('/resource/:type/:id/metric', { schema: RESOURCE_ROUTES.metrics }, async (request) => {
    const { type, view } = await loadResource(request)
    authorize(request.identity, 'get resource', render(view, type))
    return renderMetricList(index, view.metrics)
  })

  app.post<{ Params: ResourceParams }>('/resource/:type/:id/metric', { schema: RESOURCE_ROUTES.addMetrics }, async (request) => {
    const { type, view } = await loadResource(request)
    authorize(request.identity, 'update resource', render(view, type))
    const ctx = await metricsContext(request.identity.creator, view.resource.creator, request.body)
    const entries = parseMetricsMap(request.body, [], ctx)
    const metrics = await index.addResourceMetrics(type.name, view.resource.id, entries)
    return renderMetricList(index, metrics)
  })

  /** The named metric of the resource, or 404 `Metric <name> does not exist`. */
  async function loadNamedMetric(request: FastifyRequest<{ Params: MetricParams }>): Promise<Metric> {
    const { view } = await loadResource(request)
    const metric = await index.getResourceMetric(view.resource.id, request.params.name)
    if (metric === null) throw notFound(`Metric ${request.params.name} does not exist`)
    return metric
  }

  app.get<{ Params: MetricParams }>('/resource/:type/:id/metric/:name', { schema: RESOURCE_ROUTES.metric }, async (request) => {
    const metric = await loadNamedMetric(request)
    const json = await renderMetricDetailed(index, metric)
    authorize(request.identity, 'get metric', { ...json })
    return json
  })

  app.delete<{ Params: MetricParams }>('/resource/:type/:id/metric/:name', { schema: RESOURCE_ROUTES.deleteMetric }, async (request, reply) => {
    const metric = await loadNamedMetric(request)
    authorize(request.identity, 'delete metric', await metricPolicyTarget(index, metric))
    await index.deleteMetric(metric.id)
    await purgeMetrics(index, driver, [metric.id])
    return reply.code(204).send()
  })
}

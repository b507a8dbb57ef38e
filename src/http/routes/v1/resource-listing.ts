/**
 * What resource listing (`GET /v1/resource/{type}`), search (`POST /v1/search/resource/{type}`)
 * and history share: the `details`/`history`/`attrs` parameters, pagination with the `Link`
 * header, the policy row filter AND-ed with the client's filter (gnocchi-aggregates.md §7.4),
 * and rendering.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { compileResourceFilter } from '../../../engine/filter/index.js'
import { transformResourceId } from '../../../engine/resource-id.js'
import { filterFromJson, parseFilter, type FilterNode } from '../../../grammar/filter/index.js'
import { notFound } from '../../../model/errors.js'
import type { ResourceRevision, ResourceType } from '../../../model/resource.js'
import type { IndexStore, ResourceSearch, ResourceView } from '../../../storage/index-types.js'
import type { Identity } from '../../policy/identity.js'
import type { PolicyRuleName } from '../../policy/rules.js'
import { resourceRowFilter } from '../../policy/row-filter.js'
import { pickAttrs, renderResource, type ResourceJson } from '../../render/resource.js'
import { rawQuery } from '../../util/base-url.js'
import { parseBoolParam } from '../../util/bool-param.js'
import { nextLink, parsePagination, type Pagination, type QueryValue } from '../../util/pagination.js'

/** A query string as Fastify parses it. */
export type Query = Readonly<Record<string, QueryValue>>

/** Base resource columns usable as sort keys. */
const BASE_SORT_KEYS: ReadonlySet<string> = new Set([
  'id', 'type', 'original_resource_id', 'creator', 'user_id', 'project_id', 'started_at', 'ended_at', 'revision_start', 'revision_end',
])

/** The type, or 404 `Resource type <name> does not exist`. */
export async function requireResourceType(index: IndexStore, name: string): Promise<ResourceType> {
  const type = await index.getResourceType(name)
  if (type === null) throw notFound(`Resource type ${name} does not exist`)
  return type
}

/**
 * The resource a path names: its type (404 when unknown) and current view, the path id transformed
 * with the caller's creator (gnocchi-rest.md §1.8); 404 `Resource <id> does not exist` otherwise.
 */
export async function requirePathResource(
  index: IndexStore,
  typeName: string,
  rawId: string,
  creator: string | null,
): Promise<{ type: ResourceType; view: ResourceView }> {
  const type = await requireResourceType(index, typeName)
  let id: string
  try {
    id = transformResourceId(rawId, creator)
  } catch {
    throw notFound(`Resource ${rawId} does not exist`)
  }
  const view = await index.getResource(type.name, id)
  if (view === null) throw notFound(`Resource ${id} does not exist`)
  return { type, view }
}

/** Parses `limit`/`marker`/`sort` for resources of `type` (history listings also sort by `revision`). */
export function resourcePagination(query: Query, type: ResourceType, maxLimit: number, history: boolean): Pagination {
  return parsePagination(query, {
    maxLimit,
    isSortKey: (key) =>
      BASE_SORT_KEYS.has(key) || (history && key === 'revision') || (type.name !== 'generic' && Object.hasOwn(type.attributes, key)),
    defaultSort: ['revision_start:asc', 'started_at:asc'],
    uniqueKeys: history ? ['id', 'revision'] : ['id'],
  })
}

/** The `attrs` parameter as a list (repeatable), or null when absent. */
export function attrsParam(query: Query): readonly string[] | null {
  const v = query.attrs
  if (v === undefined) return null
  return typeof v === 'string' ? [v] : v
}

/**
 * Renders resource views: with `details`, each one with its own type's attributes (listing
 * `generic` returns hosts with their host attributes); otherwise with the listed type's.
 */
export async function renderViews(
  index: IndexStore,
  views: readonly ResourceView[],
  listed: ResourceType,
  details: boolean,
  attrs: readonly string[] | null,
): Promise<ResourceJson[]> {
  const types = new Map<string, ResourceType | null>([[listed.name, listed]])
  const out: ResourceJson[] = []
  for (const v of views) {
    let type: ResourceType | null = listed
    if (details && v.resource.type !== listed.name) {
      if (!types.has(v.resource.type)) types.set(v.resource.type, await index.getResourceType(v.resource.type))
      type = types.get(v.resource.type) ?? null
    }
    const json = renderResource(v.resource, v.metrics, type)
    out.push(attrs === null ? json : pickAttrs(json, attrs))
  }
  return out
}

/** The keyset marker of a row: its id, or `<id>@<revision>` (current = -1) in history listings. */
export function markerOf(r: ResourceRevision, history: boolean): string {
  if (!history) return r.id
  // gnocchi-compat: the current revision is addressed as -1, see gnocchi/rest/api.py ResourcesController.get_all.
  return `${r.id}@${r.revisionEndUs === null ? -1 : r.revision}`
}

/** Sets `Link: <…>; rel="next"` when the page is full. */
export function setNextLink(request: FastifyRequest, reply: FastifyReply, page: Pagination, views: readonly ResourceView[], history: boolean): void {
  const last = views[views.length - 1]
  if (last === undefined) return
  const link = nextLink(request.selfUrl(), rawQuery(request), {
    count: views.length,
    limit: page.limit,
    sortParams: page.sortParams,
    lastMarker: markerOf(last.resource, history),
  })
  if (link !== null) reply.header('link', link)
}

/** One listing or search request. */
export interface ResourceQuery {
  readonly type: ResourceType
  /** The client's filter; null = everything. */
  readonly filter: FilterNode | null
  /** `list resource` or `search resource`. */
  readonly rule: PolicyRuleName
}

/** Runs a listing or search and answers with the rendered page (and `Link`). */
export async function answerResourceQuery(
  request: FastifyRequest,
  reply: FastifyReply,
  index: IndexStore,
  maxLimit: number,
  q: ResourceQuery,
): Promise<ResourceJson[]> {
  const query = request.query as Query
  const details = parseBoolParam('details', query.details)
  const history = parseBoolParam('history', query.history)
  const attrs = attrsParam(query)
  const page = resourcePagination(query, q.type, maxLimit, history)
  const search = buildSearch(request, q, history)
  const views = await index.searchResources({
    ...search,
    history,
    limit: page.limit,
    sort: page.sort.map((s) => ({ key: s.key, dir: s.direction })),
    ...(page.marker !== null ? { marker: page.marker } : {}),
  })
  setNextLink(request, reply, page, views, history)
  return renderViews(index, views, q.type, details, attrs)
}

/**
 * The client's filter AND-ed with the caller's policy row filter, compiled for `q.type`
 * (`id` values transformed with the caller's creator).
 */
export function buildSearch(request: FastifyRequest, q: ResourceQuery, history: boolean): Pick<ResourceSearch, 'type' | 'predicate' | 'hints'> {
  // Null only for an unauthenticated basic-mode caller of a listing without a client filter
  // (see requestFilter), which Gnocchi serves unfiltered.
  const identity = request.identityOrNull
  const policy = resourceRowFilter(identity, q.rule, q.type.name)
  const parts = [q.filter, policy].filter((f): f is FilterNode => f !== null && f.kind !== 'all')
  if (parts.length === 0) return { type: q.type.name }
  // gnocchi-compat: the policy filter is AND-ed with the user's, see gnocchi/rest/api.py SearchResourceTypeController._search.
  const ast: FilterNode = parts.length === 1 ? parts[0] : { kind: 'and', written: 'and', operands: parts }
  const compiled = compileResourceFilter(ast, {
    resourceType: q.type,
    history,
    nowUs: Date.now() * 1000,
    idTransform: (raw) => transformResourceId(raw, request.identity.creator),
  })
  return { type: q.type.name, predicate: compiled.predicate, hints: compiled.hints }
}

/** The caller; reading it answers 401 to an unauthenticated one (`identityOnDemand` routes). */
function requireCaller(request: FastifyRequest): Identity {
  return request.identity
}

/**
 * The filter of a search or bulk delete: the JSON body when there is one, else the `filter`
 * query parameter (string syntax), else null. A filter needs the caller (401 without one) before
 * it is parsed: Gnocchi builds its filter schema, which transforms ids with the creator, first
 * (gnocchi/rest/api.py ResourceSearchSchema).
 */
export function requestFilter(request: FastifyRequest): FilterNode | null {
  if (request.body !== undefined && request.body !== null) {
    requireCaller(request)
    return filterFromJson(request.body)
  }
  const raw = (request.query as Query).filter
  const text = typeof raw === 'string' ? raw : raw?.[0]
  if (text === undefined || text === '') return null
  requireCaller(request)
  return parseFilter(text)
}

/**
 * The identity matrix as data: one row per (method, route) of the v1 API and of the legacy
 * `/api` routes (a few routes have extra rows for another target), each with a request builder
 * and the status every caller gets, from Gnocchi's default policy (gnocchi-rest.md §1.12) and
 * the legacy rules (legacy-stats-api.md §1.5). Rows marked "reference" were checked against
 * Gnocchi 4.4.2 in basic mode.
 *
 * In basic mode the owner is the user who created P1's objects and the other caller another
 * user; project checks are always false there and list filters are off. In the project modes
 * (jwt, keystone-headers) the owner is a member of P1 and the other caller a member of P2.
 */
import { randomUUID } from 'node:crypto'
import type { HTTPMethods, InjectOptions, LightMyRequestResponse } from 'fastify'
import { expect } from 'vitest'
import { MEASURES, remoteWriteBody, type Fixtures } from './fixtures.js'
import { P1, type ModeName, type Who } from './identities.js'

/** The status each caller gets. */
export type Expected = Readonly<Record<Who, number>>

/** A matrix row. */
export interface MatrixRow {
  readonly method: HTTPMethods
  /** The route as registered (Fastify pattern), for the completeness check. */
  readonly route: string
  /** What the row targets when the route has several rows. */
  readonly variant?: string
  /** Builds one request; destructive rows create their target here, once per caller. */
  readonly request: (f: Fixtures) => InjectOptions | Promise<InjectOptions>
  readonly expect: Expected | ((mode: ModeName) => Expected)
  /** Extra checks of a successful answer: row filters and effects. */
  readonly verify?: (res: LightMyRequestResponse, who: Who, f: Fixtures) => void
}

/** 401 without or with bad credentials; the given statuses for the three members. */
const authed = (admin: number, owner: number, other: number): Expected => ({ admin, owner, other, anonymous: 401, badToken: 401 })
/** The same status for every caller (the route never authenticates). */
const everyone = (status: number): Expected => ({ admin: status, owner: status, other: status, anonymous: status, badToken: status })
/** Admin-only rule (`role:admin`). */
const adminOnly = (status: number): Expected => authed(status, 403, 403)
/** Different expectations in basic mode and in the project modes (jwt, keystone-headers). */
const byMode =
  (basic: Expected, project: Expected) =>
  (mode: ModeName): Expected =>
    mode === 'basic' ? basic : project

const JSON_PATCH = { 'content-type': 'application/json-patch+json' }

/** Ids of a JSON list of objects. */
const idsOf = (res: LightMyRequestResponse, key = 'id'): string[] => res.json<Record<string, string>[]>().map((o) => o[key]!)

/** Asserts which of `candidates` a listing shows. */
function expectVisible(listed: readonly string[], candidates: Readonly<Record<string, string>>, visible: readonly string[], context: string): void {
  const seen = Object.entries(candidates)
    .filter(([, id]) => listed.includes(id))
    .map(([label]) => label)
    .sort()
  expect(seen, context).toEqual([...visible].sort())
}

const resourceCandidates = (f: Fixtures): Record<string, string> => ({ p1: f.p1.resourceId, p2: f.p2.resourceId, adminP1: f.adminP1.resourceId })

/**
 * Resource row filter (list/search): basic mode none (everyone, even unauthenticated, sees all);
 * project modes: the admin all, a member its project's resources (`resource_owner`, whoever
 * created them) and the ones its project created.
 */
function verifyResourceRows(res: LightMyRequestResponse, who: Who, f: Fixtures): void {
  const all = ['adminP1', 'p1', 'p2']
  const visible = f.mode.name === 'basic' || who === 'admin' ? all : who === 'owner' ? ['adminP1', 'p1'] : ['p2']
  expectVisible(idsOf(res), resourceCandidates(f), visible, `resources listed for ${who}`)
}

/**
 * Metric row filter: basic mode none; project modes: the admin all, a member the metrics its
 * project created (standalone ones too, the recommended outer join) and those of its project's
 * resources (`metric_owner`, e.g. the admin's metric on a P1 resource).
 */
function verifyMetricRows(res: LightMyRequestResponse, who: Who, f: Fixtures): void {
  const candidates = {
    p1: f.p1.metricId,
    p1Standalone: f.p1.standaloneMetricId,
    p2: f.p2.metricId,
    p2Standalone: f.p2.standaloneMetricId,
    adminP1: f.adminP1.metricId,
  }
  const all = Object.keys(candidates)
  const visible = f.mode.name === 'basic' || who === 'admin' ? all : who === 'owner' ? ['p1', 'p1Standalone', 'adminP1'] : ['p2', 'p2Standalone']
  expectVisible(idsOf(res), candidates, visible, `metrics listed for ${who}`)
}

/** Legacy alert visibility: admins all; others the alerts of their project (none in basic mode: no project). */
function verifyAlertRows(res: LightMyRequestResponse, who: Who, f: Fixtures): void {
  const candidates = { p1: f.p1.alertUuid, p2: f.p2.alertUuid }
  const visible = who === 'admin' ? ['p1', 'p2'] : f.mode.name === 'basic' ? [] : who === 'owner' ? ['p1'] : ['p2']
  expectVisible(idsOf(res, 'uuid'), candidates, visible, `alerts listed for ${who}`)
}

const resourceUrl = (id: string): string => `/v1/resource/generic/${id}`

// ------------------------------------------------------------------------------------------
// Archive policies, rules, resource types: read by anyone authenticated, written by admins.

const definitionRows: MatrixRow[] = [
  { method: 'GET', route: '/v1/archive_policy', request: () => ({ url: '/v1/archive_policy' }), expect: authed(200, 200, 200) },
  {
    method: 'POST',
    route: '/v1/archive_policy',
    // reference: non-admin → 403 (before the body is validated).
    request: (f) => ({ url: '/v1/archive_policy', payload: { name: f.name('ap-new'), definition: [{ granularity: '1 hour', points: 2 }] } }),
    expect: adminOnly(201),
  },
  { method: 'GET', route: '/v1/archive_policy/:name', request: (f) => ({ url: `/v1/archive_policy/${f.archivePolicy}` }), expect: authed(200, 200, 200) },
  {
    method: 'PATCH',
    route: '/v1/archive_policy/:name',
    request: (f) => ({ url: `/v1/archive_policy/${f.archivePolicy}`, payload: { definition: [{ granularity: '1 hour', points: 48 }] } }),
    expect: adminOnly(200),
  },
  { method: 'DELETE', route: '/v1/archive_policy/:name', request: async (f) => ({ url: `/v1/archive_policy/${await f.freshArchivePolicy()}` }), expect: adminOnly(204) },
  { method: 'GET', route: '/v1/archive_policy_rule', request: () => ({ url: '/v1/archive_policy_rule' }), expect: authed(200, 200, 200) },
  {
    method: 'POST',
    route: '/v1/archive_policy_rule',
    request: (f) => ({ url: '/v1/archive_policy_rule', payload: { name: f.name('rule-new'), metric_pattern: 'new.*', archive_policy_name: f.archivePolicy } }),
    expect: adminOnly(201),
  },
  { method: 'GET', route: '/v1/archive_policy_rule/:name', request: (f) => ({ url: `/v1/archive_policy_rule/${f.rule}` }), expect: authed(200, 200, 200) },
  {
    method: 'PATCH',
    route: '/v1/archive_policy_rule/:name',
    request: async (f) => ({ url: `/v1/archive_policy_rule/${await f.freshRule()}`, payload: { name: f.name('renamed') } }),
    expect: adminOnly(200),
  },
  { method: 'DELETE', route: '/v1/archive_policy_rule/:name', request: async (f) => ({ url: `/v1/archive_policy_rule/${await f.freshRule()}` }), expect: adminOnly(204) },
  // reference: unauthenticated → 401 (`list resource type` is "" but still needs a user).
  { method: 'GET', route: '/v1/resource_type', request: () => ({ url: '/v1/resource_type' }), expect: authed(200, 200, 200) },
  {
    method: 'POST',
    route: '/v1/resource_type',
    request: (f) => ({ url: '/v1/resource_type', payload: { name: f.name('rt_new').replace('-', '_'), attributes: {} } }),
    expect: adminOnly(201),
  },
  { method: 'GET', route: '/v1/resource_type/:name', request: (f) => ({ url: `/v1/resource_type/${f.resourceType}` }), expect: authed(200, 200, 200) },
  {
    method: 'PATCH',
    route: '/v1/resource_type/:name',
    request: async (f) => ({
      url: `/v1/resource_type/${await f.freshResourceType()}`,
      headers: JSON_PATCH,
      payload: [{ op: 'add', path: '/attributes/extra', value: { type: 'string', required: false } }],
    }),
    expect: adminOnly(200),
  },
  { method: 'DELETE', route: '/v1/resource_type/:name', request: async (f) => ({ url: `/v1/resource_type/${await f.freshResourceType()}` }), expect: adminOnly(204) },
]

// ------------------------------------------------------------------------------------------
// Resources.

const resourceRows: MatrixRow[] = [
  // reference: the type index never authenticates.
  { method: 'GET', route: '/v1/resource', request: () => ({ url: '/v1/resource' }), expect: everyone(200) },
  {
    method: 'GET',
    route: '/v1/resource/:type',
    // reference: basic mode lists without asking who calls (200 unauthenticated, no row filter).
    request: () => ({ url: '/v1/resource/generic' }),
    expect: byMode(everyone(200), authed(200, 200, 200)),
    verify: verifyResourceRows,
  },
  // `create resource` is "" : anyone authenticated.
  { method: 'POST', route: '/v1/resource/:type', request: () => ({ url: '/v1/resource/generic', payload: { id: randomUUID(), project_id: P1 } }), expect: authed(201, 201, 201) },
  {
    method: 'DELETE',
    route: '/v1/resource/:type',
    variant: 'filter on a resource the owner created',
    // reference: basic mode has no `delete resources` filter, so any user deletes it.
    request: async (f) => ({ url: '/v1/resource/generic', payload: { '=': { id: (await f.freshResource('owner', P1)).resourceId } } }),
    expect: authed(200, 200, 200),
    verify: (res, who, f) => {
      const deleted = f.mode.name === 'basic' || who !== 'other' ? 1 : 0
      expect(res.json(), `bulk delete by ${who}`).toEqual({ deleted })
    },
  },
  {
    method: 'DELETE',
    route: '/v1/resource/:type',
    variant: "filter on the admin's resource of project P1",
    request: async (f) => ({ url: '/v1/resource/generic', payload: { '=': { id: (await f.freshResource('admin', P1)).resourceId } } }),
    expect: authed(200, 200, 200),
    // `delete resources` is admin_or_creator: being the resource's project is not enough.
    verify: (res, who, f) => expect(res.json(), `bulk delete by ${who}`).toEqual({ deleted: f.mode.name === 'basic' || who === 'admin' ? 1 : 0 }),
  },
  {
    method: 'DELETE',
    route: '/v1/resource/:type',
    variant: 'no filter',
    // reference: the empty-filter 400 comes before any authentication in basic mode.
    request: () => ({ url: '/v1/resource/generic' }),
    expect: byMode(everyone(400), authed(400, 400, 400)),
  },
  { method: 'GET', route: '/v1/resource/:type/:id', request: (f) => ({ url: resourceUrl(f.p1.resourceId) }), expect: authed(200, 200, 403) },
  {
    method: 'GET',
    route: '/v1/resource/:type/:id',
    variant: "admin's resource of project P1",
    // `resource_owner` (project_id) lets the P1 member read it; basic mode has no project.
    request: (f) => ({ url: resourceUrl(f.adminP1.resourceId) }),
    expect: byMode(authed(200, 403, 403), authed(200, 200, 403)),
  },
  { method: 'PATCH', route: '/v1/resource/:type/:id', request: (f) => ({ url: resourceUrl(f.p1.resourceId), payload: { user_id: 'someone' } }), expect: authed(200, 200, 403) },
  {
    method: 'PATCH',
    route: '/v1/resource/:type/:id',
    variant: "admin's resource of project P1",
    // `update resource` is admin_or_creator: the owning project may read, not write.
    request: (f) => ({ url: resourceUrl(f.adminP1.resourceId), payload: { user_id: 'someone' } }),
    expect: authed(200, 403, 403),
  },
  {
    method: 'DELETE',
    route: '/v1/resource/:type/:id',
    // reference: the creator deletes its resource (204), another user gets 403.
    request: async (f) => ({ url: resourceUrl((await f.freshResource('owner', P1)).resourceId) }),
    expect: authed(204, 204, 403),
  },
  {
    method: 'DELETE',
    route: '/v1/resource/:type/:id',
    variant: "admin's resource of project P1",
    request: async (f) => ({ url: resourceUrl((await f.freshResource('admin', P1)).resourceId) }),
    expect: authed(204, 403, 403),
  },
  { method: 'GET', route: '/v1/resource/:type/:id/history', request: (f) => ({ url: `${resourceUrl(f.p1.resourceId)}/history` }), expect: authed(200, 200, 403) },
  {
    method: 'GET',
    route: '/v1/resource/:type/:id/history',
    variant: "admin's resource of project P1",
    request: (f) => ({ url: `${resourceUrl(f.adminP1.resourceId)}/history` }),
    expect: byMode(authed(200, 403, 403), authed(200, 200, 403)),
  },
  { method: 'GET', route: '/v1/resource/:type/:id/metric', request: (f) => ({ url: `${resourceUrl(f.p1.resourceId)}/metric` }), expect: authed(200, 200, 403) },
  {
    method: 'POST',
    route: '/v1/resource/:type/:id/metric',
    request: (f) => ({ url: `${resourceUrl(f.p1.resourceId)}/metric`, payload: { [f.name('extra')]: { archive_policy_name: f.archivePolicy } } }),
    expect: authed(200, 200, 403),
  },
  {
    method: 'POST',
    route: '/v1/resource/:type/:id/metric',
    variant: "admin's resource of project P1",
    request: (f) => ({ url: `${resourceUrl(f.adminP1.resourceId)}/metric`, payload: { [f.name('extra')]: { archive_policy_name: f.archivePolicy } } }),
    expect: authed(200, 403, 403),
  },
  { method: 'GET', route: '/v1/resource/:type/:id/metric/:name', request: (f) => ({ url: `${resourceUrl(f.p1.resourceId)}/metric/cpu` }), expect: authed(200, 200, 403) },
  {
    method: 'GET',
    route: '/v1/resource/:type/:id/metric/:name',
    variant: "admin's metric on a P1 resource",
    // `metric_owner` (the metric's resource's project) in the project modes.
    request: (f) => ({ url: `${resourceUrl(f.adminP1.resourceId)}/metric/cpu` }),
    expect: byMode(authed(200, 403, 403), authed(200, 200, 403)),
  },
  {
    method: 'DELETE',
    route: '/v1/resource/:type/:id/metric/:name',
    request: async (f) => ({ url: `${resourceUrl((await f.freshResource('owner', P1)).resourceId)}/metric/cpu` }),
    expect: authed(204, 204, 403),
  },
  {
    method: 'DELETE',
    route: '/v1/resource/:type/:id/metric/:name',
    variant: "admin's metric on a P1 resource",
    request: async (f) => ({ url: `${resourceUrl((await f.freshResource('admin', P1)).resourceId)}/metric/cpu` }),
    expect: authed(204, 403, 403),
  },
  {
    method: 'GET',
    route: '/v1/resource/:type/:id/metric/:name/measures',
    request: (f) => ({ url: `${resourceUrl(f.p1.resourceId)}/metric/cpu/measures` }),
    expect: authed(200, 200, 403),
  },
  {
    method: 'POST',
    route: '/v1/resource/:type/:id/metric/:name/measures',
    request: (f) => ({ url: `${resourceUrl(f.p1.resourceId)}/metric/cpu/measures`, payload: MEASURES }),
    expect: authed(202, 202, 403),
  },
  {
    method: 'POST',
    route: '/v1/resource/:type/:id/metric/:name/measures',
    variant: "admin's metric on a P1 resource",
    // `post measures` is admin_or_creator: `metric_owner` does not count.
    request: (f) => ({ url: `${resourceUrl(f.adminP1.resourceId)}/metric/cpu/measures`, payload: MEASURES }),
    expect: authed(202, 403, 403),
  },
  {
    method: 'POST',
    route: '/v1/search/resource/:type',
    variant: 'with a filter',
    // reference: a filter needs the caller (401), even in basic mode.
    request: (f) => ({ url: '/v1/search/resource/generic', payload: { in: { id: Object.values(resourceCandidates(f)) } } }),
    expect: authed(200, 200, 200),
    verify: verifyResourceRows,
  },
  {
    method: 'POST',
    route: '/v1/search/resource/:type',
    variant: 'without a filter',
    // reference: 200 unauthenticated in basic mode.
    request: () => ({ url: '/v1/search/resource/generic' }),
    expect: byMode(everyone(200), authed(200, 200, 200)),
    verify: verifyResourceRows,
  },
  // reference: 405 for anyone (the type is looked up, nothing authenticates).
  { method: 'GET', route: '/v1/search/resource/:type', request: () => ({ url: '/v1/search/resource/generic' }), expect: everyone(405) },
]

// ------------------------------------------------------------------------------------------
// Metrics and measures.

const metricRows: MatrixRow[] = [
  // `create metric` is "".
  { method: 'POST', route: '/v1/metric', request: (f) => ({ url: '/v1/metric', payload: { archive_policy_name: f.archivePolicy } }), expect: authed(201, 201, 201) },
  {
    method: 'POST',
    route: '/v1/metric',
    variant: "on the owner's resource",
    // Attaching to a resource checks `update resource` on it.
    request: (f) => ({ url: '/v1/metric', payload: { archive_policy_name: f.archivePolicy, name: f.name('attached'), resource_id: f.p1.resourceId } }),
    expect: authed(201, 201, 403),
  },
  {
    method: 'GET',
    route: '/v1/metric',
    // reference: basic mode lists without asking who calls.
    request: () => ({ url: '/v1/metric' }),
    expect: byMode(everyone(200), authed(200, 200, 200)),
    verify: verifyMetricRows,
  },
  // reference: another user reading a metric → 403.
  { method: 'GET', route: '/v1/metric/:id', request: (f) => ({ url: `/v1/metric/${f.p1.metricId}` }), expect: authed(200, 200, 403) },
  {
    method: 'GET',
    route: '/v1/metric/:id',
    variant: 'standalone metric',
    request: (f) => ({ url: `/v1/metric/${f.p1.standaloneMetricId}` }),
    // The P1 member reads it as a member of the creator's project (`created_by_project_id`).
    expect: authed(200, 200, 403),
  },
  {
    method: 'GET',
    route: '/v1/metric/:id',
    variant: "admin's metric on a P1 resource",
    request: (f) => ({ url: `/v1/metric/${f.adminP1.metricId}` }),
    expect: byMode(authed(200, 403, 403), authed(200, 200, 403)),
  },
  { method: 'DELETE', route: '/v1/metric/:id', request: async (f) => ({ url: `/v1/metric/${await f.freshMetric('owner')}` }), expect: authed(204, 204, 403) },
  {
    method: 'DELETE',
    route: '/v1/metric/:id',
    variant: "admin's metric on a P1 resource",
    request: async (f) => ({ url: `/v1/metric/${(await f.freshResource('admin', P1)).metricId}` }),
    expect: authed(204, 403, 403),
  },
  { method: 'GET', route: '/v1/metric/:id/measures', request: (f) => ({ url: `/v1/metric/${f.p1.metricId}/measures` }), expect: authed(200, 200, 403) },
  {
    method: 'GET',
    route: '/v1/metric/:id/measures',
    variant: "admin's metric on a P1 resource",
    request: (f) => ({ url: `/v1/metric/${f.adminP1.metricId}/measures` }),
    expect: byMode(authed(200, 403, 403), authed(200, 200, 403)),
  },
  { method: 'POST', route: '/v1/metric/:id/measures', request: (f) => ({ url: `/v1/metric/${f.p1.metricId}/measures`, payload: MEASURES }), expect: authed(202, 202, 403) },
  {
    method: 'POST',
    route: '/v1/metric/:id/measures',
    variant: "admin's metric on a P1 resource",
    request: (f) => ({ url: `/v1/metric/${f.adminP1.metricId}/measures`, payload: MEASURES }),
    expect: authed(202, 403, 403),
  },
  {
    method: 'POST',
    route: '/v1/batch/metrics/measures',
    request: (f) => ({ url: '/v1/batch/metrics/measures', payload: { [f.p1.metricId]: MEASURES } }),
    expect: authed(202, 202, 403),
  },
  {
    method: 'POST',
    route: '/v1/batch/metrics/measures',
    variant: 'empty batch',
    // reference: nothing to check, nothing asks who calls in basic mode.
    request: () => ({ url: '/v1/batch/metrics/measures', payload: {} }),
    expect: byMode(everyone(202), authed(202, 202, 202)),
  },
  {
    method: 'POST',
    route: '/v1/batch/resources/metrics/measures',
    request: (f) => ({ url: '/v1/batch/resources/metrics/measures', payload: { [f.p1.resourceId]: { cpu: MEASURES } } }),
    expect: authed(202, 202, 403),
  },
  {
    method: 'POST',
    route: '/v1/aggregates',
    variant: 'metric ids',
    request: (f) => ({ url: '/v1/aggregates', payload: { operations: ['metric', f.p1.metricId, 'mean'] } }),
    expect: authed(200, 200, 403),
  },
  {
    method: 'POST',
    route: '/v1/aggregates',
    variant: 'resource search',
    // Only the `search resource` row filter applies; a member of P2 finds no metric (400).
    request: (f) => ({ url: '/v1/aggregates', payload: { operations: '(metric cpu mean)', resource_type: 'generic', search: { '=': { id: f.p1.resourceId } } } }),
    expect: byMode(authed(200, 200, 200), authed(200, 200, 400)),
  },
  {
    method: 'GET',
    route: '/v1/aggregation/metric',
    request: (f) => ({ url: `/v1/aggregation/metric?metric=${f.p1.metricId}` }),
    expect: authed(200, 200, 403),
  },
  {
    method: 'GET',
    route: '/v1/aggregation/metric',
    variant: 'no metric',
    // reference: 200 [] unauthenticated in basic mode (no metric to check).
    request: () => ({ url: '/v1/aggregation/metric' }),
    expect: byMode(everyone(200), authed(200, 200, 200)),
  },
  { method: 'POST', route: '/v1/aggregation/metric', request: (f) => ({ url: '/v1/aggregation/metric', payload: [f.p1.metricId] }), expect: authed(200, 200, 403) },
  {
    method: 'POST',
    route: '/v1/aggregation/resource/:type/metric/:name',
    // reference: `get metric` on each metric found (403 for another user in basic mode); in the
    // project modes the `search resource` filter leaves a P2 member no metric ([]).
    request: (f) => ({ url: '/v1/aggregation/resource/generic/metric/cpu', payload: { '=': { id: f.p1.resourceId } } }),
    expect: byMode(authed(200, 200, 403), authed(200, 200, 200)),
  },
  {
    method: 'POST',
    route: '/v1/aggregation/resource/:type/metric/:name',
    variant: 'no resource matches',
    // reference: without a filter nor metrics, basic mode asks nobody.
    request: () => ({ url: '/v1/aggregation/resource/generic/metric/no-such-metric' }),
    expect: byMode(everyone(200), authed(200, 200, 200)),
  },
  {
    method: 'POST',
    route: '/v1/search/metric',
    // reference: `search metric` on each metric (403 for another user), 401 unauthenticated.
    request: (f) => ({ url: `/v1/search/metric?metric_id=${f.p1.metricId}`, payload: { '>=': 0 } }),
    expect: authed(200, 200, 403),
  },
  // reference: 405 for anyone.
  { method: 'POST', route: '/v1/aggregation/resource/:type/metric', request: () => ({ url: '/v1/aggregation/resource/generic/metric' }), expect: everyone(405) },
]

// ------------------------------------------------------------------------------------------
// Status, capabilities, push formats.

const otherV1Rows: MatrixRow[] = [
  { method: 'GET', route: '/v1/status', request: () => ({ url: '/v1/status' }), expect: adminOnly(200) },
  { method: 'GET', route: '/v1/capabilities', request: () => ({ url: '/v1/capabilities' }), expect: everyone(200) },
  // reference: the ping never authenticates.
  { method: 'GET', route: '/v1/influxdb/ping', request: () => ({ url: '/v1/influxdb/ping' }), expect: everyone(204) },
  { method: 'HEAD', route: '/v1/influxdb/ping', request: () => ({ url: '/v1/influxdb/ping' }), expect: everyone(204) },
  {
    method: 'POST',
    route: '/v1/influxdb/query',
    // `CREATE DATABASE` is `create resource type`, checked even when the type exists.
    request: (f) => ({ url: `/v1/influxdb/query?q=${encodeURIComponent(`create database ${f.influxType}`)}` }),
    expect: adminOnly(204),
  },
  {
    method: 'POST',
    route: '/v1/influxdb/query',
    variant: 'no query',
    // reference: 204 unauthenticated in basic mode.
    request: () => ({ url: '/v1/influxdb/query' }),
    expect: byMode(everyone(204), authed(204, 204, 204)),
  },
  {
    method: 'POST',
    route: '/v1/influxdb/write',
    variant: "into the owner's resource",
    // An existing resource needs `update resource`, then `post measures` on each metric (a new
    // measurement per request, so each caller writes to a metric it creates).
    request: (f) => ({
      url: '/v1/influxdb/write?db=generic',
      headers: { 'content-type': 'text/plain' },
      payload: `${f.name('m')},host=${f.p1.resourceId} value=1 1704067200000000000\n`,
    }),
    expect: authed(204, 204, 403),
  },
  {
    method: 'POST',
    route: '/v1/influxdb/write',
    variant: 'new resource',
    // `create resource` is "": each caller gets its own resource (the id is scoped by creator).
    request: (f) => ({ url: '/v1/influxdb/write?db=generic', headers: { 'content-type': 'text/plain' }, payload: `cpu,host=${f.name('influx-host')} value=1 1704067200000000000\n` }),
    expect: authed(204, 204, 204),
  },
  {
    method: 'POST',
    route: '/v1/prometheus/write',
    // The `prometheus` type exists: only its creation is admin-only.
    request: (f) => ({ url: '/v1/prometheus/write', headers: { 'content-type': 'application/x-protobuf' }, payload: remoteWriteBody(f.name('job')) }),
    expect: authed(202, 202, 202),
  },
]

// ------------------------------------------------------------------------------------------
// Legacy `/api` routes: DRF's IsAuthenticated (401), staff-only actions (403), project scoping.

/** The GET-only legacy paths: 405 for other methods, 301 without the trailing slash. */
const LEGACY_READS: readonly (readonly [path: string, query: (f: Fixtures) => string, expected: (mode: ModeName) => Expected])[] = [
  ['/api/stats/usage/', () => '?item=cpu', () => authed(200, 200, 200)],
  ['/api/stats/customer/', () => '', () => authed(200, 200, 200)],
  // Staff only.
  ['/api/stats/resource/', (f) => `?auth_url=${encodeURIComponent(f.authUrl)}`, () => authed(200, 403, 403)],
  ['/api/alerts/stats/', () => '', () => authed(200, 200, 200)],
  ['/api/stats/alert/', () => '', () => authed(200, 200, 200)],
  ['/api/stats/alerts/', () => '', () => authed(200, 200, 200)],
]

const OTHER_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'] as const

function legacyRows(): MatrixRow[] {
  const rows: MatrixRow[] = []
  for (const [path, query, expected] of LEGACY_READS) {
    rows.push({ method: 'GET', route: path, request: (f) => ({ url: `${path}${query(f)}` }), expect: expected })
    for (const method of OTHER_METHODS) rows.push({ method, route: path, request: () => ({ url: path }), expect: authed(405, 405, 405) })
    // Django redirects before the view authenticates.
    rows.push({ method: 'GET', route: path.slice(0, -1), request: () => ({ url: path.slice(0, -1) }), expect: everyone(301) })
  }
  // `/api/stats/alerts/<anything>` is the same handler (registered without `$`).
  rows.push({ method: 'GET', route: '/api/stats/alerts/*', request: () => ({ url: '/api/stats/alerts/anything/' }), expect: authed(200, 200, 200) })
  for (const method of OTHER_METHODS) rows.push({ method, route: '/api/stats/alerts/*', request: () => ({ url: '/api/stats/alerts/anything/' }), expect: authed(405, 405, 405) })

  rows.push(
    { method: 'GET', route: '/api/alerts/', request: () => ({ url: '/api/alerts/?page_size=300' }), expect: authed(200, 200, 200), verify: verifyAlertRows },
    {
      method: 'POST',
      route: '/api/alerts/',
      // Validated first (400), then staff only.
      request: (f) => ({ url: '/api/alerts/', payload: { scope: `http://localhost${resourceUrl(f.p1.resourceId)}`, message: 'm', alert_type: f.name('raised'), severity: 'Info' } }),
      expect: authed(201, 403, 403),
    },
    { method: 'GET', route: '/api/alerts', request: () => ({ url: '/api/alerts' }), expect: everyone(301) },
    {
      method: 'GET',
      route: '/api/alerts/:uuid/',
      // Another project's alert is not found (404), as DRF's filtered queryset does.
      request: (f) => ({ url: `/api/alerts/${f.p1.alertUuid}/` }),
      expect: byMode(authed(200, 404, 404), authed(200, 200, 404)),
    },
    { method: 'GET', route: '/api/alerts/:uuid', request: (f) => ({ url: `/api/alerts/${f.p1.alertUuid}` }), expect: everyone(301) },
    {
      method: 'POST',
      route: '/api/alerts/:uuid/close/',
      request: async (f) => ({ url: `/api/alerts/${await f.freshAlert(f.p1.resourceId, false)}/close/` }),
      expect: authed(204, 403, 403),
    },
    {
      method: 'POST',
      route: '/api/alerts/:uuid/acknowledge/',
      request: async (f) => ({ url: `/api/alerts/${await f.freshAlert(f.p1.resourceId, false)}/acknowledge/` }),
      expect: byMode(authed(200, 404, 404), authed(200, 200, 404)),
    },
    {
      method: 'POST',
      route: '/api/alerts/:uuid/cancel_acknowledgment/',
      request: async (f) => ({ url: `/api/alerts/${await f.freshAlert(f.p1.resourceId, true)}/cancel_acknowledgment/` }),
      expect: byMode(authed(200, 404, 404), authed(200, 200, 404)),
    },
  )
  for (const method of ['PUT', 'PATCH', 'DELETE'] as const) rows.push({ method, route: '/api/alerts/', request: () => ({ url: '/api/alerts/' }), expect: authed(405, 405, 405) })
  for (const method of OTHER_METHODS) {
    rows.push({ method, route: '/api/alerts/:uuid/', request: (f) => ({ url: `/api/alerts/${f.p1.alertUuid}/` }), expect: authed(405, 405, 405) })
  }
  for (const action of ['close', 'acknowledge', 'cancel_acknowledgment']) {
    for (const method of ['GET', 'PUT', 'PATCH', 'DELETE'] as const) {
      rows.push({ method, route: `/api/alerts/:uuid/${action}/`, request: (f) => ({ url: `/api/alerts/${f.p1.alertUuid}/${action}/` }), expect: authed(405, 405, 405) })
    }
    rows.push({ method: 'GET', route: `/api/alerts/:uuid/${action}`, request: (f) => ({ url: `/api/alerts/${f.p1.alertUuid}/${action}` }), expect: everyone(301) })
  }
  return rows
}

/** Every row of the matrix. */
export const MATRIX: readonly MatrixRow[] = [...definitionRows, ...resourceRows, ...metricRows, ...otherV1Rows, ...legacyRows()]

/**
 * Routes that answer everyone the same and carry no data of anybody: the version document, the
 * link index (and its redirect), the health and liveness probes, preflights, and what is served
 * under these prefixes (API docs, self-monitoring).
 */
export const PUBLIC_ROUTES: readonly string[] = ['/', '/v1', '/v1/', '/healthcheck', '/livez', '/readyz']
export const PUBLIC_PREFIXES: readonly string[] = ['/docs', '/v1/openapi.json', '/metrics']

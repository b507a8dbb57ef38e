/**
 * The objects the identity matrix reads and writes, created through the API by the mode's own
 * callers: an archive policy, a rule, a resource type (admin); for each project a resource with
 * a `cpu` metric and a standalone metric (created by that project's member); a resource of P1
 * created by the admin (so that "owner project" and "creator" differ); the legacy estate (a
 * customer, the two projects as `project` resources, a cloud) and an alert per project.
 * Destructive rows ask for fresh objects through the `fresh*` helpers.
 */
import { randomUUID } from 'node:crypto'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { compress } from 'snappyjs'
import { WRITE_REQUEST } from '../../../src/http/formats/index.js'
import { ensureLegacyResourceTypes } from '../../../src/legacy/data-model.js'
import type { V1TestApp } from '../../helpers/v1-app.js'
import { ADMIN_PROJECT, P1, P2, memberHeaders, type Headers, type Member, type Mode } from './identities.js'

/** A project's objects. */
export interface Owned {
  /** Generic resource with `project_id` = the project, created by the project's member. */
  readonly resourceId: string
  /** Its `cpu` metric (same creator). */
  readonly metricId: string
  /** A metric without resource created by the project's member. */
  readonly standaloneMetricId: string
  /** A legacy alert scoped to the resource. */
  readonly alertUuid: string
}

/** Everything a matrix row may refer to. */
export interface Fixtures {
  readonly mode: Mode
  readonly app: FastifyInstance
  readonly archivePolicy: string
  readonly rule: string
  readonly resourceType: string
  /** The resource type the InfluxDB query row creates. */
  readonly influxType: string
  /** `auth_url` of the legacy cloud. */
  readonly authUrl: string
  readonly p1: Owned
  readonly p2: Owned
  /** A resource of project P1 created by the admin, with its `cpu` metric (created by the admin too). */
  readonly adminP1: { readonly resourceId: string; readonly metricId: string }
  /** Sends a request as a member (JSON accepted); fails the test on an unexpected status. */
  call(who: Member, options: InjectOptions, expected: number): Promise<LightMyRequestResponse>
  /** A new unique name. */
  name(prefix: string): string
  /** A new generic resource of `project` created by `who`, with a `cpu` metric. */
  freshResource(who: Member, project: string): Promise<{ resourceId: string; metricId: string }>
  /** A new standalone metric created by `who`. */
  freshMetric(who: Member): Promise<string>
  freshArchivePolicy(): Promise<string>
  freshRule(): Promise<string>
  freshResourceType(): Promise<string>
  /** A new open alert scoped to `resourceId`, raised by the admin; acknowledged when asked. */
  freshAlert(resourceId: string, acknowledged: boolean): Promise<string>
}

/** One measure in Gnocchi's JSON form. */
export const MEASURES = [{ timestamp: '2024-01-01T00:00:00', value: 1 }]

/** A Prometheus remote-write body (protobuf `WriteRequest`, snappy block-compressed). */
export function remoteWriteBody(job: string): Buffer {
  const message = WRITE_REQUEST.fromObject({
    timeseries: [{ labels: [{ name: '__name__', value: 'up' }, { name: 'job', value: job }, { name: 'instance', value: 'i1' }], samples: [{ value: 1, timestamp_ms: 1_704_067_200_000 }] }],
  })
  return Buffer.from(compress(WRITE_REQUEST.encode(message).finish()))
}

/** Creates the fixtures of one mode's app. */
export async function buildFixtures(mode: Mode, t: V1TestApp): Promise<Fixtures> {
  const { app } = t
  let counter = 0
  const name = (prefix: string): string => `${prefix}-${++counter}`

  async function call(who: Member, options: InjectOptions, expected: number): Promise<LightMyRequestResponse> {
    const headers: Headers = { accept: 'application/json', ...memberHeaders(mode, who), ...(options.headers as Headers | undefined) }
    const res = await app.inject({ ...options, headers })
    if (res.statusCode !== expected) {
      throw new Error(`fixture ${options.method ?? 'GET'} ${String(options.url)} as ${who}: ${res.statusCode} ${res.body}`)
    }
    return res
  }
  const json = <T>(res: LightMyRequestResponse): T => res.json<T>()

  const archivePolicy = 'matrix-low'
  await call('admin', { method: 'POST', url: '/v1/archive_policy', payload: { name: archivePolicy, definition: [{ granularity: '1 hour', points: 48 }] } }, 201)
  const rule = 'matrix-all'
  await call('admin', { method: 'POST', url: '/v1/archive_policy_rule', payload: { name: rule, metric_pattern: '*', archive_policy_name: archivePolicy } }, 201)
  const resourceType = 'matrix_type'
  await call('admin', { method: 'POST', url: '/v1/resource_type', payload: { name: resourceType, attributes: { host: { type: 'string', required: false } } } }, 201)

  async function freshResource(who: Member, project: string): Promise<{ resourceId: string; metricId: string }> {
    const resourceId = randomUUID()
    const res = await call(
      who,
      {
        method: 'POST',
        url: '/v1/resource/generic',
        payload: { id: resourceId, project_id: project, user_id: `${who}-user`, metrics: { cpu: { archive_policy_name: archivePolicy } } },
      },
      201,
    )
    return { resourceId, metricId: json<{ metrics: { cpu: string } }>(res).metrics.cpu }
  }
  async function freshMetric(who: Member): Promise<string> {
    return json<{ id: string }>(await call(who, { method: 'POST', url: '/v1/metric', payload: { archive_policy_name: archivePolicy } }, 201)).id
  }
  async function freshArchivePolicy(): Promise<string> {
    const n = name('matrix-policy')
    await call('admin', { method: 'POST', url: '/v1/archive_policy', payload: { name: n, definition: [{ granularity: '1 hour', points: 24 }] } }, 201)
    return n
  }
  async function freshRule(): Promise<string> {
    const n = name('matrix-rule')
    await call('admin', { method: 'POST', url: '/v1/archive_policy_rule', payload: { name: n, metric_pattern: `${n}.*`, archive_policy_name: archivePolicy } }, 201)
    return n
  }
  async function freshResourceType(): Promise<string> {
    const n = name('matrix_type').replace('-', '_')
    await call('admin', { method: 'POST', url: '/v1/resource_type', payload: { name: n, attributes: {} } }, 201)
    return n
  }
  async function freshAlert(resourceId: string, acknowledged: boolean): Promise<string> {
    const res = await call(
      'admin',
      {
        method: 'POST',
        url: '/api/alerts/',
        payload: { scope: `http://localhost/v1/resource/generic/${resourceId}`, message: 'disk full', alert_type: name('matrix_alert'), severity: 'Warning' },
      },
      201,
    )
    const uuid = json<{ uuid: string }>(res).uuid
    if (acknowledged) await call('admin', { method: 'POST', url: `/api/alerts/${uuid}/acknowledge/` }, 200)
    return uuid
  }

  // The legacy estate: the projects are `project` resources whose ids are the callers' project ids.
  await ensureLegacyResourceTypes(t.services.index)
  const customerId = randomUUID()
  await call('admin', { method: 'POST', url: '/v1/resource/customer', payload: { id: customerId, name: 'Matrix customer' } }, 201)
  for (const [id, label] of [[P1, 'P1'], [P2, 'P2'], [ADMIN_PROJECT, 'ops']] as const) {
    await call('admin', { method: 'POST', url: '/v1/resource/project', payload: { id, name: label, customer_id: customerId } }, 201)
  }
  const authUrl = 'http://keystone.matrix.test/v3'
  await call('admin', { method: 'POST', url: '/v1/resource/cloud', payload: { id: randomUUID(), auth_url: authUrl, name: 'matrix cloud' } }, 201)

  async function owned(who: Member, project: string): Promise<Owned> {
    const { resourceId, metricId } = await freshResource(who, project)
    await call(who, { method: 'POST', url: `/v1/metric/${metricId}/measures`, payload: MEASURES }, 202)
    return { resourceId, metricId, standaloneMetricId: await freshMetric(who), alertUuid: await freshAlert(resourceId, false) }
  }
  const p1 = await owned('owner', P1)
  const p2 = await owned('other', P2)
  const adminP1 = await freshResource('admin', P1)

  // The prometheus type exists, so non-admins may write (only its creation is admin-only).
  await call('admin', { method: 'POST', url: '/v1/prometheus/write', headers: { 'content-type': 'application/x-protobuf' }, payload: remoteWriteBody('matrix') }, 202)

  return {
    mode,
    app,
    archivePolicy,
    rule,
    resourceType,
    influxType: 'matrix_influx',
    authUrl,
    p1,
    p2,
    adminP1,
    call,
    name,
    freshResource,
    freshMetric,
    freshArchivePolicy,
    freshRule,
    freshResourceType,
    freshAlert,
  }
}

/**
 * Test estate for the legacy routes: the data model registered on a memory index, a series
 * reader over in-memory arrays (the port the server implements over the engine), and a
 * realistic estate (3 customers, 6 project groups, 20 projects, 200 instances with a day of
 * per-minute cpu/memory/storage, 2 clouds with tenants and hypervisor metrics, plus a cloud
 * without tenants, 100 alerts).
 */
import { randomUUID } from 'node:crypto'
import { defaultArchivePolicies } from '../../src/engine/archive-policy/defaults.js'
import { ensureLegacyResourceTypes } from '../../src/legacy/data-model.js'
import type { LegacySeriesReader, SeriesPoints } from '../../src/legacy/series-reader.js'
import type { AttributeValue } from '../../src/model/resource.js'
import { openIndexStore } from '../../src/storage/index/index.js'
import type { IndexStore, StorageDriver } from '../../src/storage/types.js'
import { createMemoryDriver } from '../../src/storage/memory/memory-driver.js'

/** A reader over arrays: binary search of each series' range. */
export class ArraySeriesReader implements LegacySeriesReader {
  readonly series = new Map<string, SeriesPoints>()
  readonly latest = new Map<string, number>()
  calls = 0

  set(metricId: string, points: readonly (readonly [number, number])[]): void {
    this.series.set(metricId, { timestampsUs: Float64Array.from(points.map((p) => p[0] * 1e6)), values: Float64Array.from(points.map((p) => p[1])) })
  }

  readMeans(metricIds: readonly string[], fromUs: number, toUs: number): Promise<Map<string, SeriesPoints>> {
    this.calls++
    const out = new Map<string, SeriesPoints>()
    for (const id of metricIds) {
      const s = this.series.get(id)
      if (s === undefined) continue
      const lo = lowerBound(s.timestampsUs, fromUs)
      const hi = lowerBound(s.timestampsUs, toUs)
      out.set(id, { timestampsUs: s.timestampsUs.subarray(lo, hi), values: s.values.subarray(lo, hi) })
    }
    return Promise.resolve(out)
  }

  readLatest(metricIds: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>()
    for (const id of metricIds) {
      const v = this.latest.get(id)
      if (v !== undefined) out.set(id, v)
    }
    return Promise.resolve(out)
  }
}

function lowerBound(a: Float64Array, x: number): number {
  let lo = 0
  let hi = a.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (a[mid] < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** A memory index with the legacy types and the default policies, and a settable clock (µs). */
export interface TestStore {
  readonly driver: StorageDriver
  readonly index: IndexStore
  readonly reader: ArraySeriesReader
  readonly clock: { us: number }
  close(): Promise<void>
}

/** Opens an empty test store. */
export async function openTestStore(startUs = 1_700_000_000e6): Promise<TestStore> {
  const driver = createMemoryDriver()
  const clock = { us: startUs }
  const index = await openIndexStore(driver.index, { now: () => clock.us })
  for (const p of defaultArchivePolicies()) await index.createArchivePolicy(p)
  await ensureLegacyResourceTypes(index)
  return {
    driver,
    index,
    reader: new ArraySeriesReader(),
    clock,
    async close() {
      await index.close()
      await driver.close()
    },
  }
}

/** Creates a resource; returns its id. */
export async function addResource(
  store: TestStore,
  type: string,
  attributes: Record<string, AttributeValue>,
  extra: { id?: string; projectId?: string | null; startedAtS?: number; endedAtS?: number | null; metrics?: readonly string[] } = {},
): Promise<{ id: string; metrics: Record<string, string> }> {
  const id = extra.id ?? randomUUID()
  const metrics: Record<string, string> = {}
  for (const name of extra.metrics ?? []) metrics[name] = randomUUID()
  await store.index.createResource({
    id,
    type,
    originalResourceId: id,
    creator: 'admin',
    userId: null,
    projectId: extra.projectId ?? null,
    startedAtUs: extra.startedAtS === undefined ? undefined : extra.startedAtS * 1e6,
    endedAtUs: extra.endedAtS === undefined || extra.endedAtS === null ? null : extra.endedAtS * 1e6,
    attributes,
    metrics: Object.entries(metrics).map(([name, mid]) => ({ kind: 'create', name, id: mid, archivePolicyName: 'low', creator: 'admin', unit: null })),
  })
  return { id, metrics }
}

/** Instance attributes required by Ceilometer's type. */
export const vm = (name: string): Record<string, AttributeValue> => ({ display_name: name, flavor_id: 'm1.small', flavor_name: 'm1.small' })

/** Start of the estate's day (UTC midnight), seconds. */
export const DAY0 = 1_699_920_000
export const HOUR = 3600

/** Per-minute value formulas of instance k at minute m of the day. */
export const cpuOf = (k: number, m: number): number => 5 + (k % 10) * 9 + (m % 60) / 6
export const memoryOf = (k: number): number => 512 + (k % 4) * 512
export const diskBytesOf = (k: number): number => (10 + (k % 5)) * 2 ** 30

/** One instance of the big estate. */
export interface EstateInstance {
  readonly k: number
  readonly id: string
  readonly projectIndex: number
  /** Minutes of the day with points: [first, last]. */
  readonly minutes: readonly [number, number]
  readonly metrics: Record<string, string>
}

/** The big estate's ids. */
export interface BigEstate {
  readonly store: TestStore
  readonly customers: { id: string; name: string }[]
  readonly groups: { id: string; customer: number }[]
  readonly projects: { id: string; customer: number; group: number | null }[]
  readonly instances: EstateInstance[]
  readonly clouds: { id: string; authUrl: string }[]
  readonly alertUuids: string[]
}

/**
 * Builds the big estate. Project p belongs to customer p % 3 and, unless p % 4 === 0, to that
 * customer's group p % 2. Instance k runs in project k % 20; instances 180-189 ended at 06:00,
 * 190-199 started at 12:00; the others report all day.
 */
export async function buildBigEstate(): Promise<BigEstate> {
  const store = await openTestStore(DAY0 * 1e6)
  const customers = []
  for (let c = 0; c < 3; c++) {
    const { id } = await addResource(store, 'customer', { name: `Customer ${c}`, abbreviation: `C${c}` }, { startedAtS: DAY0 - 1000 + c })
    customers.push({ id, name: `Customer ${c}` })
  }
  const groups = []
  for (let g = 0; g < 6; g++) {
    const customer = Math.floor(g / 2)
    const { id } = await addResource(store, 'project_group', { name: `Group ${g}`, customer_id: customers[customer].id }, { startedAtS: DAY0 - 900 + g })
    groups.push({ id, customer })
  }
  const projects = []
  for (let p = 0; p < 20; p++) {
    const customer = p % 3
    const group = p % 4 === 0 ? null : customer * 2 + (p % 2)
    const attrs: Record<string, AttributeValue> = { name: `Project ${p}`, customer_id: customers[customer].id }
    if (group !== null) attrs.project_group_id = groups[group].id
    const { id } = await addResource(store, 'project', attrs, { startedAtS: DAY0 - 800 + p })
    projects.push({ id, customer, group })
  }
  const instances: EstateInstance[] = []
  for (let k = 0; k < 200; k++) {
    const ended = k >= 180 && k < 190
    const late = k >= 190
    const minutes: [number, number] = ended ? [0, 359] : late ? [720, 1439] : [0, 1439]
    const { id, metrics } = await addResource(store, 'instance', vm(`vm-${k}`), {
      projectId: projects[k % 20].id,
      startedAtS: DAY0 + minutes[0] * 60,
      endedAtS: ended ? DAY0 + 6 * HOUR : null,
      metrics: ['cpu_util', 'memory.usage', 'disk.usage'],
    })
    const n = minutes[1] - minutes[0] + 1
    const ts = new Float64Array(n)
    const cpu = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      const m = minutes[0] + i
      ts[i] = (DAY0 + m * 60) * 1e6
      cpu[i] = cpuOf(k, m)
    }
    store.reader.series.set(metrics.cpu_util, { timestampsUs: ts, values: cpu })
    store.reader.series.set(metrics['memory.usage'], { timestampsUs: ts, values: new Float64Array(n).fill(memoryOf(k)) })
    store.reader.series.set(metrics['disk.usage'], { timestampsUs: ts, values: new Float64Array(n).fill(diskBytesOf(k)) })
    instances.push({ k, id, projectIndex: k % 20, minutes, metrics })
  }
  const hyperNames = ['vcpus', 'vcpus_used', 'memory_mb', 'memory_mb_used', 'free_ram_mb', 'free_disk_gb'].map((n) => `hypervisor.${n}`)
  const clouds = []
  for (let c = 0; c < 3; c++) {
    const authUrl = `http://keystone-${c}.example:5000/v3`
    const { id, metrics } = await addResource(store, 'cloud', { auth_url: authUrl, name: `Cloud ${c}` }, { metrics: c < 2 ? hyperNames : [] })
    for (const [i, name] of hyperNames.entries()) if (metrics[name] !== undefined) store.reader.latest.set(metrics[name], (c + 1) * 100 + i)
    clouds.push({ id, authUrl })
  }
  // Cloud 0: one tenant per project; cloud 1: two tenants, one with unlimited storage; cloud 2: none.
  for (let p = 0; p < 20; p++) {
    await addResource(store, 'tenant', { cloud_id: clouds[0].id, auth_url: clouds[0].authUrl, quota_vcpu: 20, quota_ram: 51200, quota_storage: 1024000 }, { projectId: projects[p].id })
  }
  await addResource(store, 'tenant', { cloud_id: clouds[1].id, auth_url: clouds[1].authUrl, quota_vcpu: 8, quota_ram: 4096, quota_storage: -1 }, { projectId: projects[0].id })
  await addResource(store, 'tenant', { cloud_id: clouds[1].id, auth_url: clouds[1].authUrl, quota_vcpu: 4, quota_ram: 2048, quota_storage: 500 }, { projectId: projects[1].id })

  // 100 alerts, one per (scope, type): instance k for k < 60, project p for 60-79, customer for 80-99.
  const alertUuids: string[] = []
  const severities = [10, 20, 30, 40]
  for (let a = 0; a < 100; a++) {
    store.clock.us = (DAY0 + a * 600) * 1e6
    const [scopeType, scopeId] = a < 60 ? ['instance', instances[a].id] : a < 80 ? ['project', projects[a - 60].id] : ['customer', customers[a % 3].id]
    const { alert } = await store.index.alerts.raise({
      uuid: randomUUID().replace(/-/g, ''),
      alertType: a < 80 ? 'quota_usage_is_over_threshold' : `customer_alert_${a}`,
      message: `Alert ${a}`,
      severity: severities[a % 4],
      scopeType,
      scopeId,
      context: {},
    })
    alertUuids.push(alert.uuid)
  }
  // Alerts 0-9 closed at their creation + 1 h; 10-19 acknowledged.
  for (let a = 0; a < 20; a++) {
    store.clock.us = (DAY0 + a * 600 + HOUR) * 1e6
    await store.index.alerts.update(alertUuids[a], (x, now) => (a < 10 ? { ...x, closedUs: now } : { ...x, acknowledged: true }))
  }
  store.clock.us = (DAY0 + 86400) * 1e6
  return { store, customers, groups, projects, instances, clouds, alertUuids }
}

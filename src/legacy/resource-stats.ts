/**
 * `GET /api/stats/resource/?auth_url=` (issue 6, legacy-stats-api.md §1.3, §4.4): a cloud's
 * latest hypervisor statistics plus the quota limits summed over the tenants of every cloud
 * with that `auth_url`. Admin only; the caller checks that first.
 */
import { pyFloat, type PyFloat } from '../model/python-json.js'
import type { IndexStore } from '../storage/types.js'
import { LEGACY_TYPES } from './data-model.js'
import { detailError } from './legacy-error.js'
import type { LegacySeriesReader } from './series-reader.js'

/** Configuration of the resource statistics. */
export interface ResourceStatsConfig {
  /** Prefix of the cloud's hypervisor metric names (`hypervisor.vcpus`, …). */
  readonly hypervisorMetricPrefix: string
  /** `cpu_overcommit_ratio` per auth_url (NodeConductor's `OPENSTACK_OVERCOMMIT`); default 1. */
  readonly cpuOvercommit: Readonly<Record<string, number>>
}

/** Defaults: metrics `hypervisor.*`, no overcommit. */
export const DEFAULT_RESOURCE_STATS_CONFIG: ResourceStatsConfig = { hypervisorMetricPrefix: 'hypervisor.', cpuOvercommit: {} }

/** The hypervisor keys of the answer (Nova's `os-hypervisors/statistics` names). */
export const HYPERVISOR_KEYS = ['vcpus', 'vcpus_used', 'memory_mb', 'memory_mb_used', 'free_ram_mb', 'free_disk_gb'] as const

/** Tenant quota attribute → answer key. */
const QUOTA_KEYS = [
  ['quota_vcpu', 'vcpu_quota'],
  ['quota_ram', 'memory_quota'],
  ['quota_storage', 'storage_quota'],
] as const

/** The answer: keys sorted, as the original's ordered dict. */
export type ResourceStats = Readonly<Record<string, number | PyFloat>>

/** Validates the query then computes; throws the legacy 400s. */
export async function resourceStats(
  index: IndexStore,
  reader: LegacySeriesReader,
  config: ResourceStatsConfig,
  authUrl: string | undefined,
): Promise<ResourceStats> {
  if (authUrl === undefined) throw detailError(400, 'GET parameter "auth_url" has to be defined')
  const noCloud = detailError(400, `No clouds with auth url: ${authUrl}`)
  if ((await index.getResourceType(LEGACY_TYPES.cloud)) === null) throw noCloud
  const byAuthUrl = (r: { attributes: Readonly<Record<string, unknown>> }): boolean => r.attributes.auth_url === authUrl
  const clouds = await index.searchResources({ type: LEGACY_TYPES.cloud, sort: [{ key: 'started_at', dir: 'asc' }], predicate: byAuthUrl })
  // gnocchi-compat (legacy): the first cloud row with that auth_url gives the hypervisor figures
  // (every cloud of one endpoint has the same), see legacy-stats-api.md §1.3.
  const cloud = clouds[0]
  if (cloud === undefined) throw noCloud
  const metricIds = new Map<string, string>()
  for (const key of HYPERVISOR_KEYS) {
    const m = cloud.metrics.find((x) => x.name === `${config.hypervisorMetricPrefix}${key}`)
    if (m !== undefined) metricIds.set(key, m.id)
  }
  const latest = metricIds.size === 0 ? new Map<string, number>() : await reader.readLatest([...metricIds.values()])
  const out: Record<string, number | PyFloat> = {}
  for (const key of HYPERVISOR_KEYS) {
    const id = metricIds.get(key)
    // A statistic never reported counts as 0 rather than failing the whole answer.
    out[key] = id === undefined ? 0 : (latest.get(id) ?? 0)
  }
  out.vcpus = (out.vcpus as number) * (config.cpuOvercommit[authUrl] ?? 1)

  const tenants =
    (await index.getResourceType(LEGACY_TYPES.tenant)) === null
      ? []
      : await index.searchResources({ type: LEGACY_TYPES.tenant, predicate: byAuthUrl })
  for (const [attribute, key] of QUOTA_KEYS) {
    let sum = 0
    let unlimited = false
    for (const t of tenants) {
      const v = t.resource.attributes[attribute]
      if (typeof v !== 'number') continue
      if (v === -1) unlimited = true
      sum += v
    }
    // gnocchi-compat (legacy): one unlimited (−1) tenant makes the sum −1; no tenant gives 0.0
    // where the original failed with a 500, see nodeconductor/quotas/models.py get_sum_of_quotas_as_dict.
    out[key] = pyFloat(unlimited ? -1 : sum)
  }
  return Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]]))
}

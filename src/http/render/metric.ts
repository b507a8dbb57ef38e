/**
 * Gnocchi's JSON shapes of a metric (gnocchi-rest.md §2.3). Base fields are always present;
 * the archive policy is either the full object (`archive_policy`) or its name
 * (`archive_policy_name`), the resource either embedded (`resource`, base columns only, or
 * null) or by id (`resource_id`):
 *
 * | Response | policy | resource |
 * |---|---|---|
 * | `POST /v1/metric` (201) | name | id |
 * | `GET /v1/metric/{id}`, `GET …/resource/{t}/{id}/metric/{name}` | object | embedded |
 * | `GET /v1/metric`, `GET/POST …/resource/{t}/{id}/metric`, aggregates `references` | object | id |
 *
 * The pure renderer takes what it embeds; the async helpers fetch it from the index.
 */
import { renderArchivePolicy, type ArchivePolicyJson } from '../../engine/archive-policy/index.js'
import type { ArchivePolicy } from '../../model/archive-policy.js'
import type { Metric } from '../../model/metric.js'
import type { ResourceRevision } from '../../model/resource.js'
import type { IndexStore } from '../../storage/index-types.js'
import { creatorParts, renderResourceBase, type ResourceJson } from './resource.js'

/** A rendered metric. Exactly one key of each pair is present. */
export interface MetricJson {
  readonly id: string
  readonly creator: string | null
  readonly name: string | null
  readonly unit: string | null
  readonly created_by_user_id: string | null
  readonly created_by_project_id: string | null
  readonly archive_policy?: ArchivePolicyJson
  readonly archive_policy_name?: string
  readonly resource?: ResourceJson | null
  readonly resource_id?: string | null
}

/** What to embed; what is left out is rendered by name/id. */
export interface MetricEmbeds {
  /** The metric's policy → `archive_policy`; absent → `archive_policy_name`. */
  readonly archivePolicy?: ArchivePolicy
  /**
   * The metric's resource (its current revision) or null for an unattached metric →
   * `resource`; absent (`undefined`) → `resource_id`.
   */
  readonly resource?: ResourceRevision | null
}

/** Renders a metric; see the module table for which embeds each response uses. */
export function renderMetric(metric: Metric, embeds: MetricEmbeds = {}): MetricJson {
  const parts = creatorParts(metric.creator)
  const out: Record<string, unknown> = {
    id: metric.id,
    creator: metric.creator,
    name: metric.name,
    unit: metric.unit,
    created_by_user_id: parts.userId,
    created_by_project_id: parts.projectId,
  }
  if (embeds.archivePolicy !== undefined) out.archive_policy = renderArchivePolicy(embeds.archivePolicy)
  else out.archive_policy_name = metric.archivePolicyName
  if (embeds.resource !== undefined) out.resource = embeds.resource === null ? null : renderResourceBase(embeds.resource)
  else out.resource_id = metric.resourceId
  return out as unknown as MetricJson
}

/** The policies of `metrics`, fetched once per distinct name. */
async function policiesOf(index: IndexStore, metrics: readonly Metric[]): Promise<Map<string, ArchivePolicy>> {
  const out = new Map<string, ArchivePolicy>()
  for (const m of metrics) {
    if (out.has(m.archivePolicyName)) continue
    const policy = await index.getArchivePolicy(m.archivePolicyName)
    if (policy !== null) out.set(m.archivePolicyName, policy)
  }
  return out
}

/**
 * The list form (`archive_policy` object, `resource_id`), for `GET /v1/metric`, the resource
 * metric routes and aggregates `references`.
 */
export async function renderMetricList(index: IndexStore, metrics: readonly Metric[]): Promise<MetricJson[]> {
  const policies = await policiesOf(index, metrics)
  return metrics.map((m) => renderMetric(m, { archivePolicy: policies.get(m.archivePolicyName) }))
}

/**
 * The detailed form (`archive_policy` object, embedded `resource`), for `GET /v1/metric/{id}`
 * and `GET /v1/resource/{type}/{id}/metric/{name}`.
 */
export async function renderMetricDetailed(index: IndexStore, metric: Metric): Promise<MetricJson> {
  const policy = (await index.getArchivePolicy(metric.archivePolicyName)) ?? undefined
  const resource = metric.resourceId === null ? null : ((await index.getResource('generic', metric.resourceId))?.resource ?? null)
  return renderMetric(metric, { archivePolicy: policy, resource })
}

/** The creation form (`archive_policy_name`, `resource_id`), for `POST /v1/metric`. */
export function renderMetricCreated(metric: Metric): MetricJson {
  return renderMetric(metric)
}

/**
 * The policy target of a metric (gnocchi-rest.md §1.12): its detailed JSON, so rules such as
 * `project_id:%(resource.project_id)s` reach into the embedded resource.
 */
export async function metricPolicyTarget(index: IndexStore, metric: Metric): Promise<Record<string, unknown>> {
  return { ...(await renderMetricDetailed(index, metric)) }
}

/**
 * The in-memory state of the index, derived only from persisted documents: loading, local
 * commits and other processes' changes all go through {@link IndexState.apply}, so the maps and
 * secondary indexes can never disagree with the documents.
 *
 * Document kinds (values are small JSON objects, the model types themselves):
 * - `archive_policy/<name>`: {@link ArchivePolicyDoc}
 * - `archive_policy_rule/<name>`: `ArchivePolicyRule`
 * - `resource_type/<name>`: `ResourceType`
 * - `resource/<id>`: the current `ResourceRevision`
 * - `revision/<id>@<revision>`: a closed `ResourceRevision` (history)
 * - `metric/<id>`: {@link MetricDoc}
 * - `metric_name/<resource id>/<name>`: `{metricId}`; a uniqueness claim written with `ifAbsent`
 *   so two processes cannot attach the same name to one resource. Not needed in memory.
 * - `alert/<uuid>` and `alert_open/…`: legacy alerts, see `alerts-types.ts` ({@link AlertState}).
 */
import type { ArchivePolicy, ArchivePolicyRule } from '../../model/archive-policy.js'
import type { Metric } from '../../model/metric.js'
import type { ResourceRevision, ResourceType } from '../../model/resource.js'
import type { IndexChange } from '../types.js'
import { ALERT_KIND, AlertState } from './alerts-state.js'

/** Document kinds. */
export const KIND = {
  archivePolicy: 'archive_policy',
  rule: 'archive_policy_rule',
  resourceType: 'resource_type',
  resource: 'resource',
  revision: 'revision',
  metric: 'metric',
  metricName: 'metric_name',
} as const

/** A stored archive policy: the policy plus its creation time, for a stable listing order. */
export interface ArchivePolicyDoc {
  readonly policy: ArchivePolicy
  readonly createdAtUs: number
}

/** Metric status: `delete` until the janitor purged its data. */
export type MetricStatus = 'active' | 'delete'

/** A stored metric. */
export interface MetricDoc {
  readonly metric: Metric
  readonly status: MetricStatus
}

/** Key of a history document. */
export const revisionKey = (id: string, revision: number): string => `${id}@${revision}`

/** Key of a metric-name claim. */
export const metricNameKey = (resourceId: string, name: string): string => `${resourceId}/${name}`

/**
 * Value → current revisions map for one column, for candidate selection. It holds the revision
 * objects rather than ids: a scan then touches no other Map (100 k random-key lookups cost
 * more than evaluating a filter on each row).
 */
class ColumnIndex {
  private readonly map = new Map<string | null, Set<ResourceRevision>>()

  add(value: string | null, id: ResourceRevision): void {
    let set = this.map.get(value)
    if (set === undefined) {
      set = new Set()
      this.map.set(value, set)
    }
    set.add(id)
  }

  remove(value: string | null, id: ResourceRevision): void {
    const set = this.map.get(value)
    if (set === undefined) return
    set.delete(id)
    if (set.size === 0) this.map.delete(value)
  }

  get(value: string | null): ReadonlySet<ResourceRevision> | undefined {
    return this.map.get(value)
  }

  size(value: string | null): number {
    return this.map.get(value)?.size ?? 0
  }
}

/** Indexed resource columns. */
export type IndexedColumn = 'type' | 'project_id' | 'user_id' | 'original_resource_id'

/** The maps. Mutated only by {@link IndexState.apply}. */
export class IndexState {
  readonly policies = new Map<string, ArchivePolicyDoc>()
  readonly rules = new Map<string, ArchivePolicyRule>()
  readonly types = new Map<string, ResourceType>()
  /** Current revisions by id. */
  readonly resources = new Map<string, ResourceRevision>()
  /** Closed revisions by resource id, ascending revision. */
  readonly history = new Map<string, ResourceRevision[]>()
  readonly metrics = new Map<string, MetricDoc>()
  /** Active metrics attached to each resource. */
  readonly metricsByResource = new Map<string, Set<Metric>>()
  /** Number of metrics (any status) per archive policy. */
  readonly policyUse = new Map<string, number>()
  /** Ids of metrics in status `delete`. */
  readonly deletedMetrics = new Set<string>()
  /** Legacy alerts (`alert` documents). */
  readonly alerts = new AlertState()
  private readonly columns: Record<IndexedColumn, ColumnIndex> = {
    type: new ColumnIndex(),
    project_id: new ColumnIndex(),
    user_id: new ColumnIndex(),
    original_resource_id: new ColumnIndex(),
  }

  /** Current revisions whose column equals `value`. */
  lookup(column: IndexedColumn, value: string | null): ReadonlySet<ResourceRevision> | undefined {
    return this.columns[column].get(value)
  }

  /** How many current resources have that value (to pick the most selective hint). */
  count(column: IndexedColumn, value: string | null): number {
    return this.columns[column].size(value)
  }

  /** Applies one persisted change. Idempotent for puts. */
  apply(change: IndexChange): void {
    const put = change.op === 'put'
    switch (change.kind) {
      case KIND.archivePolicy:
        if (put) this.policies.set(change.key, change.value as ArchivePolicyDoc)
        else this.policies.delete(change.key)
        return
      case KIND.rule:
        if (put) this.rules.set(change.key, change.value as ArchivePolicyRule)
        else this.rules.delete(change.key)
        return
      case KIND.resourceType:
        if (put) this.types.set(change.key, change.value as ResourceType)
        else this.types.delete(change.key)
        return
      case KIND.resource:
        this.unindexResource(change.key)
        if (put) this.indexResource(change.value as ResourceRevision)
        return
      case KIND.revision:
        this.applyRevision(change)
        return
      case KIND.metric:
        this.unindexMetric(change.key)
        if (put) this.indexMetric(change.value as MetricDoc)
        return
      case ALERT_KIND.alert:
        this.alerts.apply(change)
        return
      default:
        // metric_name claims and unknown kinds carry nothing the maps need.
        return
    }
  }

  private indexResource(r: ResourceRevision): void {
    this.resources.set(r.id, r)
    this.columns.type.add(r.type, r)
    this.columns.project_id.add(r.projectId, r)
    this.columns.user_id.add(r.userId, r)
    this.columns.original_resource_id.add(r.originalResourceId, r)
  }

  private unindexResource(id: string): void {
    const r = this.resources.get(id)
    if (r === undefined) return
    this.resources.delete(id)
    this.columns.type.remove(r.type, r)
    this.columns.project_id.remove(r.projectId, r)
    this.columns.user_id.remove(r.userId, r)
    this.columns.original_resource_id.remove(r.originalResourceId, r)
  }

  private applyRevision(change: IndexChange): void {
    const at = change.key.lastIndexOf('@')
    const id = change.key.slice(0, at)
    const revision = Number(change.key.slice(at + 1))
    const list = (this.history.get(id) ?? []).filter((r) => r.revision !== revision)
    if (change.op === 'put') {
      list.push(change.value as ResourceRevision)
      list.sort((a, b) => a.revision - b.revision)
    }
    if (list.length === 0) this.history.delete(id)
    else this.history.set(id, list)
  }

  private indexMetric(doc: MetricDoc): void {
    const m = doc.metric
    this.metrics.set(m.id, doc)
    this.policyUse.set(m.archivePolicyName, (this.policyUse.get(m.archivePolicyName) ?? 0) + 1)
    if (doc.status === 'delete') {
      this.deletedMetrics.add(m.id)
      return
    }
    if (m.resourceId !== null) {
      let set = this.metricsByResource.get(m.resourceId)
      if (set === undefined) {
        set = new Set()
        this.metricsByResource.set(m.resourceId, set)
      }
      set.add(m)
    }
  }

  private unindexMetric(id: string): void {
    const doc = this.metrics.get(id)
    if (doc === undefined) return
    const m = doc.metric
    this.metrics.delete(id)
    const uses = (this.policyUse.get(m.archivePolicyName) ?? 1) - 1
    if (uses <= 0) this.policyUse.delete(m.archivePolicyName)
    else this.policyUse.set(m.archivePolicyName, uses)
    this.deletedMetrics.delete(id)
    if (m.resourceId !== null) {
      const set = this.metricsByResource.get(m.resourceId)
      set?.delete(m)
      if (set?.size === 0) this.metricsByResource.delete(m.resourceId)
    }
  }

  /** Active metrics attached to a resource. */
  resourceMetrics(resourceId: string): Metric[] {
    const set = this.metricsByResource.get(resourceId)
    return set === undefined ? [] : [...set]
  }

  /** The active metric called `name` on a resource. */
  namedMetric(resourceId: string, name: string): Metric | undefined {
    for (const m of this.metricsByResource.get(resourceId) ?? []) if (m.name === name) return m
    return undefined
  }
}

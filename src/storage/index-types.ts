/**
 * The index contract (architecture.md §3): archive policies, archive policy rules, resource
 * types, resources with revision history, and metrics. One implementation,
 * `storage/index/index-store.ts` (`openIndexStore`), keeps everything in process memory over a
 * driver's `IndexPersistence`; every driver runs the same contract suite
 * (`test/storage/index-contract.ts`).
 *
 * Conventions:
 * - Times are integer microseconds since the Unix epoch.
 * - Reads first catch up with changes committed by other processes, so every process reads its
 *   own and the others' writes.
 * - Writes are durable before they resolve; a failed write changes nothing.
 * - Errors are `GnocchiError`s carrying Gnocchi's exact descriptions.
 * - Returned objects may be shared with the index's maps (not copied, for speed): callers keep
 *   them as they like but must never mutate them (the model types are `readonly`).
 */
import type { ArchivePolicy, ArchivePolicyRule } from '../model/archive-policy.js'
import type { Metric } from '../model/metric.js'
import type { AttributeSchema, AttributeValue, ResourceRevision, ResourceType } from '../model/resource.js'
import type { AlertStore } from './index/alerts-types.js'

/** Sort directions accepted by Gnocchi's pagination (gnocchi-rest.md §1.9). */
export type SortDirection = 'asc' | 'desc' | 'asc-nullsfirst' | 'asc-nullslast' | 'desc-nullsfirst' | 'desc-nullslast'

/** One sort key. `key` is a wire column name (`started_at`, `project_id`, a type attribute, …). */
export interface SortSpec {
  readonly key: string
  readonly dir: SortDirection
}

/** Pagination of a listing. `limit` is already validated and clamped by the caller (≥ 1). */
export interface PageRequest {
  /**
   * Sort keys in priority order; empty = the listing's default sort. The unique key(s) are
   * appended ascending as tie-breakers. A sort key the listing does not know throws
   * `Invalid pagination: \`Sort key supplied is invalid: <key>'`.
   */
  readonly sort?: readonly SortSpec[]
  /** Maximum number of items; undefined = no limit. */
  readonly limit?: number
  /**
   * Keyset marker: the last item of the previous page (metric id, resource id, or
   * `<resource id>@<revision>` with `-1` for the current revision in history listings).
   * Unknown → `Invalid pagination: \`Invalid marker: \`<marker>''`.
   */
  readonly marker?: string
}

/**
 * Allowed values of indexed columns, derived by the engine from a compiled filter: a resource
 * can only match when each present column's value is one of the listed values. The index uses
 * them to pick candidates from its secondary indexes; the predicate stays authoritative.
 */
export interface ResourceHints {
  readonly id?: readonly string[]
  readonly type?: readonly string[]
  readonly project_id?: readonly (string | null)[]
  readonly user_id?: readonly (string | null)[]
  readonly original_resource_id?: readonly string[]
}

/** A compiled resource filter: true when the revision matches. Must be pure and synchronous. */
export type ResourcePredicate = (resource: ResourceRevision) => boolean

/** A resource search or listing (`GET /v1/resource/{type}`, `POST /v1/search/resource/{type}`). */
export interface ResourceSearch extends PageRequest {
  /** Resource type searched: its resources only; `generic` searches every resource. */
  readonly type: string
  readonly predicate?: ResourcePredicate
  readonly hints?: ResourceHints
  /** Include historical revisions (each with its `revisionEndUs`). */
  readonly history?: boolean
}

/** A resource revision with the active metrics currently attached to the resource. */
export interface ResourceView {
  readonly resource: ResourceRevision
  /** Active metrics attached to the resource now (also for historical revisions). */
  readonly metrics: readonly Metric[]
}

/** A new metric, as the index stores it; `id` is chosen by the caller (uuid v4). */
export interface NewMetric {
  readonly id: string
  readonly archivePolicyName: string
  readonly creator: string | null
  readonly name: string | null
  readonly unit: string | null
  readonly resourceId: string | null
}

/** A metric entry of a resource's `metrics` map: attach an existing metric or create one. */
export type ResourceMetricEntry =
  | {
      readonly kind: 'attach'
      readonly name: string
      readonly metricId: string
      /** When set, the metric must have this creator, else `Metric <id> does not exist`. */
      readonly requireCreator?: string | null
    }
  | {
      readonly kind: 'create'
      readonly name: string
      readonly id: string
      readonly archivePolicyName: string
      readonly creator: string | null
      readonly unit: string | null
    }

/** A resource to create. `id` is canonical; type attributes are already validated. */
export interface NewResource {
  readonly id: string
  readonly type: string
  readonly originalResourceId: string
  readonly creator: string | null
  readonly userId: string | null
  readonly projectId: string | null
  /** Defaults to the creation time. */
  readonly startedAtUs?: number
  readonly endedAtUs?: number | null
  readonly attributes: Readonly<Record<string, AttributeValue>>
  /** Metrics to attach or create in the same atomic write. */
  readonly metrics?: readonly ResourceMetricEntry[]
}

/** A resource PATCH: only the fields present are changed. */
export interface ResourceUpdate {
  readonly startedAtUs?: number
  readonly endedAtUs?: number | null
  readonly userId?: string | null
  readonly projectId?: string | null
  readonly attributes?: Readonly<Record<string, AttributeValue>>
  /** When present, replaces the resource's metric set (current ones are detached, not deleted). */
  readonly metrics?: readonly ResourceMetricEntry[]
}

/** A metric listing (`GET /v1/metric`): equality filters, all optional, AND-ed. */
export interface MetricSearch extends PageRequest {
  readonly ids?: readonly string[]
  readonly name?: string
  readonly unit?: string
  readonly archivePolicyName?: string
  readonly creator?: string | null
  readonly resourceId?: string | null
  /** `active` (default) or `delete` (deleted metrics are never listed, so the result is empty). */
  readonly status?: 'active' | 'delete'
  /** Row filter (authorization); receives the metric and its resource, if attached. */
  readonly predicate?: (metric: Metric, resource: ResourceRevision | null) => boolean
}

/** Changes to a resource type's attributes (after the JSON patch was applied by the caller). */
export interface ResourceTypeAttributeChanges {
  /** New attributes, with the value to write into every existing revision (`null` if none). */
  readonly add?: readonly { readonly name: string; readonly schema: AttributeSchema; readonly fill: AttributeValue }[]
  /** Attribute names to drop from the type and every revision. */
  readonly remove?: readonly string[]
}

/** The size of the index, as {@link IndexStore.counts} reports it. */
export interface IndexCounts {
  /** Resources (current revisions; history not counted). */
  readonly resources: number
  /** Active metrics (deleted but not yet purged ones excluded). */
  readonly metrics: number
  readonly archivePolicies: number
}

/** The in-process index. Obtain one with `openIndexStore(persistence)`. */
export interface IndexStore {
  // Archive policies
  /** Creates a normalised policy; 409 `Archive policy <name> already exists`. */
  createArchivePolicy(policy: ArchivePolicy): Promise<ArchivePolicy>
  /** The policy or null. */
  getArchivePolicy(name: string): Promise<ArchivePolicy | null>
  /** Every policy, in creation order. */
  listArchivePolicies(): Promise<ArchivePolicy[]>
  /**
   * Replaces a policy's definition (the engine has checked what may change, §2.5);
   * 404 `Archive policy <name> does not exist`.
   */
  updateArchivePolicy(policy: ArchivePolicy): Promise<ArchivePolicy>
  /**
   * 404 if unknown; 400 `Archive policy <name> is still in use` when a metric (deleted but not
   * yet purged included) or a rule references it.
   */
  deleteArchivePolicy(name: string): Promise<void>
  /** True when a metric (deleted but not purged included) or a rule uses the policy. */
  isArchivePolicyInUse(name: string): Promise<boolean>

  // Archive policy rules
  /** 400 `{cause: 'Archive policy does not exist', detail: <name>}`; 409 `Archive policy rule <name> already exists`. */
  createArchivePolicyRule(rule: ArchivePolicyRule): Promise<ArchivePolicyRule>
  getArchivePolicyRule(name: string): Promise<ArchivePolicyRule | null>
  /** Ordered by `metric_pattern` descending, then `name` ascending: the matching order. */
  listArchivePolicyRules(): Promise<ArchivePolicyRule[]>
  /** 404 if unknown; 400 `Archive policy rule <old> does not support change: Archive policy rule <new> already exists.` */
  renameArchivePolicyRule(name: string, newName: string): Promise<ArchivePolicyRule>
  /** 404 `Archive policy rule <name> does not exist`. */
  deleteArchivePolicyRule(name: string): Promise<void>

  // Resource types
  /** 409 `Resource type <name> already exists` (also for `generic`). */
  createResourceType(type: ResourceType): Promise<ResourceType>
  /** The type or null; `generic` always exists. */
  getResourceType(name: string): Promise<ResourceType | null>
  /** Every type, `name` ascending. */
  listResourceTypes(): Promise<ResourceType[]>
  /**
   * Adds/removes attributes, writing the fill values into (or dropping the names from) every
   * current and historical revision of the type; 404 if unknown.
   */
  updateResourceTypeAttributes(name: string, changes: ResourceTypeAttributeChanges): Promise<ResourceType>
  /** 404 if unknown; 400 `Resource type <name> is still in use` (always for `generic`). */
  deleteResourceType(name: string): Promise<void>

  // Resources
  /**
   * Creates a resource (and its metrics) in one atomic write. 404 unknown type;
   * 409 `Resource <id> already exists` (any type); 400 `Start timestamp cannot be after end
   * timestamp`; metric entry errors as for {@link IndexStore.updateResource}.
   */
  createResource(resource: NewResource): Promise<ResourceView>
  /** The current revision when the resource exists and is of `type` (`generic` = any), else null. */
  getResource(type: string, id: string): Promise<ResourceView | null>
  /**
   * Applies a PATCH. A change of any non-metric field creates a new revision (`revision_start`
   * = now, the previous one closed at now). Metrics, when given, replace the set without a
   * revision. 404 `Resource <id> does not exist`; 400 `Metric <id> does not exist`,
   * 400 `Archive policy <x> does not exist`, 409 `Named metric <name> already exists`,
   * 400 `Value <ended_at> for attribute ended_at on resource type <type> is invalid`.
   */
  updateResource(type: string, id: string, update: ResourceUpdate): Promise<ResourceView>
  /** Adds metrics to a resource (no detaching, no revision); returns all its active metrics. */
  addResourceMetrics(type: string, id: string, entries: readonly ResourceMetricEntry[]): Promise<Metric[]>
  /** Deletes a resource and its history, marks its metrics deleted; 404. Returns the deleted metric ids. */
  deleteResource(type: string, id: string): Promise<string[]>
  /** Bulk delete of every resource matching the search (no pagination); returns the count and deleted metric ids. */
  deleteResources(search: Pick<ResourceSearch, 'type' | 'predicate' | 'hints'>): Promise<{ deleted: number; metricIds: string[] }>
  /**
   * All revisions of a resource (history listing, default sort `revision_start`, `started_at`,
   * then `id`, `revision`), paginated; 404 when absent or not of `type`.
   */
  resourceHistory(type: string, id: string, page: PageRequest): Promise<ResourceView[]>
  /** Search/list resources with sort and keyset pagination (gnocchi-rest.md §1.9). */
  searchResources(search: ResourceSearch): Promise<ResourceView[]>

  // Metrics
  /** Creates a metric; 400 `Archive policy <x> does not exist`; 404 `Resource <id> does not exist`; 409 `Named metric <name> already exists`. */
  createMetric(metric: NewMetric): Promise<Metric>
  /**
   * Batch creation for `create_metrics`: creates the missing named metrics of resources and
   * returns, per input item, the created or already existing active metric (concurrent
   * creation of the same name is tolerated). Resources must exist.
   */
  ensureMetrics(metrics: readonly NewMetric[]): Promise<Metric[]>
  /** The active metric or null. */
  getMetric(id: string): Promise<Metric | null>
  /** Active metrics among `ids` (unknown or deleted ids are skipped), in input order. */
  getMetrics(ids: readonly string[]): Promise<Metric[]>
  /** The active metric called `name` on resource `resourceId`, or null. */
  getResourceMetric(resourceId: string, name: string): Promise<Metric | null>
  /** Lists active metrics (default sort `id` asc; keys `id name unit creator archive_policy_name resource_id status`). */
  listMetrics(search: MetricSearch): Promise<Metric[]>
  /** Marks an active metric deleted and detaches it; 404 `Metric <id> does not exist`. */
  deleteMetric(id: string): Promise<void>
  /** Ids of metrics marked deleted whose data has not been purged yet. */
  listDeletedMetrics(): Promise<string[]>
  /** Removes the row of a deleted metric once its series data is gone (no-op when absent). */
  purgeMetric(id: string): Promise<void>

  // Size (self-monitoring)
  /** How many entries the index holds now; map sizes, no scan. */
  counts(): Promise<IndexCounts>

  // Legacy alerts (legacy-stats-api.md §2), persisted with the index's documents.
  /** The alert store of this index. */
  readonly alerts: AlertStore

  /** Releases the index (reads after close throw). */
  close(): Promise<void>
}

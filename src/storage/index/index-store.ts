/**
 * The in-process index over an `IndexPersistence` (architecture.md §3). Reads catch up with
 * other processes' changes (one coalesced `pollChanges`) and then answer from Maps and
 * secondary indexes. Writes are serialised within the process, computed from the current
 * state, committed (durably, atomically, with `ifAbsent` claims for uniqueness across
 * processes) and only then applied to memory, so a failed commit changes nothing.
 */
import type { ArchivePolicy, ArchivePolicyRule } from '../../model/archive-policy.js'
import { GnocchiError, badRequest, conflict, isGnocchiError, notFound } from '../../model/errors.js'
import type { Metric } from '../../model/metric.js'
import type { AttributeValue, ResourceRevision, ResourceType } from '../../model/resource.js'
import type {
  IndexCounts,
  IndexStore,
  MetricSearch,
  NewMetric,
  NewResource,
  PageRequest,
  ResourceMetricEntry,
  ResourceSearch,
  ResourceTypeAttributeChanges,
  ResourceUpdate,
  ResourceView,
  SortSpec,
} from '../index-types.js'
import type { IndexChange, IndexPersistence } from '../types.js'
import { createAlertStore } from './alerts-store.js'
import type { AlertStore } from './alerts-types.js'
import { KIND, IndexState, metricNameKey, revisionKey, type ArchivePolicyDoc, type MetricDoc } from './index-state.js'
import { compileOrder, invalidMarker, paginate, type ColumnGetter } from './pagination.js'
import { compileHints, resourceCandidates } from './resource-candidates.js'

/** Options of {@link openIndexStore}. */
export interface IndexStoreOptions {
  /** Clock, µs since the epoch (tests inject one). */
  readonly now?: () => number
  /** Attempts of a write whose commit lost an `ifAbsent` race to another process (default 3). */
  readonly conflictRetries?: number
}

/** Builds the index from every persisted document. */
export async function openIndexStore(persistence: IndexPersistence, options: IndexStoreOptions = {}): Promise<IndexStore> {
  const store = new InProcessIndexStore(persistence, options)
  await store.load()
  return store
}

const GENERIC: ResourceType = Object.freeze({ name: 'generic', state: 'active', attributes: Object.freeze({}) })

const DEFAULT_RESOURCE_SORT: readonly SortSpec[] = [
  { key: 'revision_start', dir: 'asc' },
  { key: 'started_at', dir: 'asc' },
]

/** Base resource columns usable as sort keys, by wire name. */
const RESOURCE_COLUMNS: Readonly<Record<string, ColumnGetter<ResourceRevision>>> = {
  id: (r) => r.id,
  type: (r) => r.type,
  original_resource_id: (r) => r.originalResourceId,
  creator: (r) => r.creator,
  user_id: (r) => r.userId,
  project_id: (r) => r.projectId,
  started_at: (r) => r.startedAtUs,
  ended_at: (r) => r.endedAtUs,
  revision_start: (r) => r.revisionStartUs,
  revision_end: (r) => r.revisionEndUs,
}

// gnocchi-compat: in history listings the current revision sorts as revision -1, see
// gnocchi/indexer/sqlalchemy.py list_resources (the union of the resource and history tables).
const revisionColumn: ColumnGetter<ResourceRevision> = (r) => (r.revisionEndUs === null ? -1 : r.revision)

const METRIC_COLUMNS: Readonly<Record<string, ColumnGetter<MetricDoc>>> = {
  id: (d) => d.metric.id,
  name: (d) => d.metric.name,
  unit: (d) => d.metric.unit,
  creator: (d) => d.metric.creator,
  archive_policy_name: (d) => d.metric.archivePolicyName,
  resource_id: (d) => d.metric.resourceId,
  status: (d) => d.status,
}

/** Python's `str(datetime)` of a UTC time: `2000-01-01 00:00:00[.ffffff]+00:00`. */
function pythonDatetime(us: number): string {
  const ms = Math.floor(us / 1000)
  const micros = us - ms * 1000 + (ms % 1000) * 1000
  const iso = new Date(ms - (ms % 1000)).toISOString().slice(0, 19).replace('T', ' ')
  return micros === 0 ? `${iso}+00:00` : `${iso}.${String(micros).padStart(6, '0')}+00:00`
}

function isConflict(e: unknown): boolean {
  return isGnocchiError(e) && e.code === 'CONFLICT'
}

/** A write plan: the changes to commit and the value to return once they are applied. */
interface Plan<T> {
  readonly changes: IndexChange[]
  readonly result: () => T
}

class InProcessIndexStore implements IndexStore {
  private readonly state = new IndexState()
  private readonly now: () => number
  private readonly retries: number
  private writeChain: Promise<unknown> = Promise.resolve()
  private syncInFlight: Promise<void> | null = null
  private syncQueued: Promise<void> | null = null
  private closed = false
  readonly alerts: AlertStore

  constructor(
    private readonly persistence: IndexPersistence,
    options: IndexStoreOptions,
  ) {
    this.now = options.now ?? (() => Math.round((performance.timeOrigin + performance.now()) * 1000))
    this.retries = options.conflictRetries ?? 3
    this.alerts = createAlertStore({
      state: this.state.alerts,
      sync: () => this.sync(),
      write: (plan) => this.write(plan),
      now: () => this.now(),
    })
  }

  async load(): Promise<void> {
    const docs = await this.persistence.loadAll()
    for (const d of docs) this.state.apply({ op: 'put', kind: d.kind, key: d.key, value: d.value })
  }

  // ---------------------------------------------------------------- plumbing

  /**
   * Catches up with other processes. Concurrent callers share one poll; a caller arriving
   * while a poll is in flight waits for the next one, which surely includes every change
   * committed before it arrived.
   */
  private sync(): Promise<void> {
    if (this.closed) return Promise.reject(new GnocchiError('UNAVAILABLE', 'Index is closed'))
    if (this.syncQueued !== null) return this.syncQueued
    if (this.syncInFlight !== null) {
      const start = (): Promise<void> => {
        this.syncQueued = null
        return this.startSync()
      }
      this.syncQueued = this.syncInFlight.then(start, start)
      return this.syncQueued
    }
    return this.startSync()
  }

  private startSync(): Promise<void> {
    const p = this.persistence.pollChanges().then((changes) => {
      for (const c of changes) this.state.apply(c)
    })
    const tracked = p.finally(() => {
      if (this.syncInFlight === tracked) this.syncInFlight = null
    })
    this.syncInFlight = tracked
    return tracked
  }

  /**
   * Runs a write: serialised in this process; `plan` is computed from caught-up state; the
   * commit comes first, memory second. When the commit loses an `ifAbsent` race, catch up and
   * plan again: the new plan then reports the proper error (or succeeds).
   */
  private write<T>(plan: () => Plan<T>): Promise<T> {
    const run = async (): Promise<T> => {
      for (let attempt = 1; ; attempt++) {
        await this.sync()
        const p = plan()
        if (p.changes.length === 0) return p.result()
        try {
          await this.persistence.commit(p.changes)
        } catch (e) {
          if (isConflict(e) && attempt < this.retries) continue
          throw e
        }
        // Changes other processes committed before ours must be applied before ours. Our commit
        // stands even if that poll fails (the next read polls again), so memory must follow it.
        await this.sync().catch(() => undefined)
        for (const c of p.changes) this.state.apply(c)
        return p.result()
      }
    }
    const result = this.writeChain.then(run, run)
    this.writeChain = result.catch(() => undefined)
    return result
  }

  private view(r: ResourceRevision): ResourceView {
    return { resource: r, metrics: this.state.resourceMetrics(r.id) }
  }

  private requireType(name: string): ResourceType {
    const t = name === GENERIC.name ? GENERIC : this.state.types.get(name)
    if (t === undefined) throw notFound(`Resource type ${name} does not exist`)
    return t
  }

  private currentOfType(type: string, id: string): ResourceRevision | undefined {
    const r = this.state.resources.get(id)
    return r !== undefined && (type === GENERIC.name || r.type === type) ? r : undefined
  }

  private requireResource(type: string, id: string): ResourceRevision {
    this.requireType(type)
    const r = this.currentOfType(type, id)
    if (r === undefined) throw notFound(`Resource ${id} does not exist`)
    return r
  }

  private nextTime(after: number): number {
    return Math.max(this.now(), after + 1)
  }

  // ---------------------------------------------------------------- archive policies

  createArchivePolicy(policy: ArchivePolicy): Promise<ArchivePolicy> {
    return this.write(() => {
      if (this.state.policies.has(policy.name)) throw conflict(`Archive policy ${policy.name} already exists`)
      const doc: ArchivePolicyDoc = { policy, createdAtUs: this.now() }
      return {
        changes: [{ op: 'put', kind: KIND.archivePolicy, key: policy.name, value: doc, ifAbsent: true }],
        result: () => this.policyOrThrow(policy.name),
      }
    })
  }

  private policyOrThrow(name: string): ArchivePolicy {
    const doc = this.state.policies.get(name)
    if (doc === undefined) throw notFound(`Archive policy ${name} does not exist`)
    return doc.policy
  }

  async getArchivePolicy(name: string): Promise<ArchivePolicy | null> {
    await this.sync()
    return this.state.policies.get(name)?.policy ?? null
  }

  async listArchivePolicies(): Promise<ArchivePolicy[]> {
    await this.sync()
    return [...this.state.policies.values()]
      .sort((a, b) => a.createdAtUs - b.createdAtUs || (a.policy.name < b.policy.name ? -1 : 1))
      .map((d) => d.policy)
  }

  updateArchivePolicy(policy: ArchivePolicy): Promise<ArchivePolicy> {
    return this.write(() => {
      const old = this.state.policies.get(policy.name)
      if (old === undefined) throw notFound(`Archive policy ${policy.name} does not exist`)
      const doc: ArchivePolicyDoc = { policy, createdAtUs: old.createdAtUs }
      return {
        changes: [{ op: 'put', kind: KIND.archivePolicy, key: policy.name, value: doc }],
        result: () => this.policyOrThrow(policy.name),
      }
    })
  }

  deleteArchivePolicy(name: string): Promise<void> {
    return this.write(() => {
      if (!this.state.policies.has(name)) throw notFound(`Archive policy ${name} does not exist`)
      if (this.policyInUse(name)) throw badRequest(`Archive policy ${name} is still in use`)
      return { changes: [{ op: 'delete', kind: KIND.archivePolicy, key: name }], result: () => undefined }
    })
  }

  private policyInUse(name: string): boolean {
    if ((this.state.policyUse.get(name) ?? 0) > 0) return true
    for (const rule of this.state.rules.values()) if (rule.archivePolicyName === name) return true
    return false
  }

  async isArchivePolicyInUse(name: string): Promise<boolean> {
    await this.sync()
    return this.policyInUse(name)
  }

  // ---------------------------------------------------------------- rules

  createArchivePolicyRule(rule: ArchivePolicyRule): Promise<ArchivePolicyRule> {
    return this.write(() => {
      if (!this.state.policies.has(rule.archivePolicyName)) {
        throw new GnocchiError('INVALID_INPUT', { cause: 'Archive policy does not exist', detail: rule.archivePolicyName })
      }
      if (this.state.rules.has(rule.name)) throw conflict(`Archive policy rule ${rule.name} already exists`)
      const doc: ArchivePolicyRule = { name: rule.name, archivePolicyName: rule.archivePolicyName, metricPattern: rule.metricPattern }
      return {
        changes: [{ op: 'put', kind: KIND.rule, key: rule.name, value: doc, ifAbsent: true }],
        result: () => this.ruleOrThrow(rule.name),
      }
    })
  }

  private ruleOrThrow(name: string): ArchivePolicyRule {
    const rule = this.state.rules.get(name)
    if (rule === undefined) throw notFound(`Archive policy rule ${name} does not exist`)
    return rule
  }

  async getArchivePolicyRule(name: string): Promise<ArchivePolicyRule | null> {
    await this.sync()
    return this.state.rules.get(name) ?? null
  }

  async listArchivePolicyRules(): Promise<ArchivePolicyRule[]> {
    await this.sync()
    // gnocchi-compat: metric_pattern descending then name ascending, which is also the matching
    // order, see gnocchi/indexer/sqlalchemy.py list_archive_policy_rules.
    return [...this.state.rules.values()].sort((a, b) =>
      a.metricPattern !== b.metricPattern ? (a.metricPattern < b.metricPattern ? 1 : -1) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    )
  }

  renameArchivePolicyRule(name: string, newName: string): Promise<ArchivePolicyRule> {
    return this.write(() => {
      const rule = this.ruleOrThrow(name)
      if (newName === name) return { changes: [], result: () => rule }
      if (this.state.rules.has(newName)) {
        throw badRequest(`Archive policy rule ${name} does not support change: Archive policy rule ${newName} already exists.`)
      }
      const doc: ArchivePolicyRule = { ...rule, name: newName }
      return {
        changes: [
          { op: 'put', kind: KIND.rule, key: newName, value: doc, ifAbsent: true },
          { op: 'delete', kind: KIND.rule, key: name },
        ],
        result: () => this.ruleOrThrow(newName),
      }
    })
  }

  deleteArchivePolicyRule(name: string): Promise<void> {
    return this.write(() => {
      this.ruleOrThrow(name)
      return { changes: [{ op: 'delete', kind: KIND.rule, key: name }], result: () => undefined }
    })
  }

  // ---------------------------------------------------------------- resource types

  createResourceType(type: ResourceType): Promise<ResourceType> {
    return this.write(() => {
      if (type.name === GENERIC.name || this.state.types.has(type.name)) {
        throw conflict(`Resource type ${type.name} already exists`)
      }
      const doc: ResourceType = { name: type.name, state: 'active', attributes: type.attributes }
      return {
        changes: [{ op: 'put', kind: KIND.resourceType, key: type.name, value: doc, ifAbsent: true }],
        result: () => this.requireType(type.name),
      }
    })
  }

  async getResourceType(name: string): Promise<ResourceType | null> {
    await this.sync()
    return name === GENERIC.name ? GENERIC : (this.state.types.get(name) ?? null)
  }

  async listResourceTypes(): Promise<ResourceType[]> {
    await this.sync()
    return [GENERIC, ...this.state.types.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  }

  updateResourceTypeAttributes(name: string, changes: ResourceTypeAttributeChanges): Promise<ResourceType> {
    return this.write(() => {
      const type = this.requireType(name)
      const attributes: Record<string, ResourceType['attributes'][string]> = { ...type.attributes }
      const fills: Record<string, AttributeValue> = {}
      const removed: string[] = []
      for (const add of changes.add ?? []) {
        // gnocchi-compat: redefining an existing attribute is silently ignored in 4.4.2, see
        // gnocchi/rest/api.py ResourceTypeController.patch.
        if (add.name in attributes) continue
        attributes[add.name] = add.schema
        fills[add.name] = add.fill
      }
      for (const r of changes.remove ?? []) {
        if (r in attributes) {
          delete attributes[r]
          removed.push(r)
          delete fills[r]
        }
      }
      const out: IndexChange[] = []
      if (name !== GENERIC.name) {
        out.push({ op: 'put', kind: KIND.resourceType, key: name, value: { name, state: 'active', attributes } satisfies ResourceType })
      }
      if (Object.keys(fills).length > 0 || removed.length > 0) {
        const rewrite = (r: ResourceRevision): ResourceRevision => {
          const attrs: Record<string, AttributeValue> = { ...r.attributes, ...fills }
          for (const k of removed) delete attrs[k]
          return { ...r, attributes: attrs }
        }
        for (const r of this.state.resources.values()) {
          if (r.type !== name) continue
          out.push({ op: 'put', kind: KIND.resource, key: r.id, value: rewrite(r) })
          for (const h of this.state.history.get(r.id) ?? []) {
            out.push({ op: 'put', kind: KIND.revision, key: revisionKey(h.id, h.revision), value: rewrite(h) })
          }
        }
      }
      return { changes: out, result: () => this.requireType(name) }
    })
  }

  deleteResourceType(name: string): Promise<void> {
    return this.write(() => {
      this.requireType(name)
      // Types never change, and deleting a resource drops its history, so the current
      // revisions tell whether any revision uses the type.
      if (name === GENERIC.name || this.state.count('type', name) > 0) {
        throw badRequest(`Resource type ${name} is still in use`)
      }
      return { changes: [{ op: 'delete', kind: KIND.resourceType, key: name }], result: () => undefined }
    })
  }

  // ---------------------------------------------------------------- resources

  createResource(input: NewResource): Promise<ResourceView> {
    return this.write(() => {
      this.requireType(input.type)
      if (this.state.resources.has(input.id)) throw conflict(`Resource ${input.id} already exists`)
      const now = this.now()
      const startedAtUs = input.startedAtUs ?? now
      const endedAtUs = input.endedAtUs ?? null
      if (endedAtUs !== null && startedAtUs > endedAtUs) throw badRequest('Start timestamp cannot be after end timestamp')
      const resource: ResourceRevision = {
        id: input.id,
        type: input.type,
        originalResourceId: input.originalResourceId,
        creator: input.creator,
        userId: input.userId,
        projectId: input.projectId,
        startedAtUs,
        endedAtUs,
        revisionStartUs: now,
        revisionEndUs: null,
        revision: 1,
        attributes: { ...input.attributes },
      }
      const changes: IndexChange[] = [{ op: 'put', kind: KIND.resource, key: resource.id, value: resource, ifAbsent: true }]
      changes.push(...this.planMetricEntries(resource.id, input.metrics ?? [], false))
      return { changes, result: () => this.view(this.requireResource(input.type, input.id)) }
    })
  }

  async getResource(type: string, id: string): Promise<ResourceView | null> {
    await this.sync()
    const r = this.currentOfType(type, id)
    return r === undefined ? null : this.view(r)
  }

  updateResource(type: string, id: string, update: ResourceUpdate): Promise<ResourceView> {
    return this.write(() => {
      const current = this.requireResource(type, id)
      const next = {
        ...current,
        startedAtUs: update.startedAtUs ?? current.startedAtUs,
        endedAtUs: update.endedAtUs === undefined ? current.endedAtUs : update.endedAtUs,
        userId: update.userId === undefined ? current.userId : update.userId,
        projectId: update.projectId === undefined ? current.projectId : update.projectId,
        attributes: { ...current.attributes, ...update.attributes },
      }
      // A revision is made only when a given value differs from the stored one (§3.8).
      const changed =
        next.startedAtUs !== current.startedAtUs ||
        next.endedAtUs !== current.endedAtUs ||
        next.userId !== current.userId ||
        next.projectId !== current.projectId ||
        Object.entries(update.attributes ?? {}).some(([k, v]) => (current.attributes[k] ?? null) !== v)
      if (changed && next.endedAtUs !== null && next.startedAtUs > next.endedAtUs) {
        throw badRequest(`Value ${pythonDatetime(next.endedAtUs)} for attribute ended_at on resource type ${current.type} is invalid`)
      }
      const changes: IndexChange[] = []
      if (changed) {
        const now = this.nextTime(current.revisionStartUs)
        const closed: ResourceRevision = { ...current, revisionEndUs: now }
        const revised: ResourceRevision = { ...next, revisionStartUs: now, revisionEndUs: null, revision: current.revision + 1 }
        // The ifAbsent claim on the closed revision makes two processes revising the same
        // resource at once conflict instead of both writing revision n + 1.
        changes.push(
          { op: 'put', kind: KIND.revision, key: revisionKey(id, current.revision), value: closed, ifAbsent: true },
          { op: 'put', kind: KIND.resource, key: id, value: revised },
        )
      }
      if (update.metrics !== undefined) changes.push(...this.planMetricEntries(id, update.metrics, true))
      return { changes, result: () => this.view(this.requireResource(type, id)) }
    })
  }

  addResourceMetrics(type: string, id: string, entries: readonly ResourceMetricEntry[]): Promise<Metric[]> {
    return this.write(() => {
      this.requireResource(type, id)
      return { changes: this.planMetricEntries(id, entries, false), result: () => this.state.resourceMetrics(id) }
    })
  }

  /**
   * Changes that give a resource the metrics of `entries` (detaching the current ones first
   * when `replace`). Throws the Gnocchi error of the first bad entry.
   */
  private planMetricEntries(resourceId: string, entries: readonly ResourceMetricEntry[], replace: boolean): IndexChange[] {
    /** Metric id → its new document. */
    const updated = new Map<string, MetricDoc>()
    const current = this.state.resourceMetrics(resourceId)
    if (replace) {
      for (const m of current) updated.set(m.id, { metric: { ...m, resourceId: null }, status: 'active' })
    }
    /** name → owner after the change, among the resource's active metrics. */
    const owners = new Map<string, string>()
    for (const m of current) if (m.name !== null && !replace) owners.set(m.name, m.id)
    const created = new Set<string>()
    for (const entry of entries) {
      const owner = owners.get(entry.name)
      if (entry.kind === 'attach') {
        const doc = updated.get(entry.metricId) ?? this.state.metrics.get(entry.metricId)
        if (doc === undefined || doc.status !== 'active' || (entry.requireCreator !== undefined && doc.metric.creator !== entry.requireCreator)) {
          throw badRequest(`Metric ${entry.metricId} does not exist`)
        }
        if (owner !== undefined && owner !== entry.metricId) throw conflict(`Named metric ${entry.name} already exists`)
        // A metric attached under another name leaves that name free.
        for (const [n, o] of owners) if (o === entry.metricId) owners.delete(n)
        owners.set(entry.name, entry.metricId)
        updated.set(entry.metricId, { metric: { ...doc.metric, name: entry.name, resourceId }, status: 'active' })
      } else {
        if (!this.state.policies.has(entry.archivePolicyName)) throw badRequest(`Archive policy ${entry.archivePolicyName} does not exist`)
        if (owner !== undefined) throw conflict(`Named metric ${entry.name} already exists`)
        owners.set(entry.name, entry.id)
        created.add(entry.id)
        const metric: Metric = {
          id: entry.id,
          archivePolicyName: entry.archivePolicyName,
          creator: entry.creator,
          name: entry.name,
          unit: entry.unit,
          resourceId,
        }
        updated.set(entry.id, { metric, status: 'active' })
      }
    }
    const changes: IndexChange[] = []
    for (const [metricId, doc] of updated) {
      const old = this.state.metrics.get(metricId)
      if (old !== undefined && sameMetric(old, doc)) continue
      changes.push({ op: 'put', kind: KIND.metric, key: metricId, value: doc, ifAbsent: created.has(metricId) })
    }
    changes.push(...this.nameClaimChanges([...updated.keys()], updated))
    return changes
  }

  /**
   * Claims (`ifAbsent`) the (resource, name) pairs the metrics gain and releases those they
   * lose, so two processes cannot give one resource two active metrics of the same name.
   */
  private nameClaimChanges(metricIds: readonly string[], updated: ReadonlyMap<string, MetricDoc>): IndexChange[] {
    const before = new Map<string, string>()
    const after = new Map<string, string>()
    const claimOf = (d: MetricDoc | undefined): string | null =>
      d !== undefined && d.status === 'active' && d.metric.resourceId !== null && d.metric.name !== null
        ? metricNameKey(d.metric.resourceId, d.metric.name)
        : null
    for (const id of metricIds) {
      const b = claimOf(this.state.metrics.get(id))
      const a = claimOf(updated.get(id))
      if (b !== null) before.set(b, id)
      if (a !== null) after.set(a, id)
    }
    const out: IndexChange[] = []
    for (const [key, id] of after) {
      const previous = before.get(key)
      if (previous === id) continue
      out.push({ op: 'put', kind: KIND.metricName, key, value: { metricId: id }, ifAbsent: previous === undefined })
    }
    for (const key of before.keys()) if (!after.has(key)) out.push({ op: 'delete', kind: KIND.metricName, key })
    return out
  }

  deleteResource(type: string, id: string): Promise<string[]> {
    return this.write(() => {
      const r = this.requireResource(type, id)
      const { changes, metricIds } = this.planResourceDeletion([r])
      return { changes, result: () => metricIds }
    })
  }

  private planResourceDeletion(resources: readonly ResourceRevision[]): { changes: IndexChange[]; metricIds: string[] } {
    const changes: IndexChange[] = []
    const updated = new Map<string, MetricDoc>()
    for (const r of resources) {
      changes.push({ op: 'delete', kind: KIND.resource, key: r.id })
      for (const h of this.state.history.get(r.id) ?? []) changes.push({ op: 'delete', kind: KIND.revision, key: revisionKey(r.id, h.revision) })
      for (const m of this.state.resourceMetrics(r.id)) {
        const doc: MetricDoc = { metric: { ...m, resourceId: null }, status: 'delete' }
        updated.set(m.id, doc)
        changes.push({ op: 'put', kind: KIND.metric, key: m.id, value: doc })
      }
    }
    changes.push(...this.nameClaimChanges([...updated.keys()], updated))
    return { changes, metricIds: [...updated.keys()] }
  }

  deleteResources(search: Pick<ResourceSearch, 'type' | 'predicate' | 'hints'>): Promise<{ deleted: number; metricIds: string[] }> {
    return this.write(() => {
      this.requireType(search.type)
      const rows = this.matchingCurrent(search.type, search)
      const { changes, metricIds } = this.planResourceDeletion(rows)
      return { changes, result: () => ({ deleted: rows.length, metricIds }) }
    })
  }

  private matchingCurrent(type: string, search: Pick<ResourceSearch, 'predicate' | 'hints'>): ResourceRevision[] {
    const out: ResourceRevision[] = []
    const predicate = search.predicate
    const hinted = compileHints(search.hints)
    for (const r of resourceCandidates(this.state, type, search.hints)) {
      if (type !== GENERIC.name && r.type !== type) continue
      if (hinted !== null && !hinted(r)) continue
      if (predicate !== undefined && !predicate(r)) continue
      out.push(r)
    }
    return out
  }

  async resourceHistory(type: string, id: string, page: PageRequest): Promise<ResourceView[]> {
    await this.sync()
    const current = this.requireResource(type, id)
    const rows = [...(this.state.history.get(id) ?? []), current]
    return this.pageResources(this.requireType(type), rows, page, true)
  }

  async searchResources(search: ResourceSearch): Promise<ResourceView[]> {
    await this.sync()
    const type = this.requireType(search.type)
    const history = search.history === true
    const rows = this.matchingCurrent(search.type, search)
    if (history) {
      const hinted = compileHints(search.hints)
      // History rows match on their own values, so a resource whose current revision does not
      // match may still contribute past revisions: scan every resource with history.
      for (const [id, revisions] of this.state.history) {
        const r = this.state.resources.get(id)
        if (r === undefined || (search.type !== GENERIC.name && r.type !== search.type)) continue
        for (const h of revisions) {
          if (hinted !== null && !hinted(h)) continue
          if (search.predicate !== undefined && !search.predicate(h)) continue
          rows.push(h)
        }
      }
    }
    return this.pageResources(type, rows, search, history)
  }

  private pageResources(type: ResourceType, rows: ResourceRevision[], page: PageRequest, history: boolean): ResourceView[] {
    const columns = (key: string): ColumnGetter<ResourceRevision> | undefined => {
      const base = RESOURCE_COLUMNS[key]
      if (base !== undefined) return base
      if (history && key === 'revision') return revisionColumn
      if (type.name !== GENERIC.name && Object.hasOwn(type.attributes, key)) return (r) => r.attributes[key] ?? null
      return undefined
    }
    const order = compileOrder(page.sort, DEFAULT_RESOURCE_SORT, history ? ['id', 'revision'] : ['id'], columns)
    const markerRow = page.marker === undefined ? undefined : this.resourceMarkerRow(type, page.marker, history)
    return paginate(rows, order, markerRow, page.limit).map((r) => this.view(r))
  }

  private resourceMarkerRow(type: ResourceType, marker: string, history: boolean): ResourceRevision {
    let id = marker
    let revision = -1
    if (history) {
      const at = marker.lastIndexOf('@')
      if (at < 0) throw invalidMarker(marker)
      id = marker.slice(0, at)
      const text = marker.slice(at + 1)
      revision = Number(text)
      if (!/^-?\d+$/.test(text)) throw invalidMarker(marker)
    }
    const current = this.currentOfType(type.name, id)
    if (current === undefined) throw invalidMarker(marker)
    if (revision === -1) return current
    const h = this.state.history.get(id)?.find((r) => r.revision === revision)
    if (h === undefined) throw invalidMarker(marker)
    return h
  }

  // ---------------------------------------------------------------- metrics

  createMetric(metric: NewMetric): Promise<Metric> {
    return this.write(() => {
      const changes = this.planNewMetric(metric)
      return { changes, result: () => this.metricOrThrow(metric.id) }
    })
  }

  private planNewMetric(metric: NewMetric): IndexChange[] {
    if (!this.state.policies.has(metric.archivePolicyName)) throw badRequest(`Archive policy ${metric.archivePolicyName} does not exist`)
    if (this.state.metrics.has(metric.id)) throw conflict(`Metric ${metric.id} already exists`)
    if (metric.resourceId !== null) {
      if (!this.state.resources.has(metric.resourceId)) throw notFound(`Resource ${metric.resourceId} does not exist`)
      if (metric.name !== null && this.state.namedMetric(metric.resourceId, metric.name) !== undefined) {
        throw conflict(`Named metric ${metric.name} already exists`)
      }
    }
    const doc: MetricDoc = {
      metric: {
        id: metric.id,
        archivePolicyName: metric.archivePolicyName,
        creator: metric.creator,
        name: metric.name,
        unit: metric.unit,
        resourceId: metric.resourceId,
      },
      status: 'active',
    }
    return [
      { op: 'put', kind: KIND.metric, key: metric.id, value: doc, ifAbsent: true },
      ...this.nameClaimChanges([metric.id], new Map([[metric.id, doc]])),
    ]
  }

  private metricOrThrow(id: string): Metric {
    const doc = this.state.metrics.get(id)
    if (doc === undefined || doc.status !== 'active') throw notFound(`Metric ${id} does not exist`)
    return doc.metric
  }

  ensureMetrics(metrics: readonly NewMetric[]): Promise<Metric[]> {
    return this.write(() => {
      const changes: IndexChange[] = []
      const planned = new Map<string, string>()
      const ids: string[] = []
      for (const m of metrics) {
        const existing = m.resourceId !== null && m.name !== null ? this.state.namedMetric(m.resourceId, m.name) : undefined
        const key = m.resourceId !== null && m.name !== null ? metricNameKey(m.resourceId, m.name) : null
        const already = key === null ? undefined : planned.get(key)
        if (existing !== undefined) ids.push(existing.id)
        else if (already !== undefined) ids.push(already)
        else {
          changes.push(...this.planNewMetric(m))
          if (key !== null) planned.set(key, m.id)
          ids.push(m.id)
        }
      }
      return { changes, result: () => ids.map((id) => this.metricOrThrow(id)) }
    })
  }

  async getMetric(id: string): Promise<Metric | null> {
    await this.sync()
    const doc = this.state.metrics.get(id)
    return doc !== undefined && doc.status === 'active' ? doc.metric : null
  }

  async getMetrics(ids: readonly string[]): Promise<Metric[]> {
    await this.sync()
    const out: Metric[] = []
    for (const id of ids) {
      const doc = this.state.metrics.get(id)
      if (doc !== undefined && doc.status === 'active') out.push(doc.metric)
    }
    return out
  }

  async getResourceMetric(resourceId: string, name: string): Promise<Metric | null> {
    await this.sync()
    return this.state.namedMetric(resourceId, name) ?? null
  }

  async listMetrics(search: MetricSearch): Promise<Metric[]> {
    await this.sync()
    const order = compileOrder<MetricDoc>(search.sort, [{ key: 'id', dir: 'asc' }], ['id'], (k) => METRIC_COLUMNS[k])
    let markerRow: MetricDoc | undefined
    if (search.marker !== undefined) {
      markerRow = this.state.metrics.get(search.marker)
      if (markerRow === undefined) throw invalidMarker(search.marker)
    }
    // Deleted metrics are never listed (§2.3), so `status=delete` is always empty.
    if (search.status === 'delete') return []
    let candidates: Iterable<string>
    if (search.ids !== undefined) candidates = new Set(search.ids)
    else if (search.resourceId !== undefined && search.resourceId !== null) candidates = [...(this.state.metricsByResource.get(search.resourceId) ?? [])].map((m) => m.id)
    else candidates = this.state.metrics.keys()
    const rows: MetricDoc[] = []
    for (const id of candidates) {
      const doc = this.state.metrics.get(id)
      if (doc === undefined || doc.status !== 'active') continue
      const m = doc.metric
      if (search.name !== undefined && m.name !== search.name) continue
      if (search.unit !== undefined && m.unit !== search.unit) continue
      if (search.archivePolicyName !== undefined && m.archivePolicyName !== search.archivePolicyName) continue
      if (search.creator !== undefined && m.creator !== search.creator) continue
      if (search.resourceId !== undefined && m.resourceId !== search.resourceId) continue
      if (search.predicate !== undefined) {
        const resource = m.resourceId === null ? null : (this.state.resources.get(m.resourceId) ?? null)
        if (!search.predicate(m, resource)) continue
      }
      rows.push(doc)
    }
    return paginate(rows, order, markerRow, search.limit).map((d) => d.metric)
  }

  deleteMetric(id: string): Promise<void> {
    return this.write(() => {
      const metric = this.metricOrThrow(id)
      const doc: MetricDoc = { metric: { ...metric, resourceId: null }, status: 'delete' }
      return {
        changes: [{ op: 'put', kind: KIND.metric, key: id, value: doc }, ...this.nameClaimChanges([id], new Map([[id, doc]]))],
        result: () => undefined,
      }
    })
  }

  async listDeletedMetrics(): Promise<string[]> {
    await this.sync()
    return [...this.state.deletedMetrics]
  }

  purgeMetric(id: string): Promise<void> {
    return this.write(() => {
      const doc = this.state.metrics.get(id)
      if (doc === undefined || doc.status !== 'delete') return { changes: [], result: () => undefined }
      return { changes: [{ op: 'delete', kind: KIND.metric, key: id }], result: () => undefined }
    })
  }

  async counts(): Promise<IndexCounts> {
    await this.sync()
    const { resources, metrics, deletedMetrics, policies } = this.state
    return { resources: resources.size, metrics: metrics.size - deletedMetrics.size, archivePolicies: policies.size }
  }

  async close(): Promise<void> {
    await this.writeChain
    this.closed = true
  }
}

function sameMetric(a: MetricDoc, b: MetricDoc): boolean {
  return (
    a.status === b.status &&
    a.metric.name === b.metric.name &&
    a.metric.resourceId === b.metric.resourceId &&
    a.metric.archivePolicyName === b.metric.archivePolicyName &&
    a.metric.unit === b.metric.unit &&
    a.metric.creator === b.metric.creator
  )
}

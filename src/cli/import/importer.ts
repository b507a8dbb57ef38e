/**
 * `polenta import`: copies a Gnocchi deployment, read through its REST API, into the local
 * storage, in dependency order — archive policies, archive policy rules, resource types,
 * resources, metrics, then the measures of every metric.
 *
 * Every step compares with what the target already holds, so running the import again gives
 * the same state: equal objects are left alone, resources that differ are updated to the
 * source's values, and definitions that cannot be changed in place (a policy, rule, type or
 * metric of the same name or id with another definition) are reported as conflicts and left as
 * they are. Measures are the source's aggregates for every (method, granularity) of the metric's
 * policy, stored as the metric's series (`replaceAggregates`), so every read afterwards answers
 * what the source answered.
 */
import { type AggregatedSeries, replaceAggregates } from '../../engine/ingest/replace-aggregates.js'
import type { ArchivePolicy } from '../../model/archive-policy.js'
import type { ResourceType } from '../../model/resource.js'
import type { IndexStore, NewMetric, NewResource, ResourceUpdate } from '../../storage/index-types.js'
import type { SeriesStore } from '../../storage/types.js'
import { forEachLimited } from './concurrency.js'
import type { ImportProgress } from './progress.js'
import type { SourceClient } from './source-client.js'
import {
  policyFingerprint,
  readArchivePolicy,
  readArchivePolicyRule,
  readMeasureRows,
  readMetric,
  readResource,
  readResourceType,
  resourceTypeFingerprint,
} from './source-objects.js'

/** How to import. */
export interface ImportOptions {
  /** Import the measures (aggregates) of the metrics. */
  readonly includeMeasures: boolean
  /** Source requests in flight at once. */
  readonly concurrency: number
  /** Items per listing page (the source clamps it to its `max_limit`). */
  readonly pageSize: number
  /** Ask the source to process pending measures before answering (`refresh=true`). */
  readonly refresh: boolean
}

/** Per kind of object: what happened to each. */
export interface Tally {
  created: number
  updated: number
  unchanged: number
  conflicts: number
  failed: number
}

/** Something the import could not do, or chose not to do. */
export interface ImportIssue {
  /** `conflict`: the target holds another definition; `failed`: an error; `skipped`: not importable. */
  readonly kind: 'conflict' | 'failed' | 'skipped'
  /** `archive policy low`, `resource 5a…`, `metric 1b… mean@0.5s`. */
  readonly subject: string
  readonly message: string
}

/** What an import did. */
export interface ImportSummary {
  readonly archivePolicies: Tally
  readonly archivePolicyRules: Tally
  readonly resourceTypes: Tally
  readonly resources: Tally
  readonly metrics: Tally
  readonly measures: { metrics: number; series: number; points: number; failed: number }
  readonly issues: ImportIssue[]
  readonly sourceRequests: number
  readonly sourceRetries: number
  readonly durationMs: number
}

/** Where the import writes. */
export interface ImportTarget {
  readonly index: IndexStore
  readonly series: SeriesStore
}

const newTally = (): Tally => ({ created: 0, updated: 0, unchanged: 0, conflicts: 0, failed: 0 })

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e))

/** Granularities Gnocchi cannot render exactly: its measure timestamps have whole seconds only. */
const isWholeSeconds = (granularityUs: number): boolean => granularityUs % 1_000_000 === 0

/** One import run; {@link runImport} is the entry point. */
class Importer {
  private readonly summary: ImportSummary = {
    archivePolicies: newTally(),
    archivePolicyRules: newTally(),
    resourceTypes: newTally(),
    resources: newTally(),
    metrics: newTally(),
    measures: { metrics: 0, series: 0, points: 0, failed: 0 },
    issues: [],
    sourceRequests: 0,
    sourceRetries: 0,
    durationMs: 0,
  }
  /** Policies whose target definition differs from the source: their metrics are not imported. */
  private readonly conflictingPolicies = new Set<string>()
  /** Metrics present in the target with the source's definition, ready for measures. */
  private readonly importedMetrics: NewMetric[] = []

  constructor(
    private readonly source: SourceClient,
    private readonly target: ImportTarget,
    private readonly options: ImportOptions,
    private readonly progress: ImportProgress,
  ) {}

  private issue(tally: Tally | null, kind: ImportIssue['kind'], subject: string, text: string): void {
    if (tally !== null) {
      if (kind === 'conflict') tally.conflicts++
      else if (kind === 'failed') tally.failed++
    }
    this.summary.issues.push({ kind, subject, message: text })
  }

  async run(): Promise<ImportSummary> {
    const started = Date.now()
    await this.archivePolicies()
    await this.archivePolicyRules()
    await this.resourceTypes()
    await this.resources()
    await this.metrics()
    if (this.options.includeMeasures) await this.measures()
    return {
      ...this.summary,
      sourceRequests: this.source.requests,
      sourceRetries: this.source.retries,
      durationMs: Date.now() - started,
    }
  }

  private async archivePolicies(): Promise<void> {
    const tally = this.summary.archivePolicies
    for (const json of await this.source.getArray('/v1/archive_policy')) {
      const name = (json as { name?: unknown }).name
      const subject = `archive policy ${String(name)}`
      try {
        const policy = readArchivePolicy(json)
        const existing = await this.target.index.getArchivePolicy(policy.name)
        if (existing === null) {
          await this.target.index.createArchivePolicy(policy)
          tally.created++
        } else if (policyFingerprint(existing) === policyFingerprint(policy)) {
          tally.unchanged++
        } else {
          this.conflictingPolicies.add(policy.name)
          this.issue(tally, 'conflict', subject, 'the target has another definition under this name; its metrics are not imported')
        }
      } catch (e) {
        if (typeof name === 'string') this.conflictingPolicies.add(name)
        this.issue(tally, 'failed', subject, message(e))
      }
    }
    this.progress.note(`archive policies: ${tallyText(tally)}`)
  }

  private async archivePolicyRules(): Promise<void> {
    const tally = this.summary.archivePolicyRules
    for (const json of await this.source.getArray('/v1/archive_policy_rule')) {
      const subject = `archive policy rule ${String((json as { name?: unknown }).name)}`
      try {
        const rule = readArchivePolicyRule(json)
        const existing = await this.target.index.getArchivePolicyRule(rule.name)
        if (existing === null) {
          await this.target.index.createArchivePolicyRule(rule)
          tally.created++
        } else if (existing.archivePolicyName === rule.archivePolicyName && existing.metricPattern === rule.metricPattern) {
          tally.unchanged++
        } else {
          this.issue(tally, 'conflict', subject, `the target's rule maps ${existing.metricPattern} to ${existing.archivePolicyName}`)
        }
      } catch (e) {
        this.issue(tally, 'failed', subject, message(e))
      }
    }
    this.progress.note(`archive policy rules: ${tallyText(tally)}`)
  }

  private async resourceTypes(): Promise<void> {
    const tally = this.summary.resourceTypes
    for (const json of await this.source.getArray('/v1/resource_type')) {
      const { name, state } = json as { name?: unknown; state?: unknown }
      // `generic` exists everywhere and has no attributes.
      if (name === 'generic') continue
      const subject = `resource type ${String(name)}`
      if (state !== undefined && state !== 'active') {
        this.issue(null, 'skipped', subject, `its state in the source is ${String(state)}`)
        continue
      }
      try {
        const type = readResourceType(json)
        const existing = await this.target.index.getResourceType(type.name)
        if (existing === null) {
          await this.target.index.createResourceType(type)
          tally.created++
        } else if (resourceTypeFingerprint(existing) === resourceTypeFingerprint(type)) {
          tally.unchanged++
        } else {
          this.issue(tally, 'conflict', subject, 'the target has other attributes under this name; its resources are imported where they validate')
        }
      } catch (e) {
        this.issue(tally, 'failed', subject, message(e))
      }
    }
    this.progress.note(`resource types: ${tallyText(tally)}`)
  }

  private async resources(): Promise<void> {
    const tally = this.summary.resources
    this.progress.note('resources: listing the source…')
    const listed = await this.source.listAll('/v1/resource/generic', { details: 'true' }, this.options.pageSize)
    const types = new Map<string, ResourceType | null>()
    this.progress.start('resources', listed.length)
    for (const json of listed) {
      const subject = `resource ${String(json.id)}`
      try {
        const typeName = String(json.type)
        let type = types.get(typeName)
        if (type === undefined) {
          type = await this.target.index.getResourceType(typeName)
          types.set(typeName, type)
        }
        if (type === null) throw new Error(`resource type ${typeName} does not exist in the target`)
        await this.resource(readResource(json, type), tally, subject)
      } catch (e) {
        this.issue(tally, 'failed', subject, message(e))
      }
      this.progress.advance('resources')
    }
  }

  private async resource(wanted: NewResource, tally: Tally, subject: string): Promise<void> {
    const existing = await this.target.index.getResource('generic', wanted.id)
    if (existing === null) {
      await this.target.index.createResource(wanted)
      tally.created++
      return
    }
    const r = existing.resource
    if (r.type !== wanted.type || r.originalResourceId !== wanted.originalResourceId || r.creator !== wanted.creator) {
      this.issue(tally, 'conflict', subject, `the target holds another resource with this id (type ${r.type}, original id ${r.originalResourceId})`)
      return
    }
    const update: { -readonly [K in keyof ResourceUpdate]: ResourceUpdate[K] } = {}
    if (r.startedAtUs !== wanted.startedAtUs) update.startedAtUs = wanted.startedAtUs
    if (r.endedAtUs !== (wanted.endedAtUs ?? null)) update.endedAtUs = wanted.endedAtUs ?? null
    if (r.userId !== wanted.userId) update.userId = wanted.userId
    if (r.projectId !== wanted.projectId) update.projectId = wanted.projectId
    const attributes: Record<string, string | number | boolean | null> = {}
    for (const name of new Set([...Object.keys(r.attributes), ...Object.keys(wanted.attributes)])) {
      const want = wanted.attributes[name] ?? null
      if ((r.attributes[name] ?? null) !== want) attributes[name] = want
    }
    if (Object.keys(attributes).length > 0) update.attributes = attributes
    if (Object.keys(update).length === 0) {
      tally.unchanged++
      return
    }
    await this.target.index.updateResource(r.type, r.id, update)
    tally.updated++
  }

  private async metrics(): Promise<void> {
    const tally = this.summary.metrics
    this.progress.note('metrics: listing the source…')
    const listed = await this.source.listAll('/v1/metric', {}, this.options.pageSize)
    this.progress.start('metrics', listed.length)
    for (const json of listed) {
      const subject = `metric ${String(json.id)}`
      try {
        const wanted = readMetric(json)
        if (this.conflictingPolicies.has(wanted.archivePolicyName)) {
          this.issue(tally, 'conflict', subject, `archive policy ${wanted.archivePolicyName} differs in the target`)
        } else {
          const existing = await this.target.index.getMetric(wanted.id)
          if (existing === null) {
            await this.target.index.createMetric(wanted)
            tally.created++
            this.importedMetrics.push(wanted)
          } else if (
            existing.archivePolicyName === wanted.archivePolicyName &&
            existing.name === wanted.name &&
            existing.unit === wanted.unit &&
            existing.creator === wanted.creator &&
            existing.resourceId === wanted.resourceId
          ) {
            tally.unchanged++
            this.importedMetrics.push(wanted)
          } else {
            this.issue(tally, 'conflict', subject, 'the target holds this metric id with another definition')
          }
        }
      } catch (e) {
        this.issue(tally, 'failed', subject, message(e))
      }
      this.progress.advance('metrics')
    }
  }

  private async measures(): Promise<void> {
    const policies = new Map<string, ArchivePolicy>()
    for (const m of this.importedMetrics) {
      if (policies.has(m.archivePolicyName)) continue
      const policy = await this.target.index.getArchivePolicy(m.archivePolicyName)
      if (policy === null) continue
      policies.set(m.archivePolicyName, policy)
      for (const d of policy.definition) {
        if (!isWholeSeconds(d.granularityUs)) {
          this.issue(
            null,
            'skipped',
            `archive policy ${policy.name} granularity ${d.granularityUs / 1e6}s`,
            'Gnocchi renders measure timestamps in whole seconds, so these buckets cannot be read back exactly; they are not imported',
          )
        }
      }
    }
    this.progress.start('measures', this.importedMetrics.length)
    await forEachLimited(this.importedMetrics, this.options.concurrency, async (metric) => {
      const policy = policies.get(metric.archivePolicyName)
      let points = 0
      try {
        if (policy === undefined) throw new Error(`archive policy ${metric.archivePolicyName} does not exist in the target`)
        const granularities = policy.definition.map((d) => d.granularityUs)
        const kept = granularities.filter(isWholeSeconds)
        const ignored = granularities.filter((g) => !isWholeSeconds(g))
        const series: AggregatedSeries[] = []
        for (const method of policy.aggregationMethods) {
          const query = new URLSearchParams({ aggregation: method })
          if (this.options.refresh) query.set('refresh', 'true')
          const rows = await this.source.getArray(`/v1/metric/${metric.id}/measures?${query.toString()}`)
          series.push(...readMeasureRows(rows, method, kept, ignored))
        }
        const outcome = await replaceAggregates(this.target.series, metric.id, policy, series)
        points = outcome.points
        this.summary.measures.metrics++
        this.summary.measures.series += series.length
        this.summary.measures.points += outcome.points
      } catch (e) {
        this.summary.measures.failed++
        this.issue(null, 'failed', `measures of metric ${metric.id}`, message(e))
      }
      this.progress.advance('measures', 1, points)
    })
  }
}

/** `3 created, 1 unchanged, …` (zero counts omitted). */
export function tallyText(t: Tally): string {
  const parts = (Object.entries(t) as [keyof Tally, number][]).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`)
  return parts.length === 0 ? 'none' : parts.join(', ')
}

/**
 * Runs an import from `source` into `target`.
 * @throws SourceError when a listing the import depends on cannot be read (nothing after it runs).
 */
export function runImport(source: SourceClient, target: ImportTarget, options: ImportOptions, progress: ImportProgress): Promise<ImportSummary> {
  return new Importer(source, target, options, progress).run()
}

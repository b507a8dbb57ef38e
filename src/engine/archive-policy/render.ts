/**
 * Gnocchi's JSON shapes for archive policies and rules (gnocchi-rest.md §2.1–§2.2), so the HTTP
 * layer does not re-implement them. Durations are Python `timedelta` text.
 */
import type { ArchivePolicy, ArchivePolicyItem, ArchivePolicyRule } from '../../model/archive-policy.js'
import { formatTimedeltaUs } from '../../model/time-format.js'

/** One rendered definition item. */
export interface ArchivePolicyItemJson {
  readonly timespan: string | null
  readonly granularity: string
  readonly points: number | null
}

/** A rendered archive policy (§2.1). */
export interface ArchivePolicyJson {
  readonly name: string
  readonly back_window: number
  readonly definition: readonly ArchivePolicyItemJson[]
  readonly aggregation_methods: readonly string[]
}

/** A rendered archive policy rule (§2.2). */
export interface ArchivePolicyRuleJson {
  readonly name: string
  readonly archive_policy_name: string
  readonly metric_pattern: string
}

/** Renders one definition item: `{"timespan": "1:00:00" | null, "granularity": "0:00:01", "points": 3600 | null}`. */
export function renderArchivePolicyItem(item: ArchivePolicyItem): ArchivePolicyItemJson {
  return {
    timespan: item.timespanUs === null ? null : formatTimedeltaUs(item.timespanUs),
    granularity: formatTimedeltaUs(item.granularityUs),
    points: item.points,
  }
}

/** Renders a policy; `points` and `back_window` are integers, the method set a list. */
export function renderArchivePolicy(policy: ArchivePolicy): ArchivePolicyJson {
  return {
    name: policy.name,
    back_window: policy.backWindow,
    definition: policy.definition.map(renderArchivePolicyItem),
    aggregation_methods: [...policy.aggregationMethods],
  }
}

/** Renders a rule. */
export function renderArchivePolicyRule(rule: ArchivePolicyRule): ArchivePolicyRuleJson {
  return { name: rule.name, archive_policy_name: rule.archivePolicyName, metric_pattern: rule.metricPattern }
}

/**
 * The policies and rule the install step creates (gnocchi-storage-semantics.md §2.4), only when
 * the index holds neither archive policies nor rules.
 */
import type { ArchivePolicy, ArchivePolicyItem, ArchivePolicyRule } from '../../model/archive-policy.js'
import { DEFAULT_AGGREGATION_METHODS } from './aggregation-methods.js'

const S = 1_000_000
const item = (granularitySeconds: number, points: number): ArchivePolicyItem => ({
  granularityUs: granularitySeconds * S,
  points,
  timespanUs: granularitySeconds * S * points,
})

/**
 * `low`, `medium`, `high` (default method set) and `bool` (`last`, back window 3600), in the
 * order Gnocchi creates them.
 * @param defaultAggregationMethods config `default_aggregation_methods`.
 */
export function defaultArchivePolicies(
  defaultAggregationMethods: readonly string[] = DEFAULT_AGGREGATION_METHODS,
): ArchivePolicy[] {
  const methods = [...defaultAggregationMethods]
  return [
    { name: 'bool', backWindow: 3600, definition: [item(1, 31_536_000)], aggregationMethods: ['last'] },
    { name: 'low', backWindow: 0, definition: [item(300, 8640)], aggregationMethods: methods },
    { name: 'medium', backWindow: 0, definition: [item(60, 10_080), item(3600, 8760)], aggregationMethods: methods },
    {
      name: 'high',
      backWindow: 0,
      definition: [item(1, 3600), item(60, 10_080), item(3600, 8760)],
      aggregationMethods: methods,
    },
  ]
}

/** The `default` rule: every metric name → `low`. */
export const DEFAULT_ARCHIVE_POLICY_RULE: ArchivePolicyRule = Object.freeze({
  name: 'default',
  archivePolicyName: 'low',
  metricPattern: '*',
})

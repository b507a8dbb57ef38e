/**
 * Usage items of `/api/stats/usage/` (`item=`) and the instance metric each one reads, with the
 * unit conversion that makes values come out in the documented units (issue 6).
 */

/** How the contributions of a group's instances combine in one interval. */
export type UsageCombine = 'mean' | 'sum'

/** One usage item. */
export interface UsageItem {
  /** Name of the instance metric (as Ceilometer publishes it). */
  readonly metric: string
  /** Stored value × `scale` = legacy value (e.g. 2^-20 for bytes → MiB). */
  readonly scale: number
  /** `mean` (percentages) or `sum` (totals) across instances. */
  readonly combine: UsageCombine
}

/** Item name → mapping, in the order the `item` error message lists them. */
export type UsageItems = Readonly<Record<string, UsageItem>>

/**
 * Defaults: `cpu` → `cpu_util` (percent, as is); `memory` → `memory.usage` (Ceilometer's MB,
 * taken as MiB); `storage` → `disk.usage` (bytes → MiB).
 */
export const DEFAULT_USAGE_ITEMS: UsageItems = {
  cpu: { metric: 'cpu_util', scale: 1, combine: 'mean' },
  memory: { metric: 'memory.usage', scale: 1, combine: 'sum' },
  storage: { metric: 'disk.usage', scale: 1 / 2 ** 20, combine: 'sum' },
}

/**
 * Checks a configured mapping (from a config file): every item needs a non-empty metric, a
 * finite non-zero scale and a known combine rule. Returns the problems, empty when valid.
 */
export function checkUsageItems(items: UsageItems): string[] {
  const problems: string[] = []
  if (Object.keys(items).length === 0) problems.push('at least one usage item is needed')
  for (const [name, item] of Object.entries(items)) {
    if (name === '') problems.push('usage item names cannot be empty')
    if (typeof item.metric !== 'string' || item.metric === '') problems.push(`usage item ${name}: metric must be a non-empty string`)
    if (typeof item.scale !== 'number' || !Number.isFinite(item.scale) || item.scale === 0) {
      problems.push(`usage item ${name}: scale must be a finite non-zero number`)
    }
    if (item.combine !== 'mean' && item.combine !== 'sum') problems.push(`usage item ${name}: combine must be mean or sum`)
  }
  return problems
}

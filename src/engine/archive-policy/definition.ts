/**
 * Archive policy definition items: normalisation and validation
 * (gnocchi-storage-semantics.md §2.1, Gnocchi's `ArchivePolicyItem`). Arithmetic is done in
 * exact integer nanoseconds like Gnocchi, then stored in microseconds.
 */
import type { ArchivePolicyItem } from '../../model/archive-policy.js'
import { badRequest, GnocchiError } from '../../model/errors.js'
import { formatPyFloat } from '../../model/python-json.js'
import { parseTimespanNs } from '../../model/timespan.js'
import { type BodyPath, coercePythonInt, isRecord, rejectExtraKeys, schemaError } from './voluptuous-path.js'

/** Thrown messages, verbatim from Gnocchi (U+2260 and U+00D7 included). */
export const DEFINITION_ERRORS = {
  mismatch: 'timespan \u2260 granularity \u00d7 points',
  granularityNotPositive: 'Granularity should be > 0',
  pointsNotPositive: 'Number of points should be > 0',
  atLeastTwo: 'At least two of granularity/points/timespan must be provided',
  noPoints: 'Calculated number of points is < 0',
  duplicate: (seconds: number): string => `More than one archive policy uses granularity \`${formatPyFloat(seconds)}'`,
} as const

const ITEM_KEYS = ['granularity', 'points', 'timespan'] as const

/** An item after schema coercion, in nanoseconds, before normalisation. */
interface ItemNs {
  readonly granularityNs: bigint
  readonly points: number | null
  readonly timespanNs: bigint | null
}

/**
 * ns → µs with Python `timedelta` rounding (half to even): the value Gnocchi renders.
 * gnocchi-compat: Gnocchi keeps ns (1 s / 3 points → 333333333 ns); we keep the µs it shows.
 */
function nsToUs(ns: bigint): number {
  const q = ns / 1000n
  const r = ns % 1000n
  const up = r > 500n || (r === 500n && q % 2n === 1n)
  return Number(up ? q + 1n : q)
}

/** Timespan-typed field, with the schema's error text and path. */
function timespanField(value: unknown, path: BodyPath): bigint {
  try {
    return parseTimespanNs(value)
  } catch (e) {
    if (e instanceof GnocchiError && typeof e.description === 'string') throw schemaError(e.description, path)
    throw e
  }
}

/** `points`: voluptuous `All(Coerce(int), Range(min=1))`. */
function pointsField(value: unknown, path: BodyPath): number {
  const n = coercePythonInt(value)
  if (n === null) throw schemaError('expected int', path)
  if (n < 1) throw schemaError('value must be at least 1', path)
  return n
}

/** Normalises one already-coerced item (Gnocchi's `ArchivePolicyItem.__init__`, same check order). */
function normaliseNs(granularityNs: bigint | null, points: number | null, timespanNs: bigint | null): ItemNs {
  if (granularityNs !== null && points !== null && timespanNs !== null) {
    if (timespanNs !== granularityNs * BigInt(points)) throw badRequest(DEFINITION_ERRORS.mismatch)
  }
  if (granularityNs !== null && granularityNs <= 0n) throw badRequest(DEFINITION_ERRORS.granularityNotPositive)
  if (points !== null && points <= 0) throw badRequest(DEFINITION_ERRORS.pointsNotPositive)
  let g = granularityNs
  if (g === null) {
    if (points === null || timespanNs === null) throw badRequest(DEFINITION_ERRORS.atLeastTwo)
    // numpy timedelta64 / float truncates toward zero to whole ns.
    g = timespanNs / BigInt(points)
  }
  if (points === null) {
    if (timespanNs === null) return { granularityNs: g, points: null, timespanNs: null }
    const computed = timespanNs / g
    if (computed <= 0n) throw badRequest(DEFINITION_ERRORS.noPoints)
    return { granularityNs: g, points: Number(computed), timespanNs: g * computed }
  }
  return { granularityNs: g, points, timespanNs: g * BigInt(points) }
}

/**
 * Normalises one raw definition item (`{granularity?, points?, timespan?}`).
 * @param raw the JSON value.
 * @param path body path of the item, for schema errors (default `['definition', 0]`).
 * @throws GnocchiError Invalid input (schema) or a plain 400 with Gnocchi's definition message.
 */
export function normaliseDefinitionItem(raw: unknown, path: BodyPath = ['definition', 0]): ArchivePolicyItem {
  if (!isRecord(raw)) throw schemaError('expected a dictionary', path, false)
  rejectExtraKeys(raw, ITEM_KEYS, path)
  const granularityNs = raw.granularity === undefined ? null : timespanField(raw.granularity, [...path, 'granularity'])
  const points = raw.points === undefined ? null : pointsField(raw.points, [...path, 'points'])
  const timespanNs = raw.timespan === undefined ? null : timespanField(raw.timespan, [...path, 'timespan'])
  const item = normaliseNs(granularityNs, points, timespanNs)
  const granularityUs = nsToUs(item.granularityNs)
  // Sub-µs granularities cannot be stored at Polenta's resolution.
  if (granularityUs <= 0) throw badRequest(DEFINITION_ERRORS.granularityNotPositive)
  return {
    granularityUs,
    points: item.points,
    timespanUs: item.timespanNs === null ? null : nsToUs(item.timespanNs),
  }
}

/**
 * Normalises a whole `definition` list: at least one item, items in the given order,
 * no two items with the same granularity.
 * @param raw the JSON value of `definition`.
 * @param path body path of the list (default `['definition']`).
 * @throws GnocchiError as {@link normaliseDefinitionItem}, `length of value must be at least 1`,
 *   or ``More than one archive policy uses granularity `<s>'``.
 */
export function normaliseDefinition(raw: unknown, path: BodyPath = ['definition']): ArchivePolicyItem[] {
  if (!Array.isArray(raw)) throw schemaError('expected a list', path)
  if (raw.length === 0) throw schemaError('length of value must be at least 1', path)
  const items = raw.map((item: unknown, i) => normaliseDefinitionItem(item, [...path, i]))
  const seen = new Set<number>()
  for (const item of items) {
    if (seen.has(item.granularityUs)) throw badRequest(DEFINITION_ERRORS.duplicate(item.granularityUs / 1e6))
    seen.add(item.granularityUs)
  }
  return items
}

/**
 * Archive policy creation and update from raw JSON bodies (gnocchi-rest.md §3.2,
 * gnocchi-storage-semantics.md §2.2–§2.5). Produces the `ArchivePolicy` model value.
 */
import type { ArchivePolicy, ArchivePolicyItem } from '../../model/archive-policy.js'
import { badRequest } from '../../model/errors.js'
import { formatPyFloat } from '../../model/python-json.js'
import { DEFAULT_AGGREGATION_METHODS, effectiveAggregationMethods } from './aggregation-methods.js'
import { normaliseDefinition, normaliseDefinitionItem } from './definition.js'
import { coercePythonInt, isRecord, rejectExtraKeys, schemaError } from './voluptuous-path.js'

const CREATE_KEYS = ['name', 'back_window', 'definition', 'aggregation_methods'] as const
const UPDATE_KEYS = ['definition'] as const

/** Options of {@link buildArchivePolicy}. */
export interface BuildArchivePolicyOptions {
  /** Config `[archive_policy] default_aggregation_methods`. */
  readonly defaultAggregationMethods?: readonly string[]
}

/**
 * `back_window`: voluptuous `All(Coerce(int), Range(min=0))`, default 0 (numeric strings coerced,
 * floats truncated like Python `int()`).
 * @throws GnocchiError Invalid input `expected int` / `value must be at least 0`.
 */
export function parseBackWindow(value: unknown): number {
  if (value === undefined) return 0
  const n = coercePythonInt(value)
  if (n === null) throw schemaError('expected int', ['back_window'])
  if (n < 0) throw schemaError('value must be at least 0', ['back_window'])
  return n
}

/**
 * Validates a `POST /v1/archive_policy` body and builds the policy to store.
 * @param body the parsed JSON body.
 * @throws GnocchiError Invalid input (schema) or a plain 400 definition message.
 */
export function buildArchivePolicy(body: unknown, options: BuildArchivePolicyOptions = {}): ArchivePolicy {
  if (!isRecord(body)) throw schemaError('expected a dictionary', [], false)
  rejectExtraKeys(body, CREATE_KEYS, [])
  const { name } = body
  if (name === undefined) throw schemaError('required key not provided', ['name'], false)
  if (typeof name !== 'string') throw schemaError('expected str', ['name'])
  if (body.definition === undefined) throw schemaError('required key not provided', ['definition'], false)
  const backWindow = parseBackWindow(body.back_window)
  const aggregationMethods = effectiveAggregationMethods(
    body.aggregation_methods,
    options.defaultAggregationMethods ?? DEFAULT_AGGREGATION_METHODS,
  )
  const definition = normaliseDefinition(body.definition)
  return { name, backWindow, definition, aggregationMethods }
}

/** Prefix of every update refusal. */
const changeError = (name: string, why: string): Error =>
  badRequest(`Archive policy ${name} does not support change: ${why}`)

/**
 * Applies a `PATCH /v1/archive_policy/{name}` body (`{"definition": [...]}` only). Only the
 * points/timespan of the existing granularities may change; the new items are kept in the
 * order given. Aggregation methods and back window are unchanged (4.4.2).
 * @param existing the stored policy.
 * @param body the parsed JSON body.
 * @throws GnocchiError Invalid input, item errors, or
 *   `Archive policy <name> does not support change: Cannot add or drop granularities` /
 *   `…: <old granularity seconds> granularity interval was changed`.
 */
export function updateArchivePolicy(existing: ArchivePolicy, body: unknown): ArchivePolicy {
  if (!isRecord(body)) throw schemaError('expected a dictionary', [], false)
  rejectExtraKeys(body, UPDATE_KEYS, [])
  if (body.definition === undefined) throw schemaError('required key not provided', ['definition'], false)
  if (!Array.isArray(body.definition)) throw schemaError('expected a list', ['definition'])
  // gnocchi-compat: the granularity comparison comes before the duplicate check, so a duplicated
  // granularity reports "granularity interval was changed", see gnocchi/rest/api.py ArchivePolicyController.patch.
  const definition = normaliseDefinitionLenient(body.definition)
  if (definition.length !== existing.definition.length) {
    throw changeError(existing.name, 'Cannot add or drop granularities')
  }
  const oldSorted = [...existing.definition].sort((a, b) => a.granularityUs - b.granularityUs)
  const newSorted = [...definition].sort((a, b) => a.granularityUs - b.granularityUs)
  oldSorted.forEach((old, i) => {
    if (newSorted[i]?.granularityUs !== old.granularityUs) {
      throw changeError(existing.name, `${formatPyFloat(old.granularityUs / 1e6)} granularity interval was changed`)
    }
  })
  return { ...existing, definition }
}

/** Item normalisation without the duplicate-granularity check (the comparison covers it). */
function normaliseDefinitionLenient(raw: readonly unknown[]): ArchivePolicyItem[] {
  if (raw.length === 0) throw schemaError('length of value must be at least 1', ['definition'])
  return raw.map((item, i) => normaliseDefinitionItem(item, ['definition', i]))
}

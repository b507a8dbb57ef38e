/**
 * Resource bodies (gnocchi-rest.md §3.8): `POST /v1/resource/{type}`, `PATCH …/{id}` and the
 * `metrics` map (also the body of `POST …/{id}/metric`), validated by hand so that every error
 * carries voluptuous's `reason` and `detail` path, as 4.4.2 words them.
 */
import { randomUUID } from 'node:crypto'
import { resolveArchivePolicyName } from '../../../engine/archive-policy/index.js'
import { parseLenientUuid, transformResourceId } from '../../../engine/resource-id.js'
import type { ArchivePolicyRule } from '../../../model/archive-policy.js'
import { badRequest, invalidInput, isGnocchiError, type GnocchiError } from '../../../model/errors.js'
import type { AttributeValue, ResourceType } from '../../../model/resource.js'
import { parseTimestampUs } from '../../../model/timestamp.js'
import type { NewResource, ResourceMetricEntry, ResourceUpdate } from '../../../storage/index-types.js'
import { voluptuousPath } from '../../util/validation.js'
import { documentedBody } from '../documented-body.js'
import { checkAttributeValue } from './resource-type-attribute-value.js'

type Path = readonly string[]

/** voluptuous's `<problem> for dictionary value @ data[…]` (every path here ends in a key). */
const valueError = (problem: string, path: Path): GnocchiError => invalidInput(`${problem} for dictionary value @ ${voluptuousPath(path)}`, path)
const extraKey = (path: Path): GnocchiError => invalidInput(`extra keys not allowed @ ${voluptuousPath(path)}`, path)
const requiredKey = (path: Path): GnocchiError => invalidInput(`required key not provided @ ${voluptuousPath(path)}`, path)

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Longest metric unit (Gnocchi's `unit` column). */
const MAX_UNIT_LENGTH = 31

/** What reading a `metrics` map needs to know. */
export interface MetricsContext {
  /** The caller's creator, stored on created metrics. */
  readonly creator: string | null
  /** Creator the attached metrics must have: the resource's creator (Gnocchi's indexer check). */
  readonly ownerCreator: string | null
  /** Rules choosing a policy for definitions without `archive_policy_name`. */
  readonly rules: readonly ArchivePolicyRule[]
}

/**
 * Reads a `metrics` map: `name → metric uuid` (attach) or `name → {archive_policy_name?, unit?}`
 * (create; a `name` inside is overridden by the key).
 * @param path where the map sits in the body (`['metrics']`, or `[]` for a whole body).
 */
export function parseMetricsMap(value: unknown, path: Path, ctx: MetricsContext): ResourceMetricEntry[] {
  if (!isObject(value)) {
    throw path.length === 0 ? invalidInput('expected a dictionary', []) : valueError('expected a dictionary', path)
  }
  const entries: ResourceMetricEntry[] = []
  // Schema first (voluptuous validates the whole map before the metric checks run).
  for (const [name, def] of Object.entries(value)) {
    const at = [...path, name]
    if (typeof def === 'string') {
      if (parseLenientUuid(def) === null) throw valueError('not a valid value', at)
    } else if (isObject(def)) {
      for (const [k, v] of Object.entries(def)) {
        if (k !== 'archive_policy_name' && k !== 'unit' && k !== 'name') throw extraKey([...at, k])
        if (typeof v !== 'string') throw valueError('expected str', [...at, k])
        if (k === 'unit' && Array.from(v).length > MAX_UNIT_LENGTH) throw valueError(`length of value must be at most ${MAX_UNIT_LENGTH}`, [...at, k])
      }
    } else {
      throw valueError('not a valid value', at)
    }
  }
  for (const [name, def] of Object.entries(value)) {
    if (typeof def === 'string') {
      entries.push({ kind: 'attach', name, metricId: parseLenientUuid(def) ?? def, requireCreator: ctx.ownerCreator })
      continue
    }
    const d = def as Record<string, string>
    if (name.includes('/')) throw badRequest("'/' is not supported in metric name")
    const policy = d.archive_policy_name ?? resolveArchivePolicyName(ctx.rules, name)
    entries.push({ kind: 'create', name, id: randomUUID(), archivePolicyName: policy, creator: ctx.creator, unit: d.unit ?? null })
  }
  return entries
}

/** A timestamp field (`started_at`, `ended_at`); `ended_at` may be null (clears it). */
function readTime(value: unknown, key: string, nullable: boolean): number | null {
  // gnocchi-compat: 4.4.2 crashes on `"ended_at": null` (500); we accept it as "no end".
  if (value === null && nullable) return null
  try {
    return parseTimestampUs(value)
  } catch (e) {
    if (isGnocchiError(e)) throw valueError('not a valid value', [key])
    throw e
  }
}

function readOptionalString(value: unknown, key: string): string | null {
  if (value === null || typeof value === 'string') return value
  throw valueError('not a valid value', [key])
}

/** Validates a type attribute value; `null` is refused like any non-matching value (voluptuous has no `Any(None, …)` there). */
function readAttribute(type: ResourceType, key: string, value: unknown): AttributeValue {
  const schema = type.attributes[key]
  const checked = checkAttributeValue(schema, value)
  if (!checked.ok) throw valueError(checked.problem, [key])
  return checked.value
}

const BASE_KEYS = new Set(['started_at', 'ended_at', 'user_id', 'project_id', 'metrics'])

/** Common part of create and patch bodies. */
interface CommonFields {
  startedAtUs?: number
  endedAtUs?: number | null
  userId?: string | null
  projectId?: string | null
  attributes: Record<string, AttributeValue>
  metricsRaw?: unknown
}

function readCommon(body: Record<string, unknown>, type: ResourceType, allowed: ReadonlySet<string>): CommonFields {
  const out: CommonFields = { attributes: {} }
  for (const key of Object.keys(body)) {
    if (allowed.has(key)) continue
    if (!BASE_KEYS.has(key) && !Object.prototype.hasOwnProperty.call(type.attributes, key)) throw extraKey([key])
  }
  for (const [key, value] of Object.entries(body)) {
    switch (key) {
      case 'started_at': {
        const t = readTime(value, key, false)
        if (t !== null) out.startedAtUs = t
        break
      }
      case 'ended_at':
        out.endedAtUs = readTime(value, key, true)
        break
      case 'user_id':
        out.userId = readOptionalString(value, key)
        break
      case 'project_id':
        out.projectId = readOptionalString(value, key)
        break
      case 'metrics':
        out.metricsRaw = value
        break
      default:
        if (!allowed.has(key)) out.attributes[key] = readAttribute(type, key, value)
    }
  }
  return out
}

/** A parsed `POST /v1/resource/{type}` body, with the metrics map still to read (it needs the rules). */
export interface ResourceCreateBody {
  readonly resource: Omit<NewResource, 'metrics'>
  /** The raw `metrics` value, if present. */
  readonly metricsRaw?: unknown
}

/**
 * Reads a create body for `type`, transforming `id` with the caller's creator (§1.8).
 * @throws GnocchiError 400 Invalid input with voluptuous's reason and path.
 */
export function parseResourceCreateBody(body: unknown, type: ResourceType, creator: string | null): ResourceCreateBody {
  if (!isObject(body)) throw invalidInput('expected a dictionary', [])
  if (!Object.prototype.hasOwnProperty.call(body, 'id')) throw requiredKey(['id'])
  for (const [name, schema] of Object.entries(type.attributes)) {
    if (schema.required && !Object.prototype.hasOwnProperty.call(body, name)) throw requiredKey([name])
  }
  const fields = readCommon(body, type, new Set(['id']))
  const raw = body.id
  let id: string
  try {
    id = transformResourceId(raw, creator)
  } catch (e) {
    if (isGnocchiError(e) && typeof e.description === 'string') throw valueError(e.description, ['id'])
    throw e
  }
  const resource: Omit<NewResource, 'metrics'> = {
    id,
    type: type.name,
    originalResourceId: typeof raw === 'string' ? raw : String(raw),
    creator,
    userId: fields.userId ?? null,
    projectId: fields.projectId ?? null,
    ...(fields.startedAtUs !== undefined ? { startedAtUs: fields.startedAtUs } : {}),
    ...(fields.endedAtUs !== undefined ? { endedAtUs: fields.endedAtUs } : {}),
    attributes: fields.attributes,
  }
  return fields.metricsRaw === undefined ? { resource } : { resource, metricsRaw: fields.metricsRaw }
}

/** A parsed PATCH body, with the metrics map still to read. */
export interface ResourcePatchBody {
  readonly update: Omit<ResourceUpdate, 'metrics'>
  readonly metricsRaw?: unknown
}

/**
 * Reads a PATCH body: any subset of the base fields, `metrics` and the type's attributes
 * (required ones optional here). `id`, `type`, `creator`, … are extra keys.
 */
export function parseResourcePatchBody(body: unknown, type: ResourceType): ResourcePatchBody {
  if (!isObject(body)) throw invalidInput('expected a dictionary', [])
  const fields = readCommon(body, type, new Set())
  const update: Omit<ResourceUpdate, 'metrics'> = {
    ...(fields.startedAtUs !== undefined ? { startedAtUs: fields.startedAtUs } : {}),
    ...(fields.endedAtUs !== undefined ? { endedAtUs: fields.endedAtUs } : {}),
    ...(fields.userId !== undefined ? { userId: fields.userId } : {}),
    ...(fields.projectId !== undefined ? { projectId: fields.projectId } : {}),
    ...(Object.keys(fields.attributes).length > 0 ? { attributes: fields.attributes } : {}),
  }
  return fields.metricsRaw === undefined ? { update } : { update, metricsRaw: fields.metricsRaw }
}

/** The JSON Schema of a `metrics` map that {@link parseMetricsMap} validates. */
export const METRICS_MAP_BODY = {
  type: 'object',
  description: 'Metric name → the id of an existing metric to attach, or the definition of a metric to create.',
  additionalProperties: {
    anyOf: [
      { type: 'string', format: 'uuid' },
      {
        type: 'object',
        properties: {
          archive_policy_name: { type: 'string', description: 'Default: chosen by the archive policy rules.' },
          unit: { type: 'string', maxLength: MAX_UNIT_LENGTH },
        },
        additionalProperties: false,
      },
    ],
  },
  examples: [{ 'cpu.util': { archive_policy_name: 'low' }, 'disk.usage': {} }],
} as const

/** The base fields of a resource body; the type's own attributes come on top. */
const RESOURCE_FIELDS = {
  user_id: { type: ['string', 'null'] },
  project_id: { type: ['string', 'null'] },
  started_at: { type: 'string', description: 'A timestamp; default now.' },
  ended_at: { type: ['string', 'null'], description: 'A timestamp, or null for none.' },
  metrics: METRICS_MAP_BODY,
} as const

/** The JSON Schema of the body {@link parseResourceCreateBody} validates. */
export const RESOURCE_CREATE_BODY = documentedBody({
  type: 'object',
  description: "The base fields, and the resource type's attributes (its required ones included).",
  required: ['id'],
  properties: {
    id: { type: 'string', description: 'A UUID, or any other text (turned into a UUID5 scoped by the creator).' },
    ...RESOURCE_FIELDS,
  },
  additionalProperties: true,
  examples: [{ id: '75c44741-cc60-4033-804e-2d3098c7d2e9', user_id: 'foo', project_id: 'bar', metrics: { 'cpu.util': {} } }],
})

/** The JSON Schema of the body {@link parseResourcePatchBody} validates: any subset of the fields. */
export const RESOURCE_PATCH_BODY = documentedBody({
  type: 'object',
  description: "Any of the base fields and of the resource type's attributes; `metrics` replaces the map.",
  properties: RESOURCE_FIELDS,
  additionalProperties: true,
})

/** The JSON Schema of `POST …/{id}/metric`: a metrics map to add. */
export const RESOURCE_METRICS_BODY = documentedBody({ ...METRICS_MAP_BODY })

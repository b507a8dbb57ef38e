/**
 * Resource type bodies (gnocchi-rest.md §3.7): attribute definitions in their wire form
 * (`min_length`, `max_length`, `required`, `options.fill`), validated with the messages 4.4.2's
 * voluptuous schema produces, and rendered back.
 */
import { invalidInput, type GnocchiError, badRequest } from '../../../model/errors.js'
import type { AttributeSchema, AttributeType, AttributeValue, ResourceType } from '../../../model/resource.js'
import { documentedBody } from '../documented-body.js'
import { checkAttributeValue } from './resource-type-attribute-value.js'

/** Attribute definition as rendered (§2.5). */
export type AttributeSchemaJson =
  | { readonly type: 'string'; readonly required: boolean; readonly min_length: number; readonly max_length: number }
  | { readonly type: 'number'; readonly required: boolean; readonly min: number | null; readonly max: number | null }
  | { readonly type: 'bool' | 'uuid' | 'datetime'; readonly required: boolean }

/** A rendered resource type. */
export interface ResourceTypeJson {
  readonly name: string
  readonly state: string
  readonly attributes: Readonly<Record<string, AttributeSchemaJson>>
}

/** Names a type attribute may not take: the resource columns (gnocchi/resource_type.py). */
export const RESERVED_ATTRIBUTE_NAMES: ReadonlySet<string> = new Set([
  'id', 'type', 'metrics', 'revision', 'revision_start', 'revision_end', 'started_at', 'ended_at',
  'user_id', 'project_id', 'created_by_user_id', 'created_by_project_id', 'get_metric', 'creator',
])

/** Longest attribute name (the reference's column-name limit). */
export const MAX_ATTRIBUTE_NAME_LENGTH = 63

/**
 * Accepted resource type names. gnocchi-compat: 4.4.2 accepts any string (names with `/` become
 * unreachable); we take the Recommended restriction of gnocchi-rest.md §3.7.
 */
export const RESOURCE_TYPE_NAME = /^[A-Za-z0-9_-]{1,255}$/

const ATTRIBUTE_TYPES: readonly AttributeType[] = ['string', 'uuid', 'number', 'bool', 'datetime']

type Path = readonly (string | number)[]

function pathText(path: Path): string {
  return `data${path.map((s) => (typeof s === 'number' ? `[${s}]` : `['${s}']`)).join('')}`
}

/** A voluptuous failure before it is given its final shape (structured on POST, text on PATCH). */
class SchemaProblem {
  constructor(
    readonly problem: string,
    readonly path: Path,
    readonly inDict: boolean,
  ) {}

  get reason(): string {
    return this.path.length === 0 ? this.problem : `${this.problem}${this.inDict ? ' for dictionary value' : ''} @ ${pathText(this.path)}`
  }
}

const isRecord = (v: unknown): v is Readonly<Record<string, unknown>> => v !== null && typeof v === 'object' && !Array.isArray(v)
/** Python `int` (bool included, as `isinstance(True, int)`); JSON cannot tell `5.0` from `5`. */
const isPyInt = (v: unknown): v is number | boolean => typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v))
const isPyReal = (v: unknown): v is number | boolean => typeof v === 'boolean' || (typeof v === 'number' && !Number.isNaN(v))
const num = (v: number | boolean): number => (typeof v === 'boolean' ? Number(v) : v)

const TYPE_KEYS: Readonly<Record<AttributeType, readonly string[]>> = {
  string: ['type', 'required', 'min_length', 'max_length'],
  number: ['type', 'required', 'min', 'max'],
  bool: ['type', 'required'],
  uuid: ['type', 'required'],
  datetime: ['type', 'required'],
}

/** A validated attribute definition with its optional `options.fill` (PATCH only). */
export interface ParsedAttribute {
  readonly schema: AttributeSchema
  /** `options` as given (PATCH); `undefined` when absent. */
  readonly options?: Readonly<Record<string, unknown>>
}

/**
 * voluptuous's `Any(<one schema per type>)` over one attribute definition: the messages it
 * ends up with (observed) are `expected a dictionary`, `required key not provided` for `type`,
 * `expected bool` for `required`, `extra keys not allowed` inside `options` and otherwise
 * `not a valid value` on `type`.
 */
function parseAttribute(raw: unknown, path: Path, forUpdate: boolean): ParsedAttribute | SchemaProblem {
  if (!isRecord(raw)) return new SchemaProblem('expected a dictionary', path, true)
  if (raw.type === undefined) return new SchemaProblem('required key not provided', [...path, 'type'], false)
  if (raw.required !== undefined && typeof raw.required !== 'boolean') return new SchemaProblem('expected bool', [...path, 'required'], true)
  const notValid = new SchemaProblem('not a valid value', [...path, 'type'], true)
  const type = raw.type
  if (typeof type !== 'string' || !(ATTRIBUTE_TYPES as readonly string[]).includes(type)) return notValid
  const t = type as AttributeType
  const allowed = forUpdate ? [...TYPE_KEYS[t], 'options'] : TYPE_KEYS[t]
  if (Object.keys(raw).some((k) => !allowed.includes(k))) return notValid
  let options: Readonly<Record<string, unknown>> | undefined
  if (raw.options !== undefined) {
    if (!isRecord(raw.options)) return notValid
    const extra = Object.keys(raw.options).find((k) => k !== 'fill')
    if (extra !== undefined) return new SchemaProblem('extra keys not allowed', [...path, 'options', extra], false)
    options = raw.options
  }
  const required = raw.required === undefined ? true : raw.required
  switch (t) {
    case 'string': {
      const minLength = raw.min_length === undefined ? 0 : raw.min_length
      const maxLength = raw.max_length === undefined ? 255 : raw.max_length
      if (!isPyInt(minLength) || num(minLength) < 0 || num(minLength) > 255) return notValid
      if (!isPyInt(maxLength) || num(maxLength) < 1 || num(maxLength) > 255) return notValid
      return { schema: { type: t, required, minLength: num(minLength), maxLength: num(maxLength) }, options }
    }
    case 'number': {
      const min = raw.min === undefined ? null : raw.min
      const max = raw.max === undefined ? null : raw.max
      if ((min !== null && !isPyReal(min)) || (max !== null && !isPyReal(max))) return notValid
      return { schema: { type: t, required, min: min === null ? null : num(min), max: max === null ? null : num(max) }, options }
    }
    default:
      return { schema: { type: t, required }, options }
  }
}

/** `resource_type_from_dict` checks: attribute names, then min ≤ max (two spaces, sic). */
function checkAttribute(name: string, schema: AttributeSchema): void {
  if (RESERVED_ATTRIBUTE_NAMES.has(name) || name.length > MAX_ATTRIBUTE_NAME_LENGTH || !/^[a-zA-Z0-9]/.test(name)) {
    // gnocchi-compat: only the first character is checked (`new-field`, `bad name` pass), see
    // gnocchi/resource_type.py VALID_ATTRIBUTE_NAME.
    throw badRequest(`Invalid input: Resource attribute name ${name} is invalid`)
  }
  const lo = schema.type === 'string' ? schema.minLength : schema.min
  const hi = schema.type === 'string' ? schema.maxLength : schema.max
  if (lo !== undefined && lo !== null && hi !== undefined && hi !== null && lo > hi) {
    throw badRequest(
      `Invalid input: Resource attribute value min (or min_length) ${lo} must be less  than or equal to max (or max_length) ${hi}!`,
    )
  }
}

const toInvalidInput = (p: SchemaProblem): GnocchiError => invalidInput(p.reason, p.path)

/**
 * Validates a `POST /v1/resource_type` body into the type to create.
 * @throws GnocchiError 400 Invalid input (structured) or the plain `Invalid input: …` strings.
 */
export function parseResourceTypeBody(body: unknown): ResourceType {
  if (!isRecord(body)) throw invalidInput('expected a dictionary', [])
  for (const key of Object.keys(body)) {
    if (key !== 'name' && key !== 'attributes') throw invalidInput(`extra keys not allowed @ data['${key}']`, [key])
  }
  // gnocchi-compat: a missing name is a 500 in 4.4.2; Recommended 400 (gnocchi-rest.md §4).
  if (body.name === undefined) throw invalidInput("required key not provided @ data['name']", ['name'])
  if (typeof body.name !== 'string') throw invalidInput("expected str for dictionary value @ data['name']", ['name'])
  if (!RESOURCE_TYPE_NAME.test(body.name)) throw invalidInput("not a valid value for dictionary value @ data['name']", ['name'])
  const rawAttributes = body.attributes === undefined ? {} : body.attributes
  if (!isRecord(rawAttributes)) throw invalidInput("expected a dictionary for dictionary value @ data['attributes']", ['attributes'])
  const parsed: [string, AttributeSchema][] = []
  for (const [name, raw] of Object.entries(rawAttributes)) {
    const p = parseAttribute(raw, ['attributes', name], false)
    if (p instanceof SchemaProblem) throw toInvalidInput(p)
    parsed.push([name, p.schema])
  }
  for (const [name, schema] of parsed) checkAttribute(name, schema)
  return { name: body.name, state: 'active', attributes: Object.fromEntries(parsed) }
}

/** Renders one attribute definition (§2.5). */
export function renderAttributeSchema(schema: AttributeSchema): AttributeSchemaJson {
  switch (schema.type) {
    case 'string':
      return { type: 'string', required: schema.required, min_length: schema.minLength ?? 0, max_length: schema.maxLength ?? 255 }
    case 'number':
      return { type: 'number', required: schema.required, min: schema.min ?? null, max: schema.max ?? null }
    default:
      return { type: schema.type, required: schema.required }
  }
}

/** Renders a resource type (§2.5). */
export function renderResourceType(type: ResourceType): ResourceTypeJson {
  const attributes: Record<string, AttributeSchemaJson> = {}
  for (const [name, schema] of Object.entries(type.attributes)) attributes[name] = renderAttributeSchema(schema)
  return { name: type.name, state: type.state, attributes }
}

/** A new attribute from a PATCH: its schema and the value written into existing rows. */
export interface AddedAttribute {
  readonly name: string
  readonly schema: AttributeSchema
  readonly fill: AttributeValue
}

/**
 * Validates the attribute map that results from applying a JSON patch (the whole map, as
 * 4.4.2 re-validates the whole type with its update schema), and returns the definitions of
 * the `added` names with their fill values.
 * @throws GnocchiError plain 400 `Invalid input: <reason>` strings.
 */
export function parsePatchedAttributes(next: unknown, added: readonly string[]): AddedAttribute[] {
  if (!isRecord(next)) throw badRequest(`Invalid input: ${new SchemaProblem('expected a dictionary', ['attributes'], true).reason}`)
  const parsed = new Map<string, ParsedAttribute>()
  for (const [name, raw] of Object.entries(next)) {
    const p = parseAttribute(raw, ['attributes', name], true)
    if (p instanceof SchemaProblem) throw badRequest(`Invalid input: ${p.reason}`)
    parsed.set(name, p)
  }
  const out: AddedAttribute[] = []
  for (const name of added) {
    const p = parsed.get(name)
    if (p === undefined) continue
    checkAttribute(name, p.schema)
    out.push({ name, schema: p.schema, fill: fillOf(name, p) })
  }
  return out
}

function fillOf(name: string, p: ParsedAttribute): AttributeValue {
  const invalid = (why: string): GnocchiError =>
    badRequest(`Invalid input: Option 'fill' of resource attribute ${name} is invalid: ${why}`)
  const fill = p.options?.fill
  if (fill === undefined || fill === null) {
    if (p.schema.required) throw invalid('must not be empty if required=True')
    return null
  }
  const checked = checkAttributeValue(p.schema, fill)
  if (!checked.ok) throw invalid(checked.problem)
  return checked.value
}

/** One attribute definition as {@link parseResourceTypeBody} accepts it (`options` only in a PATCH). */
export const ATTRIBUTE_DEFINITION_BODY = {
  type: 'object',
  required: ['type'],
  properties: {
    type: { enum: ATTRIBUTE_TYPES },
    required: { type: 'boolean', description: 'Default true.' },
    min_length: { type: 'integer', minimum: 0, maximum: 255, description: '`string` only; default 0.' },
    max_length: { type: 'integer', minimum: 1, maximum: 255, description: '`string` only; default 255.' },
    min: { type: ['number', 'null'], description: '`number` only.' },
    max: { type: ['number', 'null'], description: '`number` only.' },
    options: {
      type: 'object',
      properties: { fill: { description: 'PATCH only: the value written into existing resources (required for a required attribute).' } },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
} as const

/** The JSON Schema of the `POST /v1/resource_type` body that {@link parseResourceTypeBody} validates. */
export const RESOURCE_TYPE_BODY = documentedBody({
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', pattern: RESOURCE_TYPE_NAME.source },
    attributes: {
      type: 'object',
      description: `Attribute name → definition. Names start with a letter or digit, are at most ${MAX_ATTRIBUTE_NAME_LENGTH} characters and not a resource column.`,
      additionalProperties: ATTRIBUTE_DEFINITION_BODY,
    },
  },
  additionalProperties: false,
  examples: [{ name: 'host', attributes: { host_name: { type: 'string', required: true, max_length: 255 } } }],
})

/**
 * Resources, their revisions and resource types (gnocchi-rest.md §2.4–§2.5).
 * Times are integer microseconds since the Unix epoch (UTC).
 */

/** Type of a resource-type attribute. */
export type AttributeType = 'string' | 'uuid' | 'number' | 'bool' | 'datetime'

/** Schema of one attribute of a resource type. */
export interface AttributeSchema {
  readonly type: AttributeType
  readonly required: boolean
  /** `string` only. */
  readonly minLength?: number
  /** `string` only. */
  readonly maxLength?: number
  /** `number` only; `null` = unbounded. */
  readonly min?: number | null
  /** `number` only; `null` = unbounded. */
  readonly max?: number | null
  /** Alias of `min`/`max` kept as given for `number` (`min`, `max`). */
}

/** Lifecycle state of a resource type. */
export type ResourceTypeState =
  | 'active' | 'creating' | 'creation_error' | 'deleting' | 'deletion_error' | 'updating' | 'updating_error'

/** A resource type. `generic` always exists with no attributes. */
export interface ResourceType {
  readonly name: string
  readonly state: ResourceTypeState
  /** Attribute name → schema, in creation order. */
  readonly attributes: Readonly<Record<string, AttributeSchema>>
}

/**
 * Value of a type-specific attribute as stored: strings, uuids (canonical text), numbers,
 * booleans, datetimes (µs since epoch), or null.
 */
export type AttributeValue = string | number | boolean | null

/** One revision of a resource; the current revision has `revisionEndUs === null`. */
export interface ResourceRevision {
  /** Canonical lowercase UUID. */
  readonly id: string
  readonly type: string
  /** The id text the client supplied at creation (verbatim). */
  readonly originalResourceId: string
  /** `user` (basic mode) or `user_id:project_id` (keystone); null when unknown. */
  readonly creator: string | null
  readonly userId: string | null
  readonly projectId: string | null
  readonly startedAtUs: number
  readonly endedAtUs: number | null
  readonly revisionStartUs: number
  readonly revisionEndUs: number | null
  /** Sequence number of the revision, unique per resource; the current one is the highest. */
  readonly revision: number
  /** Type-specific attributes. */
  readonly attributes: Readonly<Record<string, AttributeValue>>
}

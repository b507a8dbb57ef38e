/**
 * The error catalogue. Every layer below `http` throws {@link GnocchiError} (or its subclass
 * `GrammarError`); the http error plugin maps {@link ErrorCode} to a status in one table.
 * Nothing here knows about HTTP.
 */

/** Stable error codes. Adding one forces the http status table to handle it (it is a `Record`). */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'INVALID_OPERATIONS'
  | 'INVALID_FILTER'
  | 'UNAGGREGABLE'
  | 'UNKNOWN_METRICS'
  | 'UNKNOWN_AGGREGATION'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_ACCEPTABLE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'METHOD_NOT_ALLOWED'
  | 'PRECONDITION_FAILED'
  | 'NOT_IMPLEMENTED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNAVAILABLE'

/** Gnocchi's structured description, the shape of its `jsonify()` for argument errors. */
export interface StructuredDescription {
  readonly cause: string
  readonly reason?: string
  readonly detail?: unknown
}

/** A Gnocchi error `description`: a plain string or a structured object. `null` for routing 404s. */
export type Description = string | StructuredDescription | null

/** User-facing cause strings, kept verbatim (including Gnocchi's grammar). */
export const CAUSES = {
  invalidInput: 'Invalid input',
  invalidOperations: 'Invalid operations',
  unaggregable: "Metrics can't being aggregated",
  unknownMetrics: 'Unknown metrics',
  unknownAggregation: 'Metrics with unknown aggregation',
  argumentError: 'Argument value error',
} as const

/** The one error class lower layers throw. */
export class GnocchiError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly description: Description,
    options?: ErrorOptions,
  ) {
    super(
      description === null ? code : typeof description === 'string' ? description : describe(description),
      options,
    )
    this.name = 'GnocchiError'
  }
}

function describe(d: StructuredDescription): string {
  return d.reason === undefined ? d.cause : `${d.cause}: ${d.reason}`
}

/** 400 `Invalid input` with voluptuous-style `reason` and `detail` path. */
export const invalidInput = (reason: string, detail: readonly (string | number)[] = []): GnocchiError =>
  new GnocchiError('INVALID_INPUT', { cause: CAUSES.invalidInput, reason, detail: detail.map(String) })

/** 400 with a plain string description (most of Gnocchi's argument errors). */
export const badRequest = (description: string): GnocchiError => new GnocchiError('INVALID_INPUT', description)

/** 400 `Metrics can't being aggregated`. */
export const unaggregable = (reason: string, detail: unknown): GnocchiError =>
  new GnocchiError('UNAGGREGABLE', { cause: CAUSES.unaggregable, reason, detail })

/** 404 with a plain description such as `Metric <id> does not exist`. */
export const notFound = (description: string): GnocchiError => new GnocchiError('NOT_FOUND', description)

/** 409 with a plain description such as `Archive policy low already exists`. */
export const conflict = (description: string): GnocchiError => new GnocchiError('CONFLICT', description)

/** Type guard usable across module copies (tests, workers). */
export function isGnocchiError(e: unknown): e is GnocchiError {
  return e instanceof GnocchiError
}

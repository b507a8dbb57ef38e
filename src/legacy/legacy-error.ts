/**
 * Errors of the legacy NodeConductor routes. The old service was Django REST framework, so its
 * error bodies are not Gnocchi's `{code, title, description}` but DRF's: a field map
 * `{"field": ["message"]}`, `{"detail": "…"}`, and in two places a bare JSON string or list
 * (legacy-stats-api.md §1.1, §2.3). The error carries its status and exact body; the legacy
 * routes' error handler sends it as is.
 */

/** A DRF field map: field name → messages. */
export type FieldErrors = Readonly<Record<string, readonly string[]>>

/** The JSON body of a legacy error. */
export type LegacyErrorBody = FieldErrors | { readonly detail: string } | string | readonly string[]

/** An error with a legacy status and body. */
export class LegacyError extends Error {
  constructor(
    readonly status: number,
    readonly body: LegacyErrorBody,
  ) {
    super(typeof body === 'string' ? body : JSON.stringify(body))
    this.name = 'LegacyError'
  }
}

/** 400 with a DRF field map. */
export const fieldErrors = (errors: FieldErrors): LegacyError => new LegacyError(400, errors)

/** `{"detail": message}` with the given status. */
export const detailError = (status: number, detail: string): LegacyError => new LegacyError(status, { detail })

/** 400 whose body is a bare JSON string or list (DRF `ValidationError` raised in a view or filter). */
export const bareError = (body: string | readonly string[]): LegacyError => new LegacyError(400, body)

/** DRF's 404 body. */
export const notFoundError = (): LegacyError => detailError(404, 'Not found.')

/** Type guard. */
export const isLegacyError = (e: unknown): e is LegacyError => e instanceof LegacyError

/** Collects field errors in DRF's order (declaration order of the serializer fields). */
export class FieldErrorCollector {
  private readonly errors = new Map<string, string[]>()

  /** Adds a message to a field. */
  add(field: string, message: string): void {
    const list = this.errors.get(field)
    if (list === undefined) this.errors.set(field, [message])
    else list.push(message)
  }

  /** True when nothing was added. */
  get empty(): boolean {
    return this.errors.size === 0
  }

  /** Throws the collected errors as one 400, if any. */
  throwIfAny(): void {
    if (!this.empty) throw fieldErrors(Object.fromEntries(this.errors))
  }
}

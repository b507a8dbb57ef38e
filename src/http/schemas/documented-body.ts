/**
 * Body schemas that document a route without validating its body (docs/openapi.md).
 *
 * Most `/v1` bodies are checked by hand-written parsers that reproduce voluptuous's exact error
 * texts and check order (Gnocchi's functional tests compare them), some after authorization or
 * after a resource lookup. Letting Ajv validate the same bodies first would change both the
 * messages and the order. A schema passed through {@link documentedBody} is therefore rendered
 * into the OpenAPI document but compiled into a validator that accepts every parsed body: the
 * body plugin's validator compiler asks {@link isDocumentationOnly} before compiling.
 *
 * Body schemas not marked this way are validated by Ajv as usual (strict, no coercion).
 */
import type { JsonSchema } from './json-schema.js'

/** How a documented body is described beyond its schema. */
export interface DocumentedBodyOptions {
  /** The route also works without a body (search filters, bulk delete); default false. */
  readonly optional?: boolean
}

const DOCUMENTATION_ONLY = new WeakMap<object, DocumentedBodyOptions>()

/**
 * Marks `schema` as documentation of a body that the route's own parser validates, and returns
 * it (the same object: the mark is the object's identity, so the rendered schema stays clean).
 */
export function documentedBody<T extends JsonSchema>(schema: T, options: DocumentedBodyOptions = {}): T {
  DOCUMENTATION_ONLY.set(schema, options)
  // A body described per media type (`{content: {<type>: {schema}}}`) is compiled per type.
  const content = schema.content
  if (typeof content === 'object' && content !== null) {
    for (const media of Object.values(content as Record<string, { schema?: object }>)) {
      if (typeof media.schema === 'object' && media.schema !== null) DOCUMENTATION_ONLY.set(media.schema, options)
    }
  }
  return schema
}

/** Whether a body schema only documents the body (see {@link documentedBody}). */
export function isDocumentationOnly(schema: unknown): boolean {
  return typeof schema === 'object' && schema !== null && DOCUMENTATION_ONLY.has(schema)
}

/** Whether a documented body may be absent; false for unmarked schemas. */
export function isOptionalBody(schema: unknown): boolean {
  return typeof schema === 'object' && schema !== null && DOCUMENTATION_ONLY.get(schema)?.optional === true
}

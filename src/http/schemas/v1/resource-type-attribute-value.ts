/**
 * Validation of one value against a resource-type attribute schema (gnocchi-rest.md §3.7, the
 * "value validation on resources" column), with voluptuous's problem texts. Used for
 * `options.fill` of added attributes; resource bodies can reuse it.
 */
import { parseLenientUuid } from '../../../engine/resource-id.js'
import { isGnocchiError } from '../../../model/errors.js'
import type { AttributeSchema, AttributeValue } from '../../../model/resource.js'
import { parseTimestampUs, TIMESTAMP_ERRORS } from '../../../model/timestamp.js'

/** Outcome of {@link checkAttributeValue}: the stored value, or voluptuous's problem text. */
export type AttributeValueCheck = { readonly ok: true; readonly value: AttributeValue } | { readonly ok: false; readonly problem: string }

const fail = (problem: string): AttributeValueCheck => ({ ok: false, problem })
const ok = (value: AttributeValue): AttributeValueCheck => ({ ok: true, value })

/**
 * Checks a non-null value against an attribute schema and converts it to its stored form
 * (uuid canonical, datetime µs since the epoch, bool as given, number as a number).
 */
export function checkAttributeValue(schema: AttributeSchema, value: unknown): AttributeValueCheck {
  switch (schema.type) {
    case 'string': {
      if (typeof value !== 'string') return fail('expected str')
      const length = Array.from(value).length
      if (schema.minLength !== undefined && length < schema.minLength) return fail(`length of value must be at least ${schema.minLength}`)
      if (schema.maxLength !== undefined && length > schema.maxLength) return fail(`length of value must be at most ${schema.maxLength}`)
      return ok(value)
    }
    case 'number': {
      // gnocchi-compat: `numbers.Real` accepts booleans (a Python bool is an int).
      if (typeof value !== 'number' && typeof value !== 'boolean') return fail('expected Real')
      const n = Number(value)
      if (schema.min !== undefined && schema.min !== null && n < schema.min) return fail(`value must be at least ${schema.min}`)
      if (schema.max !== undefined && schema.max !== null && n > schema.max) return fail(`value must be at most ${schema.max}`)
      return ok(n)
    }
    case 'bool':
      return typeof value === 'boolean' ? ok(value) : fail('expected bool')
    case 'uuid': {
      const id = typeof value === 'string' ? parseLenientUuid(value) : null
      return id === null ? fail('badly formed hexadecimal UUID string') : ok(id)
    }
    case 'datetime':
      try {
        return ok(parseTimestampUs(value))
      } catch (e) {
        if (isGnocchiError(e) && typeof e.description === 'string') return fail(e.description)
        return fail(TIMESTAMP_ERRORS.unconvertible)
      }
    default:
      return fail('not a valid value')
  }
}

/**
 * Reading a parsed query string the way Django's `QueryDict` does: `get` gives the last value
 * of a repeated parameter, `getlist` all of them.
 */

/** A parsed query string: repeated keys become arrays. */
export type QueryParams = Readonly<Record<string, unknown>>

/** Every string value of `name`, in order. */
export function allParams(query: QueryParams, name: string): string[] {
  const v = query[name]
  if (typeof v === 'string') return [v]
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string')
  return []
}

/** The last value of `name` (Django `QueryDict.get`), or undefined when absent. */
export function lastParam(query: QueryParams, name: string): string | undefined {
  const all = allParams(query, name)
  return all.length === 0 ? undefined : all[all.length - 1]
}

/** Whether `name` is present at all (flag parameters such as `opened`). */
export const hasParam = (query: QueryParams, name: string): boolean => allParams(query, name).length > 0

/** A legacy UUID compared without dashes and case (`?uuid=` takes hex or canonical form). */
export const uuidKey = (id: string): string => id.replace(/-/g, '').toLowerCase()

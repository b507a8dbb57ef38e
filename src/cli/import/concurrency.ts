/** Bounded parallelism for the import: at most `limit` calls of `fn` in flight at once. */

/**
 * Calls `fn` on every item with at most `limit` calls running at once, in item order of
 * starting. `fn` should not throw (the importer records failures itself); if it does, the
 * remaining items are not started and the first error is rethrown once the running calls end.
 */
export async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0
  let failure: { error: unknown } | null = null
  const worker = async (): Promise<void> => {
    while (failure === null && next < items.length) {
      const i = next++
      try {
        await fn(items[i]!, i)
      } catch (error) {
        failure ??= { error }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker))
  if (failure !== null) throw (failure as { error: unknown }).error
}

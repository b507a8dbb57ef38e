/**
 * What every `polenta` subcommand is to the dispatcher (`src/cli.ts`): a name, a one-line
 * summary, a help text and a `run` that returns the exit code. Usage mistakes are thrown as
 * {@link UsageError} (exit 2, message and usage on stderr); anything else a command cannot do
 * is reported by the command itself with exit 1.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util'

/** A writable text stream (process.stdout/stderr in production). */
export interface TextSink {
  write(text: string): unknown
  /** True when the stream is a terminal (progress bars only then). */
  readonly isTTY?: boolean
}

/** What a command runs against: the environment and the output streams. */
export interface CliContext {
  readonly env: Readonly<Record<string, string | undefined>>
  readonly stdout: TextSink
  readonly stderr: TextSink
}

/** One subcommand. */
export interface Command {
  readonly name: string
  /** One line for `polenta --help`. */
  readonly summary: string
  /** The full `polenta <name> --help` text (usage line first). */
  readonly help: string
  /** Runs the command; resolves with the process exit code. */
  run(args: readonly string[], ctx: CliContext): Promise<number>
}

/** A mistake in the command line: the dispatcher prints the message and the usage, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/** Node's parseArgs error codes: all of them are mistakes of the caller. */
const PARSE_ARGS_ERROR = /^ERR_PARSE_ARGS_/

/**
 * `util.parseArgs` in strict mode, with its errors turned into {@link UsageError}s and no
 * positional arguments unless `allowPositionals`.
 */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  args: readonly string[],
  options: T,
  allowPositionals = false,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: boolean }>> {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals })
  } catch (e) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && PARSE_ARGS_ERROR.test(code)) throw new UsageError((e as Error).message)
    throw e
  }
}

/** Parses a whole number within bounds, or throws a {@link UsageError} naming the flag. */
export function parseIntegerFlag(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(text)
  if (text.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `between ${min} and ${max}`
    throw new UsageError(`--${flag} must be a whole number ${range}, not ${JSON.stringify(text)}`)
  }
  return n
}

/** Parses `true`/`false` (and yes/no, 1/0), or throws a {@link UsageError} naming the flag. */
export function parseBooleanFlag(flag: string, text: string): boolean {
  const t = text.trim().toLowerCase()
  if (['true', 'yes', '1', 'on'].includes(t)) return true
  if (['false', 'no', '0', 'off'].includes(t)) return false
  throw new UsageError(`--${flag} must be true or false, not ${JSON.stringify(text)}`)
}

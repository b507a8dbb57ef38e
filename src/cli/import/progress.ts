/**
 * Progress of `polenta import` on stderr: a cli-progress multi-bar (one bar per phase with
 * counts and ETA) when stderr is a terminal, plain periodic lines otherwise (logs, CI), so a
 * long import always shows that it advances.
 */
import cliProgress from 'cli-progress'
import type { TextSink } from '../command.js'

/** The phases that get a bar. */
export type ProgressPhase = 'resources' | 'metrics' | 'measures'

/** What the importer reports while it runs. */
export interface ImportProgress {
  /** A one-off line (phase results, listing counts). */
  note(line: string): void
  /** A phase begins with `total` items. */
  start(phase: ProgressPhase, total: number): void
  /** `by` more items of the phase are done; `points` adds to the phase's point count. */
  advance(phase: ProgressPhase, by?: number, points?: number): void
  /** Ends the display (bars stay on screen with their final values). */
  stop(): void
}

interface PhaseState {
  total: number
  done: number
  points: number
  readonly startedAt: number
}

/** `95` → `1m35s`. */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?'
  const s = Math.round(seconds)
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`
}

/** One plain progress line for a phase. */
export function progressLine(phase: ProgressPhase, state: PhaseState, now: number): string {
  const pct = state.total === 0 ? 100 : Math.floor((state.done / state.total) * 100)
  const elapsed = (now - state.startedAt) / 1000
  const eta = state.done === 0 ? Infinity : (elapsed / state.done) * (state.total - state.done)
  const points = phase === 'measures' ? `, ${state.points} points` : ''
  return `${phase}: ${state.done}/${state.total} (${pct}%)${points}, elapsed ${formatSeconds(elapsed)}, ETA ${formatSeconds(state.done >= state.total ? 0 : eta)}`
}

/** Plain lines: each phase's start, a line per phase every `intervalMs`, and its end. */
export class LineProgress implements ImportProgress {
  private readonly phases = new Map<ProgressPhase, PhaseState>()
  private readonly timer: NodeJS.Timeout

  constructor(
    private readonly out: TextSink,
    intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.timer = setInterval(() => this.tick(), intervalMs)
    this.timer.unref()
  }

  note(line: string): void {
    this.out.write(`${line}\n`)
  }

  start(phase: ProgressPhase, total: number): void {
    this.out.write(`${phase}: ${total} to import\n`)
    // An empty phase is over at once; no periodic line for it.
    if (total > 0) this.phases.set(phase, { total, done: 0, points: 0, startedAt: this.now() })
  }

  advance(phase: ProgressPhase, by = 1, points = 0): void {
    const s = this.phases.get(phase)
    if (s === undefined) return
    s.done += by
    s.points += points
    if (s.done >= s.total) {
      this.out.write(`${progressLine(phase, s, this.now())}\n`)
      this.phases.delete(phase)
    }
  }

  stop(): void {
    clearInterval(this.timer)
  }

  private tick(): void {
    const now = this.now()
    for (const [phase, s] of this.phases) this.out.write(`${progressLine(phase, s, now)}\n`)
  }
}

/** A cli-progress multi-bar on a terminal. */
export class BarProgress implements ImportProgress {
  private readonly multi: cliProgress.MultiBar
  private readonly bars = new Map<ProgressPhase, { bar: cliProgress.SingleBar; points: number }>()

  constructor(stream: NodeJS.WritableStream) {
    this.multi = new cliProgress.MultiBar(
      {
        stream,
        format: '{phase} [{bar}] {percentage}% | {value}/{total}{extra} | ETA {eta_formatted}',
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 200,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    )
  }

  note(line: string): void {
    this.multi.log(`${line}\n`)
  }

  start(phase: ProgressPhase, total: number): void {
    const bar = this.multi.create(total, 0, { phase: phase.padEnd(9), extra: '' })
    this.bars.set(phase, { bar, points: 0 })
  }

  advance(phase: ProgressPhase, by = 1, points = 0): void {
    const b = this.bars.get(phase)
    if (b === undefined) return
    b.points += points
    b.bar.increment(by, { extra: phase === 'measures' ? ` | ${b.points} points` : '' })
  }

  stop(): void {
    this.multi.stop()
  }
}

/**
 * The progress display that suits `stderr`: bars on a terminal (a TTY sink is a real
 * `tty.WriteStream`, which cli-progress drives with cursor movements), lines otherwise.
 */
export function createProgress(stderr: TextSink, intervalMs = 5_000): ImportProgress {
  return stderr.isTTY === true ? new BarProgress(stderr as unknown as NodeJS.WritableStream) : new LineProgress(stderr, intervalMs)
}

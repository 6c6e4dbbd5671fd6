/**
 * When each open document is checked: a debounce per document, a generation
 * counter so a stale run never publishes over a newer one, the requests
 * waiting for a scheduled check, and the batched re-check of the documents
 * that may read a changed one. It knows nothing of LSP or of what a check
 * does: the server hands it `check(uri, generation)` and `checkDependents`,
 * and tests drive it with their own clock.
 */

/** Milliseconds between the last keystroke and the check of a document. */
export const DEBOUNCE_MS = 200;
/** Other open documents (which may include or sit next to the edited one) are re-checked a little later. */
export const DEPENDENTS_DEBOUNCE_MS = 400;
/**
 * Documents up to this many characters are checked `debounceMs` after the last
 * edit; larger ones wait proportionally longer (a 5 MB file 250 ms, the 16 MB
 * cap 0.8 s), about what their check itself takes (BENCHMARKS.md), so typing
 * in them does not start a check on every pause.
 */
export const DEBOUNCE_SCALE_CHARS = 4 * 1024 * 1024;

/** The quiet time after an edit before a document of `chars` characters is checked. */
export function debounceFor(chars: number, baseMs: number = DEBOUNCE_MS): number {
  return chars <= DEBOUNCE_SCALE_CHARS ? baseMs : Math.round((baseMs * chars) / DEBOUNCE_SCALE_CHARS);
}

/** The timer functions the scheduler uses; tests pass a manual clock. */
export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Something a waiter can be cancelled by (LSP's CancellationToken fits). */
export interface Cancellable {
  onCancellationRequested(listener: () => void): unknown;
}

export interface SchedulerOptions {
  /** Checks a document; `generation` tells whether the run is still the newest (`isCurrent`). */
  readonly check: (uri: string, generation: number) => Promise<void>;
  /** Re-checks the documents that may read one of `changed` (after DEPENDENTS_DEBOUNCE_MS). */
  readonly checkDependents?: (changed: readonly string[]) => void;
  readonly dependentsDelayMs?: number;
  readonly timers?: Timers;
}

export class DocumentScheduler {
  private readonly generations = new Map<string, number>();
  private readonly pending = new Map<string, unknown>();
  private readonly waiters = new Map<string, Array<() => void>>();
  private readonly changed = new Set<string>();
  private dependentsTimer: unknown;
  private readonly timers: Timers;

  constructor(private readonly options: SchedulerOptions) {
    this.timers = options.timers ?? realTimers;
  }

  /** Starts a new generation for `uri` and checks it after `delayMs`, replacing any pending check. */
  schedule(uri: string, delayMs: number): void {
    const generation = this.next(uri);
    this.cancelTimer(uri);
    this.pending.set(
      uri,
      this.timers.set(() => {
        this.pending.delete(uri);
        void this.options.check(uri, generation);
      }, delayMs),
    );
  }

  /** Checks `uri` now, replacing any pending check; resolves when that check is done. */
  checkNow(uri: string): Promise<void> {
    const generation = this.next(uri);
    this.cancelTimer(uri);
    return this.options.check(uri, generation);
  }

  /** Whether a check of `uri` is waiting for its debounce. */
  isPending(uri: string): boolean {
    return this.pending.has(uri);
  }

  /** Whether `generation` is still the newest of `uri` (no newer edit, no close since). */
  isCurrent(uri: string, generation: number): boolean {
    return this.generations.get(uri) === generation;
  }

  /** Resolves when the next check of `uri` finishes (see `checked`), or when `token` is cancelled. */
  waitForCheck(uri: string, token?: Cancellable): Promise<void> {
    return new Promise<void>((resolve) => {
      const list = this.waiters.get(uri) ?? [];
      list.push(resolve);
      this.waiters.set(uri, list);
      token?.onCancellationRequested(() => resolve());
    });
  }

  /** A check of `uri` finished (or failed): the requests waiting for it go on. */
  checked(uri: string): void {
    const waiting = this.waiters.get(uri);
    if (!waiting) return;
    this.waiters.delete(uri);
    for (const wake of waiting) wake();
  }

  /** The document closed: its pending check is dropped, a running one is stale, its waiters go on. */
  forget(uri: string): void {
    this.next(uri);
    this.cancelTimer(uri);
    this.checked(uri);
  }

  /**
   * `uri` changed: after DEPENDENTS_DEBOUNCE_MS of quiet, `checkDependents`
   * gets every document that changed meanwhile, once.
   */
  changedForDependents(uri: string): void {
    if (!this.options.checkDependents) return;
    this.changed.add(uri);
    if (this.dependentsTimer !== undefined) this.timers.clear(this.dependentsTimer);
    this.dependentsTimer = this.timers.set(() => {
      this.dependentsTimer = undefined;
      const changed = [...this.changed];
      this.changed.clear();
      this.options.checkDependents?.(changed);
    }, this.options.dependentsDelayMs ?? DEPENDENTS_DEBOUNCE_MS);
  }

  /** Stops every timer (the server is shutting down). */
  dispose(): void {
    for (const uri of [...this.pending.keys()]) this.cancelTimer(uri);
    if (this.dependentsTimer !== undefined) this.timers.clear(this.dependentsTimer);
    this.dependentsTimer = undefined;
    for (const uri of [...this.waiters.keys()]) this.checked(uri);
  }

  private next(uri: string): number {
    const generation = (this.generations.get(uri) ?? 0) + 1;
    this.generations.set(uri, generation);
    return generation;
  }

  private cancelTimer(uri: string): void {
    const timer = this.pending.get(uri);
    if (timer === undefined) return;
    this.timers.clear(timer);
    this.pending.delete(uri);
  }
}

/**
 * The document scheduler and the settings cache without a connection: a
 * manual clock decides when timers fire, and the checks are recorded.
 */
import { strict as assert } from 'assert';
import { DocumentScheduler, Timers } from '../../../server/src/lsp/scheduler';
import { SettingsCache } from '../../../server/src/lsp/settingsCache';

/** Timers that fire only when the test advances the clock. */
class ManualClock implements Timers {
  now = 0;
  private next = 1;
  private readonly due = new Map<number, { at: number; fn: () => void }>();
  set(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.due.set(id, { at: this.now + ms, fn });
    return id;
  }
  clear(handle: unknown): void {
    this.due.delete(handle as number);
  }
  get pending(): number {
    return this.due.size;
  }
  advance(ms: number): void {
    this.now += ms;
    for (const [id, t] of [...this.due].sort((a, b) => a[1].at - b[1].at)) {
      if (t.at > this.now || !this.due.has(id)) continue;
      this.due.delete(id);
      t.fn();
    }
  }
}

function setup() {
  const clock = new ManualClock();
  const runs: Array<{ uri: string; generation: number; current: boolean }> = [];
  const dependents: string[][] = [];
  const scheduler: DocumentScheduler = new DocumentScheduler({
    check: async (uri, generation) => {
      runs.push({ uri, generation, current: scheduler.isCurrent(uri, generation) });
      scheduler.checked(uri);
    },
    checkDependents: (changed) => dependents.push([...changed]),
    dependentsDelayMs: 400,
    timers: clock,
  });
  return { clock, runs, dependents, scheduler };
}

describe('DocumentScheduler', () => {
  it('debounces: only the last of several quick edits is checked, after the quiet time', () => {
    const { clock, runs, scheduler } = setup();
    scheduler.schedule('file:///a.conf', 200);
    clock.advance(100);
    scheduler.schedule('file:///a.conf', 200);
    clock.advance(150);
    assert.deepEqual(runs, []);
    assert.equal(scheduler.isPending('file:///a.conf'), true);
    clock.advance(50);
    assert.deepEqual(runs, [{ uri: 'file:///a.conf', generation: 2, current: true }]);
    assert.equal(scheduler.isPending('file:///a.conf'), false);
  });

  it('keeps one debounce per document', () => {
    const { clock, runs, scheduler } = setup();
    scheduler.schedule('file:///a.conf', 200);
    scheduler.schedule('file:///b.conf', 0);
    clock.advance(0);
    assert.deepEqual(
      runs.map((r) => r.uri),
      ['file:///b.conf'],
    );
    clock.advance(200);
    assert.deepEqual(
      runs.map((r) => r.uri),
      ['file:///b.conf', 'file:///a.conf'],
    );
  });

  it('makes a running check stale when the document is edited or closed meanwhile', async () => {
    const clock = new ManualClock();
    let release!: () => void;
    const verdicts: boolean[] = [];
    const scheduler: DocumentScheduler = new DocumentScheduler({
      check: async (uri, generation) => {
        await new Promise<void>((r) => (release = r));
        verdicts.push(scheduler.isCurrent(uri, generation));
      },
      timers: clock,
    });
    const first = scheduler.checkNow('file:///a.conf');
    scheduler.schedule('file:///a.conf', 200); // an edit while the first check waits for its settings
    release();
    await first;
    assert.deepEqual(verdicts, [false]);
    const second = scheduler.checkNow('file:///a.conf');
    scheduler.forget('file:///a.conf'); // closed
    release();
    await second;
    assert.deepEqual(verdicts, [false, false]);
    assert.equal(clock.pending, 0, 'closing dropped the pending check');
  });

  it('checkNow replaces the pending check instead of adding one', async () => {
    const { clock, runs, scheduler } = setup();
    scheduler.schedule('file:///a.conf', 200);
    await scheduler.checkNow('file:///a.conf');
    clock.advance(1000);
    assert.deepEqual(runs, [{ uri: 'file:///a.conf', generation: 2, current: true }]);
  });

  it('wakes the requests waiting for a check when it finishes, is cancelled, or the document closes', async () => {
    const { clock, scheduler } = setup();
    const woke: string[] = [];
    scheduler.schedule('file:///big.conf', 300);
    const waiting = scheduler.waitForCheck('file:///big.conf').then(() => woke.push('check'));
    await Promise.resolve();
    assert.equal(woke.length, 0);
    clock.advance(300);
    await waiting;
    assert.deepEqual(woke, ['check']);

    let cancel!: () => void;
    const cancelled = scheduler.waitForCheck('file:///big.conf', { onCancellationRequested: (l) => (cancel = l) }).then(() => woke.push('cancel'));
    cancel();
    await cancelled;
    const closed = scheduler.waitForCheck('file:///big.conf').then(() => woke.push('close'));
    scheduler.forget('file:///big.conf');
    await closed;
    assert.deepEqual(woke, ['check', 'cancel', 'close']);
  });

  it('batches the documents changed within the dependents delay into one re-check', () => {
    const { clock, dependents, scheduler } = setup();
    scheduler.changedForDependents('file:///a.conf');
    clock.advance(300);
    scheduler.changedForDependents('file:///b.conf');
    scheduler.changedForDependents('file:///a.conf');
    clock.advance(399);
    assert.deepEqual(dependents, []);
    clock.advance(1);
    assert.deepEqual(dependents, [['file:///a.conf', 'file:///b.conf']]);
  });

  it('dispose stops every timer', () => {
    const { clock, runs, dependents, scheduler } = setup();
    scheduler.schedule('file:///a.conf', 10);
    scheduler.changedForDependents('file:///a.conf');
    scheduler.dispose();
    clock.advance(10_000);
    assert.deepEqual(runs, []);
    assert.deepEqual(dependents, []);
  });
});

describe('SettingsCache', () => {
  it('loads once per document, shares a fetch in flight, and loads again after forget or clear', async () => {
    const loads: string[] = [];
    let version = 0;
    const cache = new SettingsCache<string>(async (uri) => {
      loads.push(uri);
      return `${uri}@${++version}`;
    }, 'default');
    const [a, b] = await Promise.all([cache.get('file:///a'), cache.get('file:///a')]);
    assert.equal(a, 'file:///a@1');
    assert.equal(b, a);
    assert.equal(await cache.get('file:///b'), 'file:///b@2');
    assert.deepEqual(loads, ['file:///a', 'file:///b']);
    cache.forget('file:///a');
    assert.equal(cache.has('file:///a'), false);
    assert.equal(await cache.get('file:///a'), 'file:///a@3');
    cache.clear();
    assert.equal(await cache.get('file:///b'), 'file:///b@4');
  });

  it('answers the fallback when a load fails, and tries again next time', async () => {
    let fail = true;
    const cache = new SettingsCache<string>(async () => {
      if (fail) throw new Error('client went away');
      return 'fetched';
    }, 'default');
    assert.equal(await cache.get('file:///a'), 'default');
    fail = false;
    assert.equal(await cache.get('file:///a'), 'fetched');
  });
});

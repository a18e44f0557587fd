// Node.js exit semantics: from the operations recorded by extract.ts to the exit plan of each
// scenario. Every rule below rests on a runtime fact that was checked by running node 20 (and
// node 24 for `using`); the fact is written next to the rule.
import type { Certainty, ExitCall, Location, Plan, PlanEntry, Registration, Scenario, ScenarioPlan, SkippedEntry } from '../model';
import { emptyPlan, type Language } from '../model';
import type { Extraction } from './extract';
import { LIBRARIES, type LibName } from './libraries';

type Entry = { type: 'reg'; id: number; cert: Certainty } | { type: 'lib'; lib: LibName; cert: Certainty };

/** Process listener lists and library hook lists as they stand when the program ends. */
interface State {
  listeners: Map<string, Entry[]>;
  hooks: Map<LibName, Array<{ id: number; cert: Certainty }>>;
  /** async-exit-hook uncaughtExceptionHandler / unhandledRejectionHandler hooks. */
  errHooks: Array<{ id: number; cert: Certainty; event: string }>;
  /** Scoped cleanups disposed while the top-level code ran (before any ending), in order. */
  disposed: Array<{ id: number; cert: Certainty }>;
  /** Registration id → the removal that took it away on every path. */
  removedBy: Map<number, { location: Location; text: string }>;
  /** Registrations whose removal happens on some paths only. */
  maybeRemoved: Set<number>;
}

const min = (a: Certainty, b: Certainty): Certainty => (a === 'unknown' || b === 'unknown' ? 'unknown' : a === 'conditional' || b === 'conditional' ? 'conditional' : 'definite');

const LISTENER_LIBS: LibName[] = ['exit-hook', 'signal-exit', 'async-exit-hook', 'node-cleanup'];

export function computePlan(file: string, language: Language, x: Extraction): Plan {
  const plan = emptyPlan(file, language);
  const regs = new Map<number, Registration>(x.registrations.map((r) => [r.id, r]));
  const state = replay(x, regs);
  const complete = x.unknowns.length === 0 && x.parseErrors.length === 0;
  const scenarios: Scenario[] = ['normal', 'exit', 'error', 'sigint', 'sigterm', 'hard-exit'];
  for (const s of scenarios) {
    const sim = new Simulation(x, regs, state, s);
    plan.scenarios[s] = sim.run(complete);
  }
  return plan;
}

function replay(x: Extraction, regs: Map<number, Registration>): State {
  const st: State = { listeners: new Map(), hooks: new Map(), errHooks: [], disposed: [], removedBy: new Map(), maybeRemoved: new Set() };
  const list = (ev: string): Entry[] => {
    let l = st.listeners.get(ev);
    if (!l) st.listeners.set(ev, (l = []));
    return l;
  };
  const installed = new Set<string>();
  for (const op of x.ops) {
    if (op.kind === 'dispose') {
      for (const id of op.regs) st.disposed.push({ id, cert: min(op.certainty, regs.get(id)!.certainty) });
      continue;
    }
    if (op.kind === 'reg') {
      const r = regs.get(op.id)!;
      const cert = r.certainty;
      if (r.mechanism.startsWith('process:') && r.event) {
        // EventEmitter: listeners run in registration order; prepend* puts one first.
        if (r.prepend) list(r.event).unshift({ type: 'reg', id: r.id, cert });
        else list(r.event).push({ type: 'reg', id: r.id, cert });
      } else if (r.mechanism === 'death') {
        // death adds a plain process.on listener per enabled event on every call.
        for (const ev of x.deathEvents.get(r.id) ?? ['SIGINT', 'SIGTERM']) list(ev).push({ type: 'reg', id: r.id, cert });
      } else if (r.mechanism === 'close-with-grace') {
        // close-with-grace adds process.once listeners per call (signals, errors, beforeExit).
        for (const ev of LIBRARIES['close-with-grace'].events) list(ev).push({ type: 'reg', id: r.id, cert });
      } else if (r.mechanism === 'async-exit-hook' && r.event) {
        // uncaughtExceptionHandler: the first one adds process.once('uncaughtException').
        const key = `async-exit-hook:${r.event}`;
        if (!installed.has(key)) {
          installed.add(key);
          list(r.event).push({ type: 'lib', lib: 'async-exit-hook', cert });
        }
        st.errHooks.push({ id: r.id, cert, event: r.event });
      } else if ((LISTENER_LIBS as string[]).includes(r.mechanism)) {
        const lib = r.mechanism as LibName;
        // The library installs its process listeners at its first hook: that is its position.
        if (!installed.has(lib)) {
          installed.add(lib);
          for (const ev of LIBRARIES[lib].events) list(ev).push({ type: 'lib', lib, cert });
        }
        const hooks = st.hooks.get(lib) ?? [];
        hooks.push({ id: r.id, cert });
        st.hooks.set(lib, hooks);
      }
      continue;
    }
    const rem = x.removals[op.id - 1];
    const text = rem.viaReturnedRemover ? 'the remover it returned' : rem.target === 'all' ? `removeAllListeners(${rem.event ? `'${rem.event}'` : ''})` : `process.off('${rem.event}', ${rem.target.name})`;
    const drop = (id: number): void => {
      if (rem.certainty === 'definite') {
        st.removedBy.set(id, { location: rem.location, text });
        for (const l of st.listeners.values()) for (let i = l.length - 1; i >= 0; i--) if (l[i].type === 'reg' && (l[i] as { id: number }).id === id) l.splice(i, 1);
        for (const h of st.hooks.values()) for (let i = h.length - 1; i >= 0; i--) if (h[i].id === id) h.splice(i, 1);
      } else st.maybeRemoved.add(id);
    };
    for (const id of rem.removes) drop(id);
    // removeAllListeners also takes away the listeners libraries installed.
    if (rem.target === 'all' && rem.mechanism.startsWith('process:')) {
      for (const [ev, l] of st.listeners) {
        if (rem.event && ev !== rem.event) continue;
        for (let i = l.length - 1; i >= 0; i--) {
          const e = l[i];
          if (e.type === 'lib') {
            if (rem.certainty === 'definite') l.splice(i, 1);
            else e.cert = min(e.cert, 'conditional');
          }
        }
      }
    }
  }
  return st;
}

interface Outcome {
  /** The process went on to emit 'exit' (sync: now; pending: after the current event). */
  exited: 'now' | 'pending' | 'maybe' | 'no';
}

class Simulation {
  private readonly out: PlanEntry[] = [];
  private readonly ran = new Set<number>();
  private readonly reasons = new Map<number, { reason: string; cause?: Location }>();
  /** Library guards: exit-hook's isCalled, async-exit-hook's called, signal-exit's emitted. */
  private readonly called = new Set<string>();
  private incomplete = false;

  constructor(
    private readonly x: Extraction,
    private readonly regs: Map<number, Registration>,
    private readonly st: State,
    private readonly scenario: Scenario,
  ) {}

  run(complete: boolean): ScenarioPlan {
    const x = this.x;
    // Scoped cleanups whose scope closed before the stopping point ran in every scenario, first.
    for (const d of this.st.disposed) this.push(d.id, d.cert);
    const stop = x.stop;
    const s = this.scenario;
    if (s === 'normal') {
      // Without an exit call, the entry module finishes evaluating: its own `using`s are disposed (LIFO) first.
      if (!stop) for (const id of x.unwind) this.push(id, 'definite');
      if (stop) this.endBy(stop);
      else if (x.rejection) this.rejected(x.rejection);
      else if (x.runsUntilStopped) this.runsForever();
      else this.naturalEnd('definite');
      if (x.conditionalEnds.length > 0) {
        // The program may end earlier at a conditional exit/throw: nothing is certain at its position.
        for (const e of this.out) if (e.certainty === 'definite') e.certainty = 'conditional';
      }
    } else if (s === 'exit') this.exit(undefined, stop?.callee === 'process.exit' ? stop : undefined);
    else if (s === 'error') this.error();
    else if (s === 'sigint') this.signal('SIGINT');
    else if (s === 'sigterm') this.signal('SIGTERM');
    else this.hardExit(stop?.kind === 'hard-exit' ? stop : undefined);
    return { handlers: this.out, skipped: this.skipped(), complete: complete && !this.incomplete };
  }

  // ------------------------------------------------------------ endings

  private endBy(stop: ExitCall): void {
    if (stop.kind === 'exit') this.exit(stop.callee === 'gracefulExit' ? stop : undefined, stop);
    else if (stop.kind === 'throw') this.error();
    else this.hardExit(stop);
  }

  private runsForever(): void {
    const at = this.x.runsUntilStoppedAt;
    const reason = `the program runs until it is stopped${at ? ` (line ${at.range.start.line})` : ''}: it never ends by itself, so no exit handler runs; see the sigint/sigterm plans`;
    for (const r of this.regs.values()) this.because(r.id, reason, at);
  }

  /** The event loop drained: 'beforeExit' listeners, then 'exit' listeners (node docs: process events). */
  private naturalEnd(cert: Certainty): void {
    const o = this.emit('beforeExit', cert, 'the event loop drained');
    if (o.exited === 'now') return;
    // A 'beforeExit' listener that schedules async work makes node emit 'beforeExit' again once
    // that work is done (node docs; node 20: checked); its own guard may stop it the second time.
    const again = (this.st.listeners.get('beforeExit') ?? []).some((e) => e.type === 'reg' && this.x.behaviour.get(e.id)?.schedules);
    if (again && o.exited === 'no') {
      const o2 = this.emit('beforeExit', 'conditional', 'the event loop drained again', true);
      if (o2.exited === 'now') return;
    }
    this.emitExit(o.exited === 'maybe' ? 'conditional' : cert);
  }

  /** process.exit(): only 'exit' listeners run; the stack is not unwound (no using disposal, no finally). */
  private exit(graceful: ExitCall | undefined, stop: ExitCall | undefined): void {
    const where = stop ? `${stop.callee}() at line ${stop.location.range.start.line}` : 'process.exit()';
    for (const id of this.x.unwind) this.because(id, `${where} does not unwind the stack, so this disposal never runs; end the scope before exiting or set process.exitCode`, stop?.location);
    for (const r of this.regs.values()) {
      if (r.event === 'beforeExit') this.because(r.id, `${where} skips 'beforeExit' listeners; only 'exit' listeners run`, stop?.location);
      if (r.mechanism === 'exit-hook' && this.x.asyncHooks.has(r.id) && !graceful) this.because(r.id, `${where} does not wait for asyncExitHook hooks; call gracefulExit() instead`, stop?.location);
    }
    if (graceful) {
      // exit-hook gracefulExit(): runs the sync then the async hooks, awaits them, then process.exit().
      this.runExitHook('all', 'definite');
      this.called.add('exit-hook');
    }
    this.emitExit('definite');
  }

  /**
   * An uncaught exception: the stack unwinds (using disposals run), then 'uncaughtException'
   * listeners run and the process goes on (node 20: listeners run, then 'beforeExit'/'exit' when
   * the loop drains); without listeners node prints the error and emits 'exit' with code 1.
   */
  private error(): void {
    for (const id of this.x.unwind) this.push(id, 'definite');
    for (const r of this.regs.values()) {
      if (r.event === 'unhandledRejection') this.because(r.id, "runs only for a promise rejection nobody handles, not for a thrown exception");
    }
    const o = this.emit('uncaughtException', 'definite', 'an uncaught exception');
    if (o.exited === 'now') return;
    if (o.exited === 'pending' || o.exited === 'maybe' || !this.hasListeners('uncaughtException')) {
      if (!this.hasListeners('uncaughtException')) {
        for (const r of this.regs.values()) if (r.event === 'beforeExit') this.because(r.id, "an uncaught exception ends the process without 'beforeExit'; only 'exit' listeners run");
      }
      this.emitExit(o.exited === 'maybe' ? 'conditional' : 'definite');
      return;
    }
    // Listeners handled the error: the process keeps running until the loop drains.
    if (this.x.runsUntilStopped) {
      this.runsForever();
      return;
    }
    this.naturalEnd('definite');
  }

  /**
   * An unhandled rejection (node >= 15): 'unhandledRejection' listeners run and the process goes
   * on; without one it is raised as an uncaught exception ('uncaughtException' listeners, else
   * 'exit' with code 1, no 'beforeExit'). node 20: checked.
   */
  private rejected(r: ExitCall): void {
    if (this.hasListeners('unhandledRejection')) {
      const o = this.emit('unhandledRejection', 'definite', 'an unhandled rejection');
      if (o.exited === 'now') return;
      if (o.exited !== 'no') {
        this.emitExit(o.exited === 'maybe' ? 'conditional' : 'definite');
        return;
      }
      if (this.x.runsUntilStopped) this.runsForever();
      else this.naturalEnd('definite');
      return;
    }
    for (const reg of this.regs.values()) {
      if (reg.event === 'beforeExit') this.because(reg.id, `the ${r.callee} at line ${r.location.range.start.line} ends the process like an uncaught exception: no 'beforeExit'`, r.location);
    }
    const o = this.emit('uncaughtException', 'definite', 'an uncaught exception');
    if (o.exited === 'now') return;
    if (o.exited !== 'no' || !this.hasListeners('uncaughtException')) {
      this.emitExit(o.exited === 'maybe' ? 'conditional' : 'definite');
      return;
    }
    if (this.x.runsUntilStopped) this.runsForever();
    else this.naturalEnd('definite');
  }

  private hardExit(stop: ExitCall | undefined): void {
    for (const id of this.x.unwind) this.because(id, 'a hard exit does not unwind the stack, so this disposal never runs', stop?.location);
    const reason = stop
      ? `${stop.callee}() at line ${stop.location.range.start.line} ends the process at once, without running any exit handler`
      : 'a hard exit (process.abort(), process.reallyExit(), SIGKILL) ends the process at once, without running any exit handler';
    // signal-exit replaces process.reallyExit with a wrapper that runs its callbacks first
    // (signal-exit@4.1.0 #processReallyExit; node 20: checked). abort() and SIGKILL run nothing.
    if (stop?.callee === 'process.reallyExit' && (this.st.hooks.get('signal-exit') ?? []).length > 0) this.runSignalExit('definite');
    for (const r of this.regs.values()) this.because(r.id, reason, stop?.location);
  }

  /**
   * A signal: its listeners run in order (a library's listener where the library installed it).
   * With no listener node's default action kills the process: no 'exit' listeners run. With
   * listeners, the process ends only if one of them ends it (node 20: checked).
   */
  private signal(sig: string): void {
    if (!this.x.stop && !this.x.entryIsEsm) {
      // A CommonJS module cannot block at top level: its body finishes (disposing its `using`s)
      // before a signal can be handled, unless the signal arrives while it is still running.
      for (const id of this.x.unwind) this.push(id, 'conditional');
    } else for (const id of this.x.unwind) this.because(id, `${sig} does not unwind the stack: the process is still inside this scope, so this disposal never runs`);
    const entries = this.st.listeners.get(sig) ?? [];
    if (entries.length === 0) {
      const reason = `${sig} is not handled, so Node ends without running 'exit' listeners; add process.on('${sig}', () => process.exit(${sig === 'SIGINT' ? 130 : 143}))`;
      for (const r of this.regs.values()) this.because(r.id, reason);
      return;
    }
    const o = this.emit(sig, 'definite', sig);
    if (o.exited === 'now') return;
    // A re-raised signal (signal-exit, node-cleanup) kills the process before any awaited exit.
    if (this.killedBySignal) return;
    if (o.exited === 'pending' || o.exited === 'maybe') {
      this.emitExit(o.exited === 'maybe' ? 'conditional' : 'definite');
      return;
    }
    // A listener that stops what keeps the process alive (clearInterval, server.close) may let the
    // loop drain: then 'beforeExit' and 'exit' run as at a natural end (the process.exitCode way).
    const releases = entries.some((e) => e.type === 'reg' && this.x.behaviour.get(e.id)?.releases);
    if (!this.killedBySignal && releases) {
      this.naturalEnd('conditional');
      return;
    }
    if (!this.killedBySignal) {
      const first = entries.find((e) => e.type === 'reg');
      const at = first?.type === 'reg' ? this.regs.get(first.id)!.location : undefined;
      const reason = `the ${sig} listener${at ? ` at line ${at.range.start.line}` : ''} does not end the process, so it keeps running and these never run`;
      for (const r of this.regs.values()) this.because(r.id, reason, at);
    }
  }

  private killedBySignal = false;

  private hasListeners(ev: string): boolean {
    return (this.st.listeners.get(ev) ?? []).length > 0;
  }

  /**
   * Emits `ev` to its listeners (EventEmitter: in order, synchronously). Returns whether the
   * process exits now (a listener called process.exit synchronously), later (a library or a
   * listener exits after an await), maybe, or not.
   */
  private emit(ev: string, cert: Certainty, what: string, again = false): Outcome {
    // A second emission no longer reaches once-listeners (removed when they first ran).
    const entries = (this.st.listeners.get(ev) ?? []).filter((e) => !(again && e.type === 'reg' && this.regs.get(e.id)!.once));
    let pending: Outcome['exited'] = 'no';
    let path = cert;
    const isSignal = ev.startsWith('SIG');
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      const c = min(path, e.cert);
      if (e.type === 'reg') {
        const r = this.regs.get(e.id)!;
        this.push(r.id, c);
        if (r.mechanism === 'close-with-grace') {
          // close-with-grace awaits fn, then process.exit() (after the other listeners of this event).
          if (this.called.has(`cwg:${r.id}`)) continue;
          this.called.add(`cwg:${r.id}`);
          pending = strongest(pending, c === 'definite' ? 'pending' : 'maybe');
          continue;
        }
        const b = this.x.behaviour.get(r.id);
        if (!b || b.when === 'never') {
          if (!b && r.handler.form !== 'builtin') path = min(path, 'conditional');
          continue;
        }
        if (b.kind === 'hard-exit') {
          if (b.when === 'always' && b.timing === 'sync' && c === 'definite') {
            for (let j = i + 1; j < entries.length; j++) this.skipEntry(entries[j], `the listener at line ${r.location.range.start.line} ends the process first`, r.location);
            this.hardExitFrom(r);
            return { exited: 'now' };
          }
          path = min(path, 'conditional');
          continue;
        }
        if (b.when === 'always' && b.timing === 'sync' && c === 'definite') {
          // process.exit() inside a listener: 'exit' runs right away; later listeners never run.
          for (let j = i + 1; j < entries.length; j++) this.skipEntry(entries[j], `the ${what === ev ? `'${ev}'` : ev} listener at line ${r.location.range.start.line} calls process.exit() first`, r.location);
          if (b.kind === 'throw' && ev === 'uncaughtException') {
            // A throw inside an 'uncaughtException' listener ends the process at once (exit code 7)
            // without 'exit' listeners (node 20: checked).
            for (const x of this.regs.values()) this.because(x.id, `the 'uncaughtException' listener at line ${r.location.range.start.line} throws, which ends the process at once without 'exit' listeners`, r.location);
            return { exited: 'now' };
          }
          if (b.kind === 'throw') {
            this.error();
            return { exited: 'now' };
          }
          this.emitExit('definite');
          return { exited: 'now' };
        }
        if (b.when === 'always' && c === 'definite') pending = strongest(pending, 'pending');
        else {
          pending = strongest(pending, 'maybe');
          if (b.timing === 'sync') path = min(path, 'conditional');
        }
        continue;
      }
      // A library's listener.
      switch (e.lib) {
        case 'exit-hook':
          // exit-hook: sync hooks, then async hooks, then (after awaiting) process.exit().
          if (this.called.has('exit-hook')) break;
          this.runExitHook('all', c);
          this.called.add('exit-hook');
          pending = strongest(pending, c === 'definite' ? 'pending' : 'maybe');
          break;
        case 'async-exit-hook': {
          // async-exit-hook: runs every hook once (error hooks first on an error), then
          // process.exit on nextTick.
          if (this.called.has('async-exit-hook')) break;
          this.called.add('async-exit-hook');
          if (ev === 'uncaughtException' || ev === 'unhandledRejection') for (const h of this.st.errHooks) if (h.event === ev) this.push(h.id, min(c, h.cert));
          for (const h of this.st.hooks.get('async-exit-hook') ?? []) this.push(h.id, min(c, h.cert));
          pending = strongest(pending, c === 'definite' ? 'pending' : 'maybe');
          break;
        }
        case 'node-cleanup':
          if (ev === 'uncaughtException') {
            // node-cleanup's exception handler calls process.exit(1); its 'exit' listener runs the handlers.
            for (let j = i + 1; j < entries.length; j++) this.skipEntry(entries[j], 'node-cleanup calls process.exit(1) on an uncaught exception first');
            this.emitExit(c);
            return { exited: 'now' };
          }
          for (const h of this.st.hooks.get('node-cleanup') ?? []) this.push(h.id, min(c, h.cert));
          // Then it uninstalls itself and re-raises the signal (default action: killed, no 'exit').
          if (isSignal) {
            this.called.add('node-cleanup');
            const others = entries.filter((x) => !(x.type === 'lib' && x.lib === 'node-cleanup'));
            if (others.length === 0) {
              this.killedBySignal = true;
              this.killReason(`node-cleanup re-raises ${ev} after its handlers, so the process dies by the signal without 'exit' listeners`);
            } else {
              this.incomplete = true; // the re-raised signal reaches the remaining listeners again
            }
          }
          break;
        case 'signal-exit': {
          // signal-exit acts on a signal only when its listener is the only one; then it runs its
          // callbacks and re-raises the signal (killed: no process 'exit' listeners).
          if (!isSignal) break;
          // It counts process.listeners(sig) when it runs: once-listeners before it are already removed
          // (exit-hook and close-with-grace use process.once; node 20: checked).
          const alone = entries.every((x, j) => (x.type === 'lib' && x.lib === 'signal-exit') || (j < i && this.isOnce(x)));
          if (alone) {
            this.runSignalExit(c);
            this.killedBySignal = true;
            this.killReason(`signal-exit re-raises ${ev} after its callbacks, so the process dies by the signal without 'exit' listeners`);
          }
          break;
        }
        default:
          break;
      }
    }
    return { exited: pending };
  }

  private isOnce(e: Entry): boolean {
    if (e.type === 'lib') return e.lib === 'exit-hook';
    const r = this.regs.get(e.id)!;
    return !!r.once || r.mechanism === 'close-with-grace';
  }

  private hardExitFrom(r: Registration): void {
    const reason = `the listener at line ${r.location.range.start.line} ends the process at once (process.kill/abort), without 'exit' listeners`;
    for (const x of this.regs.values()) this.because(x.id, reason, r.location);
  }

  private killReason(reason: string): void {
    for (const r of this.regs.values()) this.because(r.id, reason);
  }

  /**
   * The 'exit' event: listeners in order; process.exit() inside one ends at once and a throw
   * stops the rest (node 20: checked). signal-exit patches process.emit so its callbacks run
   * after all of them (exit ones, then alwaysLast ones).
   */
  private emitExit(cert: Certainty): void {
    const entries = [...(this.st.listeners.get('exit') ?? [])];
    let path = cert;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      const c = min(path, e.cert);
      if (e.type === 'lib') {
        if (e.lib === 'exit-hook') {
          // exit-hook's 'exit' listener runs only the sync hooks (its guard stops a second run).
          if (!this.called.has('exit-hook')) {
            this.called.add('exit-hook');
            this.runExitHook('sync', c);
          }
        } else if (e.lib === 'async-exit-hook') {
          // In 'exit' async-exit-hook calls every hook (async ones too, without waiting).
          if (!this.called.has('async-exit-hook')) {
            this.called.add('async-exit-hook');
            for (const h of this.st.hooks.get('async-exit-hook') ?? []) this.push(h.id, min(c, h.cert));
          }
        } else if (e.lib === 'node-cleanup') {
          if (!this.called.has('node-cleanup')) for (const h of this.st.hooks.get('node-cleanup') ?? []) this.push(h.id, min(c, h.cert));
        }
        continue;
      }
      const r = this.regs.get(e.id)!;
      this.push(r.id, c);
      const b = this.x.behaviour.get(r.id);
      if (b && b.when !== 'never' && b.timing === 'sync' && b.kind !== 'throw') {
        if (b.when === 'always' && c === 'definite') {
          for (let j = i + 1; j < entries.length; j++) this.skipEntry(entries[j], `the 'exit' listener at line ${r.location.range.start.line} calls ${b.kind === 'exit' ? 'process.exit()' : 'a hard exit'}, which ends the process before the listeners after it`, r.location);
          return;
        }
        path = min(path, 'conditional');
      }
      if (b && b.throws !== 'never') {
        if (b.throws === 'always' && c === 'definite') {
          for (let j = i + 1; j < entries.length; j++) this.skipEntry(entries[j], `the 'exit' listener at line ${r.location.range.start.line} throws, and a throw in an 'exit' listener stops the listeners after it`, r.location);
          return;
        }
        path = min(path, 'conditional');
      }
    }
    this.runSignalExit(path);
  }

  private runSignalExit(cert: Certainty): void {
    if (this.called.has('signal-exit')) return;
    this.called.add('signal-exit');
    const hooks = this.st.hooks.get('signal-exit') ?? [];
    for (const h of hooks) if (!this.x.alwaysLast.has(h.id)) this.push(h.id, min(cert, h.cert));
    for (const h of hooks) if (this.x.alwaysLast.has(h.id)) this.push(h.id, min(cert, h.cert));
  }

  private runExitHook(which: 'all' | 'sync', cert: Certainty): void {
    const hooks = this.st.hooks.get('exit-hook') ?? [];
    for (const h of hooks) if (!this.x.asyncHooks.has(h.id)) this.push(h.id, min(cert, h.cert));
    if (which === 'all') for (const h of hooks) if (this.x.asyncHooks.has(h.id)) this.push(h.id, min(cert, h.cert));
    else for (const h of hooks) if (this.x.asyncHooks.has(h.id)) this.because(h.id, "exit-hook's 'exit' path runs only sync hooks; asyncExitHook hooks need gracefulExit() or a signal");
  }

  // ------------------------------------------------------------ bookkeeping

  private push(id: number, cert: Certainty): void {
    const r = this.regs.get(id)!;
    const c = this.st.maybeRemoved.has(id) ? min(cert, 'conditional') : cert;
    this.ran.add(id);
    this.out.push({ registration: id, file: r.location.file, line: r.location.range.start.line, column: r.location.range.start.column, name: r.handler.name, mechanism: r.mechanism, certainty: min(c, r.certainty) });
  }

  private because(id: number, reason: string, cause?: Location): void {
    if (!this.reasons.has(id)) this.reasons.set(id, { reason, cause });
  }

  private skipEntry(e: Entry, reason: string, cause?: Location): void {
    if (e.type === 'reg') this.because(e.id, reason, cause);
    else for (const h of this.st.hooks.get(e.lib) ?? []) this.because(h.id, reason, cause);
  }

  private skipped(): SkippedEntry[] {
    const out: SkippedEntry[] = [];
    for (const r of this.regs.values()) {
      if (this.ran.has(r.id)) continue;
      const why = this.st.removedBy.get(r.id);
      const given = this.reasons.get(r.id);
      const reason = why
        ? `removed by ${why.text} at line ${why.location.range.start.line} before the program ends`
        : (given?.reason ?? this.defaultReason(r));
      out.push({
        registration: r.id,
        file: r.location.file,
        line: r.location.range.start.line,
        column: r.location.range.start.column,
        name: r.handler.name,
        mechanism: r.mechanism,
        reason,
        cause: why?.location ?? given?.cause,
      });
    }
    return out;
  }

  private defaultReason(r: Registration): string {
    const s = this.scenario;
    if (r.scope !== undefined || r.mechanism === 'DisposableStack' || r.mechanism === 'AsyncDisposableStack' || r.mechanism === 'using' || r.mechanism === 'await using') {
      if (r.scope === undefined) return `the ${r.mechanism} is never disposed (no \`using\` declaration and no dispose() call), so this callback never runs`;
      return 'its scope is still open when the program ends this way, so it is not disposed';
    }
    const ev = r.event;
    if (ev === 'unhandledRejection') return 'runs only for a promise rejection nobody handles';
    if (ev === 'uncaughtException') return 'runs only for an uncaught exception';
    if (ev === 'beforeExit') return "runs only when the event loop drains by itself ('beforeExit'), not on process.exit(), errors or signals";
    if (ev && ev.startsWith('SIG')) return `runs only when the process receives ${ev}`;
    if (r.mechanism === 'death') return 'death callbacks run only on SIGINT, SIGTERM and SIGQUIT';
    if (r.mechanism === 'close-with-grace') return 'close-with-grace runs on signals, errors and the natural end, not on process.exit()';
    if (s === 'exit' && r.mechanism === 'exit-hook') return "exit-hook's 'exit' path runs only sync hooks";
    return 'it does not run when the program ends this way';
  }
}

function strongest(a: Outcome['exited'], b: Outcome['exited']): Outcome['exited'] {
  const rank = { no: 0, maybe: 1, pending: 2, now: 3 } as const;
  return rank[a] >= rank[b] ? a : b;
}

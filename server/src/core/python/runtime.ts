// CPython's exit semantics: from the state at the stopping point (extract.ts) to the plan of
// each scenario. Each rule cites the runtime fact it rests on; every one was checked with python3
// (3.11) and is proven by the oracle fixtures under test/oracle.
import {
  SCENARIOS, type Certainty, type Location, type Plan, type PlanEntry, type Registration, type Scenario, type ScenarioPlan,
  type SkippedEntry,
} from '../model';
import type { EndPoint, Execution, SignalState } from './extract';
import { weaker } from './values';

type Cause = { reason: string; cause?: Location };

/** How the process goes down in one scenario. */
type Ending =
  // SystemExit / an uncaught exception / KeyboardInterrupt unwind the main thread's stack (running
  // `with` exits, so ExitStack callbacks), then Py_FinalizeEx joins non-daemon threads and runs
  // atexit callbacks LIFO (atexit docs; Python/pylifecycle.c).
  | { t: 'unwind'; certainty: Certainty }
  // os._exit / os.abort / SIGKILL / a fatal default signal action: nothing else runs.
  | { t: 'killed'; why: Cause }
  // The signal does not end the program (ignored, or its handler returns): it goes on running.
  | { t: 'continues'; why: Cause };

function line(loc: Location): number {
  return loc.range.start.line;
}

function where(loc: Location, entryFile: string): string {
  return loc.file === entryFile ? `line ${line(loc)}` : `${loc.file}:${line(loc)}`;
}

function entry(reg: Registration, certainty: Certainty): PlanEntry {
  return {
    registration: reg.id, file: reg.location.file, line: reg.location.range.start.line, column: reg.location.range.start.column,
    name: reg.handler.name, mechanism: reg.mechanism, certainty,
  };
}

function skip(reg: Registration, why: Cause): SkippedEntry {
  return {
    registration: reg.id, file: reg.location.file, line: reg.location.range.start.line, column: reg.location.range.start.column,
    name: reg.handler.name, mechanism: reg.mechanism, reason: why.reason, cause: why.cause,
  };
}

export function computePlan(ex: Execution, file: string): Plan {
  const scenarios = {} as Record<Scenario, ScenarioPlan>;
  for (const s of SCENARIOS) scenarios[s] = new ScenarioBuilder(ex, file, s).build();
  return { file, language: 'python', scenarios };
}

class ScenarioBuilder {
  private readonly handlers: PlanEntry[] = [];
  private readonly skipped: SkippedEntry[] = [];
  private readonly listed = new Set<number>();
  private complete: boolean;

  constructor(
    private readonly ex: Execution,
    private readonly file: string,
    private readonly scenario: Scenario,
  ) {
    this.complete = ex.incomplete.length === 0 && ex.parseErrors.length === 0;
  }

  private get end(): EndPoint | undefined {
    return this.ex.end;
  }

  build(): ScenarioPlan {
    // Children started with the spawn method run their own atexit handlers when they exit (the
    // spawned interpreter ends through sys.exit in spawn_main); that happens in another process.
    for (const reg of this.ex.registrations) {
      const child = this.ex.children.get(reg.id);
      if (child?.startMethod === 'spawn' && reg.mechanism === 'atexit') this.add(reg, 'conditional');
    }
    // Code that already ran before the stopping point: closed ExitStack scopes, finalizers whose
    // object died (CPython frees an object when its last reference goes: the callback runs then).
    for (const e of this.ex.early) this.add(e.reg, e.certainty);

    // The program ended by signalling itself: its handler ran at that point, in every scenario that
    // gets there (all of them end at or after the stopping point).
    if (this.end?.viaSignal && this.scenario === 'normal') this.add(this.end.viaSignal, 'definite');
    const ending = this.ending();
    if (ending.t === 'unwind') this.unwind(ending.certainty);
    else this.skipRest(ending.why);
    this.skipOthers();
    if (this.scenario === 'hard-exit') this.complete = this.ex.parseErrors.length === 0;
    return { handlers: this.handlers, skipped: this.skipped, complete: this.complete };
  }

  private add(reg: Registration, certainty: Certainty): void {
    this.listed.add(reg.id);
    // A coroutine function called by a synchronous mechanism only creates a coroutine object: its
    // body never starts ("coroutine ... was never awaited"). AsyncExitStack awaits what it was given.
    if (reg.handler.isAsync && !this.ex.awaited.has(reg.id)) {
      this.skipped.push(skip(reg, {
        reason: `${reg.handler.name} is an async function: ${reg.mechanism} calls it without awaiting, so its body never runs; register a sync wrapper such as lambda: asyncio.run(${reg.handler.name.replace(/^partial\((.*)\)$/, '$1')}())`,
        cause: reg.handler.definition,
      }));
      return;
    }
    this.handlers.push(entry(reg, certainty));
  }

  /** What the scenario does at the stopping point. */
  private ending(): Ending {
    const end = this.end;
    switch (this.scenario) {
      case 'normal':
        return this.natural();
      case 'exit':
      case 'error':
        return { t: 'unwind', certainty: 'definite' };
      case 'hard-exit':
        return { t: 'killed', why: this.hardExitCause() };
      case 'sigint':
      case 'sigterm': {
        const sig = this.scenario === 'sigint' ? 'SIGINT' : 'SIGTERM';
        return this.signalEnding(sig, this.ex.signals.get(sig), end);
      }
    }
  }

  /** The program ending by itself: by its unconditional exit E, or its natural end. */
  private natural(): Ending {
    const end = this.end;
    if (!end) return { t: 'unwind', certainty: 'definite' };
    if (end.kind === 'hard-exit') return { t: 'killed', why: this.hardExitCause() };
    if (end.kind === 'block') {
      return {
        t: 'continues',
        why: {
          reason: `the program does not end by itself: ${end.display} at ${where(end.location, this.file)} runs until the process is stopped (see the sigint/sigterm plans)`,
          cause: end.location,
        },
      };
    }
    return { t: 'unwind', certainty: 'definite' };
  }

  private hardExitCause(): Cause {
    const end = this.end;
    if (end?.kind === 'hard-exit') {
      return { reason: `${end.display} at ${where(end.location, this.file)} ends the process without running exit handlers`, cause: end.location };
    }
    return { reason: 'a hard exit (os._exit, os.abort, SIGKILL) ends the process without running exit handlers' };
  }

  private signalEnding(sig: string, state: SignalState | undefined, end: EndPoint | undefined): Ending {
    const killedDefault: Cause =
      sig === 'SIGTERM'
        ? { reason: 'SIGTERM is not handled, so Python ends without running atexit handlers; install signal.signal(signal.SIGTERM, ...) with a handler that calls sys.exit()' }
        : { reason: 'SIGINT is set to SIG_DFL, so the process is killed without running atexit handlers' };
    if (!state) {
      // Python installs a SIGINT handler at startup that raises KeyboardInterrupt in the main thread.
      if (sig === 'SIGINT') return { t: 'unwind', certainty: end?.keyboardInterruptCaughtAt ? 'conditional' : 'definite' };
      return { t: 'killed', why: killedDefault };
    }
    const cond = state.certainty !== 'definite';
    if (state.kind === 'default') {
      // SIG_DFL: the kernel's default action (terminate) — no Python code runs.
      if (sig === 'SIGINT' && cond) return { t: 'unwind', certainty: 'conditional' };
      return { t: 'killed', why: { reason: `${sig} is reset to SIG_DFL at ${where(state.location, this.file)}, so the process is killed without running atexit handlers`, cause: state.location } };
    }
    if (state.kind === 'raise') {
      // signal.default_int_handler raises KeyboardInterrupt: the usual unwinding follows.
      return { t: 'unwind', certainty: cond ? 'conditional' : 'definite' };
    }
    if (state.kind === 'external') return { t: 'unwind', certainty: 'conditional' };
    if (state.kind === 'ignore') {
      // An ignored signal never interrupts anything, not even signal.pause().
      if (cond) return { t: 'unwind', certainty: 'conditional' };
      return { t: 'continues', why: { reason: `${sig} is ignored (SIG_IGN at ${where(state.location, this.file)}), so the program keeps running`, cause: state.location } };
    }
    const reg = state.reg!;
    // The Python-level handler runs in the main thread; what it does decides the rest.
    this.add(reg, cond ? 'conditional' : weaker(reg.certainty, 'definite'));
    const ends = reg.handler.isAsync ? { when: 'never' as const } : reg.handler.endsProcess ?? { when: 'unknown' };
    if (ends.when === 'always' || ends.when === 'sometimes' || ends.when === 'unknown') {
      if (ends.kind === 'hard-exit' && ends.when === 'always') {
        return { t: 'killed', why: { reason: `the ${sig} handler ${reg.handler.name} (${where(reg.location, this.file)}) ends the process with a hard exit, which skips atexit handlers`, cause: reg.location } };
      }
      // sys.exit() in the handler raises SystemExit in the main thread: the normal exit path follows.
      const certainty: Certainty = ends.when === 'always' && !cond ? 'definite' : 'conditional';
      if (ends.when !== 'always' && this.end?.kind === 'block' && this.end.blockKind !== 'pause') {
        return { t: 'unwind', certainty: 'conditional' };
      }
      return { t: 'unwind', certainty };
    }
    return this.continuing(
      { reason: `the ${sig} handler ${reg.handler.name} (${where(reg.location, this.file)}) returns without exiting, so the program keeps running and atexit handlers do not run then; call sys.exit() in it`, cause: reg.location },
      cond,
    );
  }

  /**
   * The signal did not end the program: it goes on running from the stopping point (a server keeps
   * serving). Only signal.pause() returns after a handler ran, so the code after it then runs on.
   */
  private continuing(why: Cause, conditionalState: boolean): Ending {
    const end = this.end;
    if (conditionalState) return { t: 'unwind', certainty: 'conditional' };
    if (end?.kind === 'block' && end.blockKind === 'pause') return { t: 'unwind', certainty: 'conditional' };
    return { t: 'continues', why };
  }

  /** Stack unwinding (scopes that enclose the stopping point), then atexit in LIFO order. */
  private unwind(certainty: Certainty): void {
    const open = this.end?.openStacks ?? [];
    for (let i = open.length - 1; i >= 0; i--) {
      const st = open[i]!;
      for (let j = st.callbacks.length - 1; j >= 0; j--) {
        const reg = st.callbacks[j]!;
        if (this.ex.removedBy.has(reg.id)) continue;
        this.add(reg, weaker(reg.certainty, certainty));
      }
    }
    // atexit runs its callbacks last-in first-out (atexit docs). An os._exit inside one stops the rest.
    let after: Certainty = certainty;
    let stoppedBy: Registration | undefined;
    for (let i = this.ex.atexit.length - 1; i >= 0; i--) {
      const slot = this.ex.atexit[i]!;
      const regs: { reg: Registration; certainty: Certainty }[] = [];
      if ('reg' in slot) {
        const removal = this.ex.removedBy.get(slot.reg.id);
        if (removal && removal.certainty === 'definite') continue;
        regs.push({ reg: slot.reg, certainty: weaker(slot.reg.certainty, removal ? 'conditional' : 'definite') });
      } else {
        // weakref.finalize registers one atexit callback when the first finalizer is created; at exit it
        // calls the live finalizers whose .atexit is true, newest first (Lib/weakref.py, finalize._exitfunc).
        const fins = this.ex.finalizers.filter((f) => f.state === 'alive' && f.atexit);
        for (let j = fins.length - 1; j >= 0; j--) regs.push({ reg: fins[j]!.reg, certainty: weaker(fins[j]!.reg.certainty, slot.certainty === 'definite' ? 'definite' : 'conditional') });
      }
      for (const r of regs) {
        if (stoppedBy) {
          this.skipped.push(skip(r.reg, { reason: `the atexit handler ${stoppedBy.handler.name} (${where(stoppedBy.location, this.file)}) ends the process with a hard exit before this one runs`, cause: stoppedBy.location }));
          this.listed.add(r.reg.id);
          continue;
        }
        this.add(r.reg, weaker(r.certainty, after));
        const closed = this.ex.closers.get(r.reg.id);
        if (closed && !closed.closed) {
          for (let k = closed.callbacks.length - 1; k >= 0; k--) this.add(closed.callbacks[k]!, weaker(closed.callbacks[k]!.certainty, weaker(r.certainty, after)));
        }
        const ends = r.reg.handler.endsProcess;
        if (ends?.kind === 'hard-exit' && r.reg.mechanism === 'atexit') {
          if (ends.when === 'always' && r.certainty === 'definite') stoppedBy = r.reg;
          else if (ends.when === 'sometimes') after = weaker(after, 'conditional');
        }
      }
    }
  }

  /** Everything registered before the stopping point that the ending does not run. */
  private skipRest(why: Cause): void {
    for (const st of this.end?.openStacks ?? []) {
      for (const reg of st.callbacks) if (!this.listed.has(reg.id)) this.skipped.push(skip(reg, why)), this.listed.add(reg.id);
    }
    for (const slot of this.ex.atexit) {
      if ('reg' in slot) {
        if (this.ex.removedBy.get(slot.reg.id)?.certainty === 'definite' || this.listed.has(slot.reg.id)) continue;
        this.skipped.push(skip(slot.reg, why));
        this.listed.add(slot.reg.id);
      } else {
        for (const f of this.ex.finalizers) {
          if (f.state === 'alive' && f.atexit && !this.listed.has(f.reg.id)) {
            this.skipped.push(skip(f.reg, why));
            this.listed.add(f.reg.id);
          }
        }
      }
    }
  }

  /** Registrations that never run in this scenario for reasons of their own. */
  private skipOthers(): void {
    for (const reg of this.ex.registrations) {
      if (this.listed.has(reg.id)) continue;
      const why = this.ownReason(reg);
      if (why) this.skipped.push(skip(reg, why));
    }
  }

  private ownReason(reg: Registration): Cause | undefined {
    const removal = this.ex.removedBy.get(reg.id);
    if (removal) {
      return { reason: `removed by atexit.unregister(${removal.target !== 'all' ? removal.target.name : ''}) at ${where(removal.location, this.file)}`, cause: removal.location };
    }
    const clearedAt = this.ex.cleared.get(reg.id);
    if (clearedAt && !this.listed.has(reg.id)) return { reason: `cleared by the atexit call at ${where(clearedAt, this.file)}`, cause: clearedAt };
    const child = this.ex.children.get(reg.id);
    if (child) {
      if (child.startMethod === 'spawn') return undefined;
      // A forked multiprocessing child ends with os._exit() after its target returns
      // (multiprocessing/popen_fork.py), so handlers registered in it never run.
      return {
        reason: `registered inside ${child.target}, the target of the multiprocessing.Process at ${where(child.processAt, this.file)}; with the '${child.startMethod}' start method the child ends with os._exit() and never runs atexit handlers`,
        cause: child.processAt,
      };
    }
    if (reg.mechanism === 'signal') {
      const replacedAt = this.ex.replaced.get(reg.id);
      if (replacedAt) return { reason: `replaced by the signal.signal call at ${where(replacedAt, this.file)}`, cause: replacedAt };
      const scenarioSig = this.scenario === 'sigint' ? 'SIGINT' : this.scenario === 'sigterm' ? 'SIGTERM' : undefined;
      if (reg.event !== scenarioSig) return { reason: `runs only when the process receives ${reg.event}` };
      return undefined;
    }
    if (reg.mechanism === 'weakref.finalize') {
      const fin = this.ex.finalizers.find((f) => f.reg === reg);
      if (fin?.detachedAt) return { reason: `detached at ${where(fin.detachedAt, this.file)}, so it never runs`, cause: fin.detachedAt };
      if (fin && !fin.atexit) {
        return { reason: `its .atexit is set to False at ${where(fin.atexitOff!, this.file)}, so it does not run at exit (only if the object is collected earlier)`, cause: fin.atexitOff };
      }
      return undefined;
    }
    if (reg.mechanism === 'ExitStack') {
      const st = this.ex.stacks.find((s) => s.callbacks.includes(reg));
      const closedAtExit = st && [...this.ex.closers.entries()].some(([id, s]) => s === st && this.listed.has(id));
      if (st && st.scope === undefined && !st.closed && !closedAtExit && ![...this.ex.closers.values()].includes(st)) {
        return { reason: `the ExitStack created at ${where(st.createdAt, this.file)} is never closed (no \`with\`, no close()), so its callbacks never run`, cause: st.createdAt };
      }
      return undefined;
    }
    return undefined;
  }
}

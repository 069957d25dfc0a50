import { createRequire } from 'node:module';

import type ivmTypes from 'isolated-vm';

import { HorizonError } from '../env/errors.ts';
import { checkNodeVersion } from '../env/node-support.ts';

// isolated-vm is a native CommonJS addon, built for one Node.js line at a time.
checkNodeVersion();
const ivm = createRequire(import.meta.url)('isolated-vm') as typeof ivmTypes;

export interface SandboxLimits {
  /** Heap limit of the isolate, in MB (isolated-vm's minimum is 8). */
  memoryMb: number;
  /**
   * Time limit of one policy call, in ms of CPU time, so that waiting for a
   * core on a busy machine does not turn a call into an error; a call still
   * running after WALL_CLOCK_FACTOR times as long in wall-clock time (an
   * endless loop) is stopped.
   */
  timeoutMs: number;
}

/** How much longer than its CPU-time limit a call may take in wall-clock time before it is stopped. */
export const WALL_CLOCK_FACTOR = 4;

export const DEFAULT_LIMITS: SandboxLimits = { memoryMb: 32, timeoutMs: 50 };

/** The most characters the traced calls of one step may take (they are kept for a whole credit horizon). */
export const TRACE_LIMIT = 64 * 1024;

/** A picture of the screen as a policy reads it in obs.frame: rows top to bottom, `channels` values a pixel. */
export interface PolicyFrame {
  width: number;
  height: number;
  /** 1 (grey) or 3 (RGB). */
  channels: number;
  pixels: Uint8Array;
}

/** One traced call of an editable function. */
export interface FunctionCall {
  fn: string;
  /** The arguments (copies; the step's observation itself as `{ $ref: 'obs' }`). */
  args: unknown[];
  result?: unknown;
}

/** Whether a traced call's argument is the step's observation itself. */
export function isObsRef(v: unknown): boolean {
  return typeof v === 'object' && v !== null && (v as { $ref?: unknown }).$ref === 'obs' && Object.keys(v).length === 1;
}

export interface PolicyCallResult {
  /** What act() returned, when it returned a string or a number. */
  action?: string | number;
  /** Why the call failed: threw, timed out, ran out of memory, returned something else. */
  error?: string;
  calls: FunctionCall[];
}

// Runs inside the isolate before the policy. Helpers keep references to the
// builtins they use, so a policy that tampers with globals cannot change them.
const PRELUDE = `
'use strict';
const __stringify = JSON.stringify, __parse = JSON.parse, __apply = Reflect.apply, __String = String, __defineProperty = Object.defineProperty;
// What the policy threw, described here (under the call's time limit): the host never touches the value itself.
function __describe(e) {
  try {
    if (e !== null && (typeof e === 'object' || typeof e === 'function')) {
      const m = e.message;
      return typeof m === 'string' ? m.slice(0, 300) : '[a thrown ' + typeof e + ']';
    }
    return __String(e).slice(0, 300);
  } catch (inner) {
    return '[a thrown value that cannot be read]';
  }
}
let __tracing = false, __calls = [], __memory = {}, __obs, __frame;
// The step's picture comes from the host only when the policy reads obs.frame (a getter), once a step.
const __hostFrame = globalThis.__hostFrame;
delete globalThis.__hostFrame;
function __offerFrame(obs) {
  if (obs === null || typeof obs !== 'object') return;
  __defineProperty(obs, 'frame', {
    get() { if (__frame === undefined) __frame = __hostFrame(); return __frame; },
    enumerable: false, configurable: true,
  });
}
// Traces name the picture instead of copying it into every call.
function __frameName(key, v) {
  if (__frame === undefined || v === null || typeof v !== 'object') return v;
  return v === __frame ? '[obs.frame]' : v === __frame.pixels ? '[obs.frame.pixels]' : v;
}
// Math.random is seeded per episode (mulberry32), so runs repeat exactly.
let __seed = 0;
Math.random = function () {
  __seed = (__seed + 0x6d2b79f5) >>> 0;
  let t = __seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
// A policy has no thread to share memory with: these would only let it block
// the host without computing (Atomics.wait, a wasm wait), which the CPU-time
// limit does not see.
delete globalThis.Atomics;
delete globalThis.SharedArrayBuffer;
delete globalThis.WebAssembly;
function __copy(v) {
  try { const s = __frame === undefined ? __stringify(v) : __stringify(v, __frameName); return s === undefined ? null : __parse(s); }
  catch (e) { return '[not serialisable]'; }
}
// The observation itself is recorded as a reference, not copied into every call.
function __copyArg(v) { return v === __obs && v !== undefined ? { $ref: 'obs' } : __copy(v); }
function __trace(name, impl, args) {
  if (!__tracing) return __apply(impl, undefined, args);
  const copied = [];
  for (let i = 0; i < args.length; i++) copied[i] = __copyArg(args[i]);
  const rec = { fn: name, args: copied };
  __calls[__calls.length] = rec;
  const r = __apply(impl, undefined, args);
  rec.result = __copy(r);
  return r;
}
var module = { exports: {} };
var exports = module.exports;
`;

const EPILOGUE = `
const __policy = module.exports;
const __policyAct = __policy.act;
// Fast path: the action itself (a primitive copies cheaply), or a marker
// object naming what act() returned instead.
globalThis.__act = function (obsJson, withFrame) {
  __tracing = false;
  let action;
  try {
    const obs = __parse(obsJson);
    __frame = undefined;
    if (withFrame) __offerFrame(obs);
    action = __apply(__policyAct, undefined, [obs, __memory]);
  } catch (e) {
    return { threw: __describe(e) };
  }
  const kind = typeof action;
  return kind === 'string' || kind === 'number' ? action : { invalid: kind };
};
// Traced path: the action and the editable functions' calls, as JSON.
globalThis.__actTraced = function (obsJson, withFrame) {
  __tracing = true;
  __calls = [];
  __obs = __parse(obsJson);
  __frame = undefined;
  if (withFrame) __offerFrame(__obs);
  let action;
  try {
    action = __apply(__policyAct, undefined, [__obs, __memory]);
  } catch (e) {
    __obs = undefined;
    return __stringify({ threw: __describe(e), calls: __calls });
  }
  __obs = undefined;
  const kind = typeof action;
  __frame = undefined;
  const out = __stringify({ action: kind === 'string' || kind === 'number' ? action : null, kind, calls: __calls });
  // A step's trace is kept for the whole horizon: past the limit it is an error, not gigabytes on the host.
  return typeof out === 'string' && out.length > ${TRACE_LIMIT} ? __stringify({ overflow: out.length, calls: [] }) : out;
};
globalThis.__resetMemory = function (seed) { __memory = {}; __seed = seed >>> 0; };
globalThis.__getState = function () { return __stringify({ memory: __memory, seed: __seed }); };
globalThis.__setState = function (json) { const s = __parse(json); __memory = s.memory; __seed = s.seed >>> 0; };
`;

/**
 * A policy running in its own V8 isolate (isolated-vm): no Node APIs (no
 * require, process, timers, network or files), a heap limit and a time limit
 * per call. Failures never escape: they come back as `error`, and an isolate
 * killed by its memory limit is rebuilt with fresh memory.
 */
export class PolicySandbox {
  private isolate!: ivmTypes.Isolate;
  private act!: ivmTypes.Reference<(obsJson: string, withFrame: boolean) => unknown>;
  private actTraced!: ivmTypes.Reference<(obsJson: string, withFrame: boolean) => string>;
  /** Makes the picture of the step being decided, when the policy asks for it. */
  private frameOfStep: (() => PolicyFrame) | undefined;
  private resetMemoryRef!: ivmTypes.Reference<(seed: number) => void>;
  private getStateRef!: ivmTypes.Reference<() => string>;
  private setStateRef!: ivmTypes.Reference<(json: string) => void>;

  constructor(
    private readonly script: string,
    readonly limits: SandboxLimits = DEFAULT_LIMITS,
  ) {
    this.boot();
  }

  private boot(): void {
    this.isolate = new ivm.Isolate({ memoryLimit: Math.max(8, this.limits.memoryMb) });
    const context = this.isolate.createContextSync();
    // Called by obs.frame's getter, on the host: a copy of the step's picture, or undefined outside a call.
    const hostFrame = () => {
      const frame = this.frameOfStep?.();
      return frame && new ivm.ExternalCopy(frame).copyInto({ release: true });
    };
    context.global.setSync('__hostFrame', new ivm.Callback(hostFrame));
    try {
      this.isolate.compileScriptSync(PRELUDE + this.script + EPILOGUE).runSync(context, { timeout: 1000 });
    } catch (err) {
      this.dispose();
      throw new HorizonError(`the policy failed to load: ${(err as Error).message}`, 'ERR_BAD_POLICY');
    }
    this.act = context.global.getSync('__act', { reference: true });
    this.actTraced = context.global.getSync('__actTraced', { reference: true });
    this.resetMemoryRef = context.global.getSync('__resetMemory', { reference: true });
    this.getStateRef = context.global.getSync('__getState', { reference: true });
    this.setStateRef = context.global.getSync('__setState', { reference: true });
  }

  /**
   * Calls act(obs, memory); with `trace`, records the editable functions'
   * calls. With `frame`, obs.frame is the picture it makes, made and copied
   * into the isolate only if the policy reads it.
   */
  call(obs: unknown, trace = false, frame?: () => PolicyFrame): PolicyCallResult {
    if (this.isolate.isDisposed) this.boot();
    // Made once a step, however often the isolate asks (the getter caches it too, but the policy's
    // code shares the prelude's scope and could call the host function itself).
    let made: PolicyFrame | undefined;
    this.frameOfStep = frame && (() => (made ??= frame()));
    try {
      return this.callAct(obs, trace, frame !== undefined);
    } finally {
      this.frameOfStep = undefined;
    }
  }

  private callAct(obs: unknown, trace: boolean, withFrame: boolean): PolicyCallResult {
    // A JSON string crosses into the isolate faster than a structured copy.
    const args = [JSON.stringify(obs), withFrame];
    const options = { arguments: { copy: true }, result: { copy: true }, timeout: this.limits.timeoutMs * WALL_CLOCK_FACTOR } as const;
    const tooLong = { error: `act() took longer than ${this.limits.timeoutMs} ms`, calls: [] };
    // The process's CPU time (isolated-vm's own cpuTime also counts time spent waiting); the
    // caller is blocked meanwhile, so it is the policy's. About 1.5 us per reading.
    const cpuBefore = process.cpuUsage();
    const overTime = () => {
      const used = process.cpuUsage(cpuBefore);
      return used.user + used.system > this.limits.timeoutMs * 1000;
    };
    try {
      if (!trace) {
        const r = this.act.applySync(undefined, args as [string, boolean], options) as string | number | { invalid?: string; threw?: string };
        if (overTime()) return tooLong;
        if (typeof r === 'object') {
          return {
            error: r.threw !== undefined ? `act() threw: ${String(r.threw)}` : `act() returned ${String(r.invalid)}, not an action name or index`,
            calls: [],
          };
        }
        return { action: r, calls: [] };
      }
      const r = readTrace(this.actTraced.applySync(undefined, args as [string, boolean], options));
      if (overTime()) return { ...tooLong, calls: r.calls };
      if (r.error) return { error: r.error, calls: r.calls };
      return { action: r.action!, calls: r.calls };
    } catch (err) {
      const message = (err as Error)?.message ?? String(err);
      if (this.isolate.isDisposed) {
        this.boot();
        return { error: `the policy ran out of memory (limit ${this.limits.memoryMb} MB); its memory was reset`, calls: [] };
      }
      if (/timed out/i.test(message)) return tooLong;
      return { error: `act() threw: ${message.slice(0, 300)}`, calls: [] };
    }
  }

  /** Empties the policy's `memory` object and reseeds Math.random (at the start of an episode). */
  resetMemory(seed = 0): void {
    if (this.isolate.isDisposed) this.boot();
    try {
      this.resetMemoryRef.applySync(undefined, [seed], { timeout: this.limits.timeoutMs });
    } catch {
      this.boot();
    }
  }

  /** The policy's memory and random state as JSON (to carry across a policy update or a checkpoint). */
  getState(): string {
    if (this.isolate.isDisposed) this.boot();
    try {
      const json: unknown = this.getStateRef.applySync(undefined, [], { timeout: this.limits.timeoutMs, result: { copy: true } });
      // The policy can change how values serialise (a toJSON on a prototype): only a well-formed state is kept.
      const s = typeof json === 'string' && json.length <= MEMORY_LIMIT ? (JSON.parse(json) as unknown) : undefined;
      const ok = typeof s === 'object' && s !== null && isPlainObject((s as { memory?: unknown }).memory) && Number.isInteger((s as { seed?: unknown }).seed);
      if (ok) return json as string;
    } catch {
      // Memory that cannot be serialised (cycles, functions) is not carried over.
    }
    return JSON.stringify({ memory: {}, seed: 0 });
  }

  setState(json: string): void {
    if (this.isolate.isDisposed) this.boot();
    this.setStateRef.applySync(undefined, [json], { arguments: { copy: true }, timeout: this.limits.timeoutMs });
  }

  dispose(): void {
    if (!this.isolate.isDisposed) this.isolate.dispose();
  }
}

/** The most characters a policy's `memory` may take to be carried across updates and checkpoints. */
export const MEMORY_LIMIT = 1024 * 1024;

function isPlainObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads what the traced path returned, trusting nothing: its shape is
 * checked, as the policy can change how values serialise inside the isolate.
 */
function readTrace(raw: unknown): { action?: string | number; error?: string; calls: FunctionCall[] } {
  const unreadable = { error: 'the trace of this step could not be read (the policy changed how values serialise)', calls: [] };
  if (typeof raw !== 'string') return unreadable;
  let r: unknown;
  try {
    r = JSON.parse(raw);
  } catch {
    return unreadable;
  }
  if (!isPlainObject(r)) return unreadable;
  const t = r as { action?: unknown; kind?: unknown; calls?: unknown; threw?: unknown; overflow?: unknown };
  const calls =
    Array.isArray(t.calls) && t.calls.every((c) => isPlainObject(c) && typeof (c as FunctionCall).fn === 'string' && Array.isArray((c as FunctionCall).args))
      ? (t.calls as FunctionCall[])
      : undefined;
  if (!calls) return unreadable;
  if (typeof t.overflow === 'number')
    return { error: `the traced calls of one step take ${t.overflow} characters, over the limit of ${TRACE_LIMIT}`, calls: [] };
  if (t.threw !== undefined) return { error: `act() threw: ${String(t.threw)}`, calls };
  if (typeof t.action === 'string' || typeof t.action === 'number') return { action: t.action, calls };
  if (t.action === null && typeof t.kind === 'string') return { error: `act() returned ${t.kind}, not an action name or index`, calls };
  return unreadable;
}

import type { StepRecord } from './stepper.ts';
import { isObsRef } from './sandbox.ts';

const MAX_VALUE_CHARS = 60;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Shortens the values policies pass around: the observation, objects, lists of objects. */
function short(v: unknown): string {
  if (isObsRef(v) || (isObject(v) && 'objects' in v && 'hud' in v)) return 'obs';
  if (isObject(v) && typeof v.category === 'string' && typeof v.x === 'number') return `${v.id ?? v.category}@${v.x},${v.y}`;
  if (Array.isArray(v) && v.length > 0 && v.every((e) => isObject(e) && typeof e.category === 'string')) {
    return v.length <= 3 ? `[${v.map(short).join(' ')}]` : `[${v.length} ${String((v[0] as { category: string }).category)}s]`;
  }
  let s: string;
  try {
    s = JSON.stringify(v) ?? 'undefined';
  } catch {
    s = String(v);
  }
  if (typeof v === 'number') s = Number.isInteger(v) ? String(v) : v.toFixed(1);
  return s.length > MAX_VALUE_CHARS ? `${s.slice(0, MAX_VALUE_CHARS - 1)}…` : s;
}

/** The editable functions' calls of a step, act's own inputs left out (they are the obs). */
function callsText(r: StepRecord): string {
  return r.calls
    .filter((c) => c.fn !== 'act')
    .map((c) => `${c.fn}(${c.args.map(short).join(', ')})=${short(c.result)}`)
    .join(' ');
}

function events(r: StepRecord): string {
  const e: string[] = [];
  if (r.reward !== 0) e.push(`REWARD ${r.reward > 0 ? '+' : ''}${r.reward}`);
  if (r.lifeLost) e.push(`LIFE LOST (lives ${r.lives})`);
  if (r.error) e.push(`ERROR ${r.error}`);
  if (r.done) e.push('GAME OVER');
  return e.join('; ');
}

/**
 * The execution trace of a rollout in compact form for prompts: one line per
 * step with the action, the objects seen and the editable functions' calls;
 * runs of uneventful steps with the same action are folded into one line;
 * rewards, lost lives and policy errors are marked in capitals.
 */
export function traceToText(records: StepRecord[]): string {
  const out: string[] = [];
  let i = 0;
  while (i < records.length) {
    const r = records[i]!;
    const ev = events(r);
    let j = i;
    if (!ev) {
      while (j + 1 < records.length && !events(records[j + 1]!) && records[j + 1]!.action === r.action) j++;
    }
    const span = j > i ? `t${r.step}-${records[j]!.step} (${j - i + 1} steps)` : `t${r.step}`;
    const calls = callsText(r);
    out.push(`${span} ${r.action} | ${r.obs}${calls ? ` | ${calls}` : ''}${ev ? ` | ${ev}` : ''}`);
    i = j + 1;
  }
  return out.join('\n');
}

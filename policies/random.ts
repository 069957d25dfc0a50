// Baseline for any game: a uniformly random action each step (seeded, so
// runs are reproducible).
/** @editable */
export function act(obs: { actions: string[] }, memory: Record<string, unknown>): number {
  const s = ((memory.seed as number | undefined) ?? 12345) >>> 0;
  const next = (Math.imul(s, 1103515245) + 12345) >>> 0;
  memory.seed = next;
  return (next >>> 16) % obs.actions.length;
}

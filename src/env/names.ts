import { closest, distance } from 'fastest-levenshtein';

/**
 * The known name nearest to a mistyped one, for "did you mean" hints; none
 * when even the nearest needs more edits than a third of its length (so
 * "pongg" suggests "pong", but "zzz" suggests nothing).
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const lower = name.toLowerCase();
  const best = closest(
    lower,
    known.map((k) => k.toLowerCase()),
  );
  if (distance(lower, best) > Math.max(1, Math.floor(best.length / 3))) return undefined;
  return known.find((k) => k.toLowerCase() === best);
}

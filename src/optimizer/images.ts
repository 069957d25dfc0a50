import type { StepRecord } from '../policy/stepper.ts';
import type { ChatMessage, ContentPart, ImageDetail, Rollout } from './types.ts';

/** A picture of a rollout's window shown to the optimizer. */
export interface KeyFrame {
  /** Index of the rollout in the batch. */
  rollout: number;
  /** Index of the step in the rollout's records: the screen is the one after it. */
  record: number;
  /** Why it was kept: the step's events, and whether it ends the window. */
  why: string;
  /** PNG, base64. */
  png: string;
}

/** What makes the screen after a step worth showing: its reward, a lost life, the episode's end (none: not a key step). */
export function keyEvents(r: StepRecord): string[] {
  const e: string[] = [];
  if (r.reward !== 0) e.push(`reward ${r.reward > 0 ? '+' : ''}${r.reward}`);
  if (r.lifeLost) e.push('life lost');
  if (r.done) e.push('episode over');
  return e;
}

/**
 * Up to `perRollout` pictures of each rollout's window, oldest first: the
 * screen after its last step, and after its latest steps with a reward, a
 * lost life or an episode's end (the rollouts keep those: loop/rollouts.ts).
 */
export function keyFrames(rollouts: Rollout[], perRollout: number): KeyFrame[] {
  if (perRollout <= 0) return [];
  return rollouts.flatMap((r, rollout) => {
    const last = r.records.length - 1;
    if (last < 0) return [];
    const withPicture = r.records.flatMap((rec, record) => (rec.picture !== undefined ? [{ rec, record }] : []));
    const endOwn = withPicture.at(-1)?.record === last;
    const end: KeyFrame | undefined = endOwn
      ? { rollout, record: last, why: [...keyEvents(r.records[last]!), 'end of the window'].join(', '), png: r.records[last]!.picture! }
      : r.endPicture !== undefined
        ? { rollout, record: last, why: 'end of the window', png: r.endPicture }
        : undefined;
    const room = perRollout - (end ? 1 : 0);
    const events = room > 0 ? withPicture.filter((p) => p.record !== last).slice(-room) : [];
    return [...events.map(({ rec, record }) => ({ rollout, record, why: keyEvents(rec).join(', '), png: rec.picture! })), ...(end ? [end] : [])];
  });
}

/** The width and height of a PNG, from its header. */
export function pngSize(base64: string): { width: number; height: number } {
  const head = Buffer.from(base64.slice(0, 32), 'base64');
  return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
}

/**
 * The tokens a picture costs by OpenAI's published rule for its vision
 * models: `low` is 85; `high` fits the picture in 2048 x 2048, brings its
 * shorter side down to 768 when longer, and adds 170 for each 512-pixel tile
 * to 85. Other providers count otherwise: an estimate, as text tokens are.
 */
export function imageTokens(width: number, height: number, detail: ImageDetail): number {
  if (detail === 'low') return 85;
  let w = width;
  let h = height;
  const fit = Math.min(1, 2048 / Math.max(w, h));
  w *= fit;
  h *= fit;
  const shorter = Math.min(1, 768 / Math.min(w, h));
  w = Math.floor(w * shorter);
  h = Math.floor(h * shorter);
  return 85 + 170 * Math.ceil(w / 512) * Math.ceil(h / 512);
}

/**
 * The user message with the pictures after its text, each captioned in a
 * text part that names the step it follows as the prompt's text names it.
 */
export function withPictures(
  messages: ChatMessage[],
  frames: KeyFrame[],
  detail: ImageDetail,
  stepName: (rollout: number, record: number) => string,
): ChatMessage[] {
  if (frames.length === 0) return messages;
  const parts: ContentPart[] = [
    {
      type: 'text',
      text: `\n\n${frames.length === 1 ? 'A picture' : `${frames.length} pictures`} of the game's screen follow, each named by the step it follows.`,
    },
    ...frames.flatMap((f, i): ContentPart[] => [
      { type: 'text', text: `Picture ${i + 1}: the screen after ${stepName(f.rollout, f.record)} (${f.why}).` },
      { type: 'image_url', image_url: { url: `data:image/png;base64,${f.png}`, detail } },
    ]),
  ];
  return messages.map((m) =>
    m.role === 'user' && typeof m.content === 'string' ? { role: 'user', content: [{ type: 'text', text: m.content }, ...parts] } : m,
  );
}

/** The text of a message, its pictures left out. */
export function messageText(m: ChatMessage): string {
  return typeof m.content === 'string' ? m.content : m.content.map((p) => (p.type === 'text' ? p.text : '')).join('');
}

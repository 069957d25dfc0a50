import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { decode } from 'fast-png';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Env } from '../../src/env/env.ts';
import { BUNDLED_ROMS, findRom } from '../../src/env/rom.ts';
import { readMetrics } from '../../src/loop/run-dir.ts';
import { envOptionsOf, resolveSettings, type SettingsInput, type TrainSettings } from '../../src/loop/settings.ts';
import { resumeTraining, rolloutSeed, startTraining, type TrainEvent } from '../../src/loop/train.ts';
import { imageTokens } from '../../src/optimizer/images.ts';
import type { ContentPart } from '../../src/optimizer/types.ts';
import { FakeOpenAI } from '../helpers/fake-openai.ts';

// --context-images: pictures of each rollout's window go to the optimizer as
// PNG image parts of the user message, each captioned with the step it
// follows. Checked from what a real local OpenAI-compatible server received:
// every picture is decoded and compared with the screen of a game replayed
// here from the actions the prompt's own trace lists.

const demo = findRom('demo', BUNDLED_ROMS);
const tmp = mkdtempSync(join(tmpdir(), 'horizon-images-'));
const server = new FakeOpenAI();
let baseUrl = '';
let runs = 0;
beforeAll(async () => {
  baseUrl = await server.start();
});
afterAll(async () => {
  await server.stop();
  rmSync(tmp, { recursive: true, force: true });
});

function settings(extra: Partial<SettingsInput> = {}): TrainSettings {
  return resolveSettings({
    game: 'demo',
    horizon: 90,
    batch: 2,
    iterations: 1,
    evalMaxSteps: 200,
    seed: 11,
    // Sticky actions make the two rollouts differ; the replay draws the same from the same seed.
    repeatActionProbability: 0.25,
    contextImages: 3,
    optimizer: { kind: 'openai', model: 'm', baseUrl },
    ...extra,
  });
}

interface Picture {
  caption: string;
  detail: string;
  png: Buffer;
}

async function trainOnce(s: TrainSettings): Promise<{ dir: string; text: string; pictures: Picture[] }> {
  server.reply({ content: '{"reasoning": "nothing to change", "functions": {}}' });
  const dir = join(tmp, `run-${runs++}`);
  await startTraining(demo, s, dir);
  expect(server.requests).toHaveLength(1);
  const content = server.requests[0]!.messages.find((m) => m.role === 'user')!.content as unknown as string | ContentPart[];
  if (typeof content === 'string') return { dir, text: content, pictures: [] };
  const user = content;
  const pictures: Picture[] = [];
  for (const [i, part] of user.entries()) {
    if (part.type !== 'image_url') continue;
    const caption = user[i - 1]!;
    expect(caption.type).toBe('text');
    const [head, data] = part.image_url.url.split(',');
    expect(head).toBe('data:image/png;base64');
    pictures.push({ caption: (caption as { text: string }).text, detail: part.image_url.detail, png: Buffer.from(data!, 'base64') });
  }
  return { dir, text: (user[0] as { text: string }).text, pictures };
}

/** The agent's action at each step of each rollout, from the compact trace (folded runs expanded). */
function tracedActions(text: string): Map<number, string>[] {
  return text
    .split(/^Rollout \d+ \(\d+ steps over the credit horizon of \d+\):$/m)
    .slice(1)
    .map((block) => {
      const actions = new Map<number, string>();
      for (const m of block.matchAll(/^t(\d+)(?:-(\d+) \(\d+ steps\))? (\w+) \|/gm)) {
        for (let t = Number(m[1]); t <= Number(m[2] ?? m[1]); t++) actions.set(t, m[3]!);
      }
      return actions;
    });
}

describe('pictures for the optimizer (--context-images)', () => {
  it('are the screens after the steps the prompt names, replayed from its own trace', async () => {
    const s = settings();
    const { dir, text, pictures } = await trainOnce(s);
    const rollouts = tracedActions(text);
    expect(rollouts).toHaveLength(2);
    expect(pictures.length).toBeGreaterThan(2);
    const named = pictures.map((p, i) => {
      const m = /^Picture (\d+): the screen after step t(\d+) of rollout (\d+) in the trace \((.+)\)\.$/.exec(p.caption);
      expect(m, p.caption).not.toBeNull();
      expect(Number(m![1])).toBe(i + 1);
      return { ...p, step: Number(m![2]), rollout: Number(m![3]) - 1, why: m![4]! };
    });
    for (const [b, actions] of rollouts.entries()) {
      const own = named.filter((p) => p.rollout === b);
      // At most 3 a rollout, the last one its window's end, the others after rewards, lost lives or episode ends.
      expect(own.length).toBeGreaterThan(0);
      expect(own.length).toBeLessThanOrEqual(3);
      const last = Math.max(...actions.keys());
      expect(own.at(-1)!.step).toBe(last);
      expect(own.at(-1)!.why).toMatch(/end of the window$/);
      for (const p of own.slice(0, -1)) expect(p.why).toMatch(/^(reward [+-]\d+|life lost|episode over)(, (life lost|episode over))*$/);
      // The trace marks the same events on the steps named.
      for (const p of own.filter((x) => /reward/.test(x.why))) expect(text).toMatch(new RegExp(`^t${p.step} \\w+ \\|.*\\| REWARD`, 'm'));

      const seed = rolloutSeed(s, 1, b);
      const env = new Env(demo, { ...envOptionsOf(s), seed });
      env.reset({ seed });
      for (let t = 0; t <= last; t++) {
        env.step(actions.get(t) as never);
        for (const p of own.filter((x) => x.step === t)) {
          const image = decode(p.png);
          expect([image.width, image.height, image.channels]).toEqual([160, env.screenHeight, 3]);
          expect(Buffer.from(image.data as Uint8Array).equals(Buffer.from(env.rgb())), `rollout ${b + 1} t${t}`).toBe(true);
        }
      }
    }
    // Each sent with the detail asked for, its tokens estimated and recorded, and kept with the prompt.
    expect(pictures.every((p) => p.detail === 'low')).toBe(true);
    const m = readMetrics(dir).at(-1)!;
    expect(m.imageTokens).toBe(85 * pictures.length);
    expect(m.contextTokens).toBeGreaterThan(m.imageTokens!);
    const saved = readFileSync(join(dir, 'prompts', 'iter-0001.md'), 'utf8');
    expect(saved).toContain(`${pictures.length} pictures (low detail)`);
    for (const [i, p] of pictures.entries()) {
      expect(saved).toContain(`![picture ${i + 1}](iter-0001-${i + 1}.png)`);
      expect(readFileSync(join(dir, 'prompts', `iter-0001-${i + 1}.png`)).equals(p.png)).toBe(true);
    }
  });

  it('name the step nodes of the study layout, with high detail costed by tiles', async () => {
    const s = settings({ context: 'optoprime', contextImages: 1, batch: 1, optimizer: { kind: 'openai', model: 'm', baseUrl, imageDetail: 'high' } });
    const { dir, text, pictures } = await trainOnce(s);
    expect(pictures).toHaveLength(1);
    // The last step of the window is the output node: the picture is the screen it returned.
    const output = /#Outputs\n\(\w+\) (DemoEnv\.step\d+)=/.exec(text);
    expect(output).not.toBeNull();
    expect(pictures[0]!.caption).toBe(`Picture 1: the screen after ${output![1]} (end of the window).`);
    expect(pictures[0]!.detail).toBe('high');
    expect(readMetrics(dir).at(-1)!.imageTokens).toBe(imageTokens(160, 210, 'high'));
  });

  it('are counted against the token budget: the trace is shortened to leave them room', async () => {
    const tokens = (dir: string) => readMetrics(dir).at(-1)!.contextTokens!;
    const textOnly = await trainOnce(settings({ contextImages: 0, batch: 1 }));
    // Room for the text alone, not for three pictures (85 tokens each) and their captions as well.
    const budget = tokens(textOnly.dir) + 100;
    const roomy = await trainOnce(settings({ contextImages: 0, batch: 1, tokenBudget: budget }));
    expect(roomy.text).toBe(textOnly.text);
    const tight = await trainOnce(settings({ batch: 1, tokenBudget: budget }));
    expect(tight.pictures).toHaveLength(3);
    expect(tokens(tight.dir)).toBeLessThanOrEqual(budget);
    expect(tight.text.length).toBeLessThan(roomy.text.length);
    expect(tight.text).toMatch(/earliest trace lines omitted to fit the token budget/);
  });

  it('survive an interruption: a resumed run shows the same pictures as an uninterrupted one', async () => {
    // Continuing rollouts whose windows span segments: pictures from before the stop are in the checkpoint.
    const s = settings({ optimizer: { kind: 'tuner' }, resetEachUpdate: false, horizon: 120, updateEvery: 30, iterations: 4, contextImages: 6 });
    const saved = (dir: string) =>
      readdirSync(join(dir, 'prompts'))
        .sort()
        .map((f) => [f, readFileSync(join(dir, 'prompts', f))]);
    const full = join(tmp, `run-${runs++}`);
    await startTraining(demo, s, full);
    const dir = join(tmp, `run-${runs++}`);
    const controller = new AbortController();
    const onEvent = (e: TrainEvent) => e.kind === 'phase' && e.iteration === 3 && e.phase === 'rollouts' && controller.abort();
    expect((await startTraining(demo, s, dir, { signal: controller.signal, onEvent })).status).toBe('interrupted');
    expect((await resumeTraining(dir, () => demo)).status).toBe('finished');
    const pictures = saved(full).filter(([f]) => String(f).endsWith('.png'));
    expect(pictures.length).toBeGreaterThanOrEqual(8);
    expect(saved(dir)).toEqual(saved(full));
  });

  it('are not sent unless asked for', async () => {
    server.reply({ content: '{"reasoning": "none", "functions": {}}' });
    await startTraining(demo, settings({ contextImages: 0 }), join(tmp, `run-${runs++}`));
    expect(typeof server.requests[0]!.messages[1]!.content).toBe('string');
  });
});

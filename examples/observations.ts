// Every observation type of Env, and VectorEnv's stacked 84x84 frames, on Pong.
// Run: npx tsx examples/observations.ts [roms-dir]
import { Env, findRom, VectorEnv } from '../src/index.ts';

const pong = findRom('pong', process.argv[2] ?? 'roms');

// Bytes, as ale-py's obs_type: RAM, RGB and grey pictures.
for (const obsType of ['ram', 'rgb', 'grayscale'] as const) {
  const env = new Env(pong, { obsType, seed: 1 });
  env.reset();
  const { obs } = env.step('FIRE');
  console.log(`${obsType}: ${obs!.length} bytes`);
  env.close();
}

// What a policy sees, made from RAM (no picture needed): the project's objects...
const objects = new Env(pong, { obsType: 'objects', drawScreen: false, seed: 1 });
objects.reset();
let seen = objects.step('FIRE').obs!;
for (let i = 0; i < 60; i++) seen = objects.step('NOOP').obs!;
const ball = seen.objects.find((o) => o.category === 'Ball');
console.log(
  `objects at step ${seen.step}: ${seen.objects.map((o) => o.id).join(', ')}; ball ${ball ? `at ${ball.x},${ball.y} moving ${ball.dx},${ball.dy}` : 'not in play'}`,
);
objects.close();

// ... or the dictionary the study's environment built from OCAtari's objects.
const study = new Env(pong, { obsType: 'ocatari', drawScreen: false, repeatActionProbability: 0, seed: 1 });
console.log(`ocatari: ${Object.keys(study.reset().obs!).join(', ')}`);
study.close();

// Pixel-based agents: 8 games on the worker threads, observations made natively.
const vec = new VectorEnv(pong, { num: 8, seed: 1, preprocess: { width: 84, height: 84, stack: 4 } });
vec.reset();
for (let t = 0; t < 100; t++) vec.step(new Array(vec.num).fill(1));
console.log(`VectorEnv: ${vec.num} x ${vec.observationShape!.join(' x ')} bytes, ${vec.observations!.length} in all`);
vec.close();

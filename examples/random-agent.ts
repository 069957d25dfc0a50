// A random agent on Breakout with Gymnasium's v5 settings.
// Run: npx tsx examples/random-agent.ts [roms-dir]
import { makeEnv } from '../src/env/env.ts';

const env = makeEnv('ALE/Breakout-v5', { roms: process.argv[2], seed: 42 });
console.log(`actions: ${env.actionNames.join(', ')}`);

let info = env.reset();
let episodeReward = 0;
for (let step = 0; step < 2000; step++) {
  const action = Math.floor(Math.random() * env.actionSet.length);
  const r = env.step(action);
  episodeReward += r.reward;
  if (r.terminated || r.truncated) {
    console.log(`episode over after ${r.episodeFrame} frames: reward ${episodeReward}`);
    episodeReward = 0;
    info = env.reset();
  }
}
const state = env.cloneState();
const ram = env.ram().slice(); // ram() reuses its buffer: copy to keep
env.step('FIRE');
env.restoreState(state);
console.log(`restored: RAM identical = ${Buffer.compare(env.ram(), ram) === 0}, lives ${env.lives()}, frame ${info.frame}`);
env.close();

/**
 * What one agent step reports, in the order of the status buffer the addon
 * shares with JavaScript (a Float64Array, one slot per field). This list is
 * the layout's one source: `npm run gen:step-status` writes the C++ side,
 * `native/env/StepStatus.h`, from it, and a test fails when that file is stale.
 */
export const STEP_STATUS_FIELDS = [
  { name: 'terminated', cpp: 'bool', about: 'the game is over' },
  { name: 'truncated', cpp: 'bool', about: 'the episode frame limit is reached' },
  { name: 'lives', cpp: 'int64_t', about: 'lives left, as the game shows them' },
  { name: 'frame', cpp: 'uint64_t', about: 'frames emulated since the environment was made' },
  { name: 'episodeFrame', cpp: 'uint64_t', about: 'frames emulated in this episode' },
  { name: 'mode', cpp: 'int', about: 'the game mode in effect' },
  { name: 'scanlines', cpp: 'uint32_t', about: 'scanlines of the last emulated frame' },
  { name: 'reward', cpp: 'int64_t', about: "the step's summed reward" },
] as const;

export type StepStatusField = (typeof STEP_STATUS_FIELDS)[number]['name'];

/** Slot of each field in the status buffer. */
export const STATUS_SLOT = Object.fromEntries(STEP_STATUS_FIELDS.map((f, i) => [f.name, i])) as Readonly<Record<StepStatusField, number>>;

export const STATUS_SLOTS = STEP_STATUS_FIELDS.length;

const upperFirst = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/** The C++ header for the layout above (clang-format clean). */
export function stepStatusHeader(): string {
  const width = Math.max(...STEP_STATUS_FIELDS.map((f) => `  ${f.cpp} ${f.name} = 0;`.length));
  const members = STEP_STATUS_FIELDS.map((f) => {
    const decl = `  ${f.cpp} ${f.name} = ${f.cpp === 'bool' ? 'false' : '0'};`;
    return `${decl.padEnd(Math.max(width, decl.length))}  // ${f.about}`;
  });
  const slots = STEP_STATUS_FIELDS.map((f, i) => `  kStatus${upperFirst(f.name)} = ${i},`);
  const writes = STEP_STATUS_FIELDS.map((f) => `  out[kStatus${upperFirst(f.name)}] = double(s.${f.name});`);
  return `// Generated from src/env/step-status.ts by \`npm run gen:step-status\`: edit it there.
// What one agent step reports (AleEnv::step), and its slots in the status
// buffer the addon shares with JavaScript (a Float64Array).
#pragma once
#include <cstdint>

namespace ha {

struct StepStatus {
${members.join('\n')}
};

enum StatusSlot : int {
${slots.join('\n')}
  kStatusSlots = ${STEP_STATUS_FIELDS.length},
};

inline void writeStatusSlots(const StepStatus& s, double* out) {
${writes.join('\n')}
}

}  // namespace ha
`;
}

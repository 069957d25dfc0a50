// Generated from src/env/step-status.ts by `npm run gen:step-status`: edit it there.
// What one agent step reports (AleEnv::step), and its slots in the status
// buffer the addon shares with JavaScript (a Float64Array).
#pragma once
#include <cstdint>

namespace ha {

struct StepStatus {
  bool terminated = false;    // the game is over
  bool truncated = false;     // the episode frame limit is reached
  int64_t lives = 0;          // lives left, as the game shows them
  uint64_t frame = 0;         // frames emulated since the environment was made
  uint64_t episodeFrame = 0;  // frames emulated in this episode
  int mode = 0;               // the game mode in effect
  uint32_t scanlines = 0;     // scanlines of the last emulated frame
  int64_t reward = 0;         // the step's summed reward
};

enum StatusSlot : int {
  kStatusTerminated = 0,
  kStatusTruncated = 1,
  kStatusLives = 2,
  kStatusFrame = 3,
  kStatusEpisodeFrame = 4,
  kStatusMode = 5,
  kStatusScanlines = 6,
  kStatusReward = 7,
  kStatusSlots = 8,
};

inline void writeStatusSlots(const StepStatus& s, double* out) {
  out[kStatusTerminated] = double(s.terminated);
  out[kStatusTruncated] = double(s.truncated);
  out[kStatusLives] = double(s.lives);
  out[kStatusFrame] = double(s.frame);
  out[kStatusEpisodeFrame] = double(s.episodeFrame);
  out[kStatusMode] = double(s.mode);
  out[kStatusScanlines] = double(s.scanlines);
  out[kStatusReward] = double(s.reward);
}

}  // namespace ha

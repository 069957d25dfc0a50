#include "env/ThreadPool.h"

#include <chrono>

namespace ha {

namespace {
// How long a thread polls for the next batch (or the end of one) before it
// sleeps. It must outlast the JS work between two batches: a worker woken
// from sleep starts ~50-100 us late on a VM, which cost VectorEnv on 2 cores
// a tenth of its speed when the poll lasted ~16 us.
constexpr auto kSpinFor = std::chrono::microseconds(250);

// Polls `ready` until it holds (true) or kSpinFor has passed (false),
// yielding now and then to any other thread waiting for this core (more
// threads than cores, or other programs).
template <typename F>
bool spinUntil(F ready) {
  const auto until = std::chrono::steady_clock::now() + kSpinFor;
  for (;;) {
    for (int i = 0; i < 256; ++i)
      if (ready()) return true;
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::yield();
  }
}
}  // namespace

ThreadPool::ThreadPool(int threads) {
  for (int i = 1; i < threads; ++i) workers_.emplace_back([this] { workerLoop(); });
}

ThreadPool::~ThreadPool() {
  if (active_) wait();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& w : workers_) w.join();
}

void ThreadPool::start(size_t count, std::function<void(size_t)> task) {
  if (active_) wait();
  {
    std::unique_lock<std::mutex> lock(mutex_);
    // A worker still leaving the previous batch must not see this one half set.
    finished_.wait(lock, [this] { return busyWorkers_ == 0; });
    task_ = std::move(task);
    count_ = count;
    next_ = 0;
    done_ = 0;
    ++generation_;
    active_ = true;
  }
  wake_.notify_all();
}

void ThreadPool::drain() {
  for (size_t i = next_++; i < count_; i = next_++) {
    task_(i);
    if (++done_ == count_) {
      std::lock_guard<std::mutex> lock(mutex_);
      finished_.notify_all();
    }
  }
}

void ThreadPool::wait() {
  if (!active_) return;
  drain();
  auto finished = [this] { return done_ == count_ && busyWorkers_ == 0; };
  if (!spinUntil(finished)) {
    std::unique_lock<std::mutex> lock(mutex_);
    finished_.wait(lock, finished);
  }
  active_ = false;
}

void ThreadPool::workerLoop() {
  uint64_t seen = 0;
  for (;;) {
    spinUntil([&] { return generation_ != seen; });
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || generation_ != seen; });
      if (stopping_) return;
      seen = generation_;
      ++busyWorkers_;
    }
    drain();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      --busyWorkers_;
    }
    finished_.notify_all();
  }
}

}  // namespace ha

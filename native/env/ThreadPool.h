// A fixed set of worker threads that run one batch of indexed tasks at a
// time. The thread that waits for a batch helps finish it, so a pool of
// `threads` uses exactly that many threads: threads - 1 workers plus the
// caller (a pool of 1 has no workers and runs batches in wait()).
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace ha {

class ThreadPool {
 public:
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int threads() const { return int(workers_.size()) + 1; }
  // Starts task(0) .. task(count - 1) on the workers and returns at once.
  void start(size_t count, std::function<void(size_t)> task);
  // Helps run the started batch and returns when all of it is done.
  void wait();
  bool busy() const { return active_; }

 private:
  void workerLoop();
  // Runs tasks of the current batch until none is left.
  void drain();

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_, finished_;
  std::function<void(size_t)> task_;
  size_t count_ = 0;
  std::atomic<size_t> next_{0};
  std::atomic<size_t> done_{0};
  std::atomic<uint64_t> generation_{0};
  std::atomic<int> busyWorkers_{0};  // workers inside drain(): a new batch waits for them
  bool stopping_ = false;
  bool active_ = false;
};

}  // namespace ha

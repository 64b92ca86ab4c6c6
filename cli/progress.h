// A progress line on a terminal for long batches: files done, forms found,
// failures, rate, time left. Silent in pipes and under CI.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace perfgoal {

// True when stderr is a terminal and the CI variable is not set.
bool progress_wanted();

class Progress {
 public:
  Progress(bool enabled, size_t total_files);
  ~Progress();  // stops and clears the line

  void file_done(int forms, bool failed);
  // Prints a message on its own line (the progress line is redrawn after it).
  void message(const std::string& line);
  void stop();

 private:
  bool enabled_;
  size_t total_;
  std::atomic<size_t> done_{0};
  std::atomic<long> forms_{0};
  std::atomic<size_t> failed_{0};
  std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool drawn_ = false;
  std::thread thread_;

  void draw_locked();
  void clear_locked();
};

}  // namespace perfgoal

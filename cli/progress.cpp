#include "cli/progress.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace perfgoal {

bool progress_wanted() {
  const char* ci = std::getenv("CI");
  return ::isatty(STDERR_FILENO) && !(ci && *ci);
}

Progress::Progress(bool enabled, size_t total_files)
    : enabled_(enabled), total_(total_files), start_(std::chrono::steady_clock::now()) {
  if (!enabled_) return;
  thread_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
      draw_locked();
      wake_.wait_for(lock, std::chrono::milliseconds(200));
    }
  });
}

Progress::~Progress() { stop(); }

void Progress::stop() {
  if (!enabled_) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    clear_locked();
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Progress::file_done(int forms, bool failed) {
  done_ += 1;
  forms_ += forms;
  if (failed) failed_ += 1;
}

void Progress::message(const std::string& line) {
  std::lock_guard<std::mutex> lock(mutex_);
  clear_locked();
  std::fprintf(stderr, "%s\n", line.c_str());
  std::fflush(stderr);
}

void Progress::clear_locked() {
  if (!enabled_ || !drawn_) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  drawn_ = false;
}

void Progress::draw_locked() {
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  size_t done = done_;
  double rate = secs > 0 ? static_cast<double>(done) / secs : 0;
  const int width = 24;
  int filled = total_ ? static_cast<int>(width * done / total_) : 0;
  std::string bar(static_cast<size_t>(filled), '#');
  bar.resize(width, '-');
  char eta[32] = "--:--";
  if (rate > 0 && done < total_) {
    long left = static_cast<long>((static_cast<double>(total_ - done)) / rate);
    std::snprintf(eta, sizeof eta, "%ld:%02ld", left / 60, left % 60);
  }
  std::fprintf(stderr, "\r\033[K[%s] %zu/%zu files  %ld forms  %zu failed  %.1f files/s  left %s", bar.c_str(), done,
               total_, forms_.load(), failed_.load(), rate, eta);
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace perfgoal

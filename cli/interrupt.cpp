#include "cli/interrupt.h"

#include <pthread.h>
#include <signal.h>

#include <chrono>
#include <mutex>
#include <thread>

#include "emit/writer.h"

namespace perfgoal {

struct InterruptWatch::State {
  std::mutex mutex;
  bool armed = true;
  std::function<void(int)> on_signal;
};

namespace {
sigset_t watched() {
  sigset_t set;
  sigemptyset(&set);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&set, sig);
  return set;
}
}  // namespace

InterruptWatch::InterruptWatch(std::function<void(int)> on_signal) : state_(std::make_shared<State>()) {
  state_->on_signal = std::move(on_signal);
  install_interrupt_cleanup();  // what ends the process once the callback is done
  sigset_t set = watched();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread([state = state_, set] {
    int sig = 0;
    if (sigwait(&set, &sig) != 0) return;
    {
      std::lock_guard<std::mutex> lock(state->mutex);
      if (state->armed) {
        try {
          stop_writing(std::chrono::seconds(5));  // outputs under way are finished, no new one starts
          state->on_signal(sig);
        } catch (...) {
          // the process ends by the signal anyway
        }
      }
    }
    // Signals are blocked in every other thread: raised here, the cleanup
    // handler runs in this thread and ends the process by the signal.
    pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
    raise(sig);
  }).detach();
}

InterruptWatch::~InterruptWatch() {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->armed = false;
}

}  // namespace perfgoal

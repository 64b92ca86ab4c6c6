// Ctrl-C (and SIGTERM, SIGHUP) during a batch: the run says what it had done
// before it ends. The signals are taken by a thread of their own (not by an
// asynchronous handler), which runs a callback (write the run report) and
// then lets the signal end the process as before: the temporary files being
// written are removed (install_interrupt_cleanup) and the exit status is the
// signal's. Before the callback, writing stops: outputs under way are
// finished, none starts.
#pragma once

#include <functional>
#include <memory>

namespace perfgoal {

class InterruptWatch {
 public:
  // Blocks the signals in the calling thread (threads it starts later inherit
  // that) and starts the watching thread. Call before starting workers.
  explicit InterruptWatch(std::function<void(int signal)> on_signal);
  // Disarms: a signal after this ends the process without the callback.
  ~InterruptWatch();
  InterruptWatch(const InterruptWatch&) = delete;
  InterruptWatch& operator=(const InterruptWatch&) = delete;

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace perfgoal

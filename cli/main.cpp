#include <unistd.h>

#include <cstdlib>

#include "cli/commands.h"

int main(int argc, char** argv) {
  // Tesseract (OCR of scans) runs its own OpenMP threads inside each page;
  // perfgoal spreads inputs over cores itself (-j), and both at once fight
  // over the cores. The OpenMP runtime reads its limit when it loads, so the
  // limit is set and the program started again, once.
  if (!std::getenv("OMP_THREAD_LIMIT")) {
    setenv("OMP_THREAD_LIMIT", "1", 1);
    execv("/proc/self/exe", argv);  // on failure, go on with OpenMP's threads
  }
  return perfgoal::run_command_line(argc, argv);
}

#include "emit/writer.h"

#include <signal.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <regex>
#include <system_error>

#include "emit/xlsx_writer.h"
#include "emit/xml_writer.h"
#include "emit/yaml_writer.h"

namespace perfgoal {

const std::vector<Writer>& writers() {
  static const std::vector<Writer> table = {
      {"yaml", ".yaml", write_yaml_file},
      {"xml", ".xml", write_xml_file},
      {"xlsx", ".xlsx", write_xlsx_file},
  };
  return table;
}

const Writer* find_writer(std::string_view name) {
  for (const auto& w : writers())
    if (w.name == name) return &w;
  return nullptr;
}

namespace {

// Temporary files being written, kept where a signal handler can reach them
// without locks or allocation: fixed slots, claimed with an atomic flag.
struct TempSlot {
  std::atomic<bool> used{false};
  char path[4096];
};
std::array<TempSlot, 128> temp_slots;

int claim_slot(const std::string& path) {
  if (path.size() >= sizeof(TempSlot::path)) return -1;
  for (size_t i = 0; i < temp_slots.size(); ++i) {
    bool expected = false;
    if (temp_slots[i].used.load() == false) {
      std::memcpy(temp_slots[i].path, path.c_str(), path.size() + 1);
      if (temp_slots[i].used.compare_exchange_strong(expected, true)) return static_cast<int>(i);
    }
  }
  return -1;  // more than 128 at once: still removed on errors, not on signals
}

void release_slot(int i) {
  if (i >= 0) temp_slots[static_cast<size_t>(i)].used.store(false);
}

extern "C" void on_interrupt(int sig) {
  for (auto& slot : temp_slots)
    if (slot.used.load()) ::unlink(slot.path);
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

constexpr const char* kTempMarker = ".part-";

}  // namespace

void write_atomically(const std::filesystem::path& target,
                      const std::function<void(const std::filesystem::path& tmp)>& produce) {
  static std::atomic<unsigned> counter{0};
  std::filesystem::path tmp = target;
  tmp += std::string(kTempMarker) + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  int slot = claim_slot(tmp.string());
  try {
    produce(tmp);
    std::filesystem::rename(tmp, target);
    release_slot(slot);
  } catch (...) {
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    release_slot(slot);
    throw;
  }
}

void install_interrupt_cleanup() {
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &sa, nullptr);
}

int remove_stale_temporaries(const std::filesystem::path& dir) {
  static const std::regex temp_name(R"(.*\.part-([0-9]+)-[0-9]+$)");
  int removed = 0;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    std::smatch m;
    std::string name = it->path().filename().string();
    if (!it->is_regular_file(ec) || !std::regex_match(name, m, temp_name)) continue;
    pid_t pid = static_cast<pid_t>(std::stol(m[1].str()));
    if (pid == ::getpid() || ::kill(pid, 0) == 0 || errno == EPERM) continue;  // still running
    std::error_code rm;
    if (std::filesystem::remove(it->path(), rm)) ++removed;
  }
  return removed;
}

}  // namespace perfgoal

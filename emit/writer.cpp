#include "emit/writer.h"

#include <signal.h>
#include <unistd.h>

#include <fcntl.h>

#include <array>
#include <chrono>
#include <thread>
#include <vector>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cstring>
#include <string_view>
#include <system_error>

#include "emit/xlsx_writer.h"
#include "emit/xml_writer.h"
#include "emit/yaml_writer.h"
#include "emit/stream_writers.h"

namespace perfgoal {

namespace {

// The table: a format's name and how its writer is made from the configuration.
struct WriterEntry {
  std::string_view name;
  Writer (*make)(const WriterConfig& config);
};

constexpr WriterEntry kWriters[] = {
    {"yaml", [](const WriterConfig&) { return Writer{"yaml", ".yaml", write_yaml_file, open_yaml_form_writer}; }},
    {"xml", [](const WriterConfig& c) { return xml_writer(find_xml_mapping(c.xml_mapping, c.templates_dir)); }},
    {"xlsx", [](const WriterConfig&) { return Writer{"xlsx", ".xlsx", write_xlsx_file, [](const std::filesystem::path& out, const std::string&) {
                                   return open_xlsx_form_writer(out, XlsxOptions{});
                                 }};
     }},
};

}  // namespace

std::vector<std::string> writer_names() {
  std::vector<std::string> out;
  for (const auto& e : kWriters) out.emplace_back(e.name);
  return out;
}

std::optional<Writer> make_writer(std::string_view name, const WriterConfig& config) {
  for (const auto& e : kWriters)
    if (e.name == name) return e.make(config);
  return std::nullopt;
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

// A temporary file is named .perfgoal-<pid>-<n>.<target's name>.part, beside
// its target: a prefix and a suffix of ours, so that no user's file is taken
// for one, and the id of the process writing it.
constexpr std::string_view kTempPrefix = ".perfgoal-";
constexpr std::string_view kTempSuffix = ".part";

// The writing process's id when `name` is a temporary file's name.
bool temporary_writer(std::string_view name, long long& pid) {
  if (name.size() <= kTempPrefix.size() + kTempSuffix.size() || name.substr(0, kTempPrefix.size()) != kTempPrefix ||
      name.substr(name.size() - kTempSuffix.size()) != kTempSuffix)
    return false;
  const char* p = name.data() + kTempPrefix.size();
  const char* end = name.data() + name.size();
  auto [after_pid, e1] = std::from_chars(p, end, pid);
  if (e1 != std::errc() || after_pid == end || *after_pid != '-' || pid <= 0 || pid > INT_MAX) return false;
  long long n = 0;
  auto [after_n, e2] = std::from_chars(after_pid + 1, end, n);
  return e2 == std::errc() && after_n != end && *after_n == '.';
}

// stop_writing(): writes under way, and whether new ones may start.
std::atomic<int> writes_in_flight{0};
std::atomic<bool> writing_stopped{false};
thread_local bool may_write_when_stopped = false;

}  // namespace

AtomicFile::AtomicFile(const std::filesystem::path& target) : target_(target) {
  static std::atomic<unsigned> counter{0};
  writes_in_flight.fetch_add(1);
  if (writing_stopped.load() && !may_write_when_stopped) {
    writes_in_flight.fetch_sub(1);
    for (;;) std::this_thread::sleep_for(std::chrono::hours(1));  // the process is ending
  }
  tmp_ = target;
  tmp_.replace_filename(std::string(kTempPrefix) + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "." +
                        target.filename().string() + std::string(kTempSuffix));
  // Created here first, so that a folder that cannot be written is reported
  // with its reason, naming the target rather than the temporary file.
  slot_ = claim_slot(tmp_.string());
  int fd = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) {
    int why = errno;
    release_slot(slot_);
    writes_in_flight.fetch_sub(1);
    throw std::runtime_error("cannot write " + target.string() + ": " + std::strerror(why));
  }
  ::close(fd);
}

AtomicFile::~AtomicFile() {
  if (!done_) {
    std::error_code ec;
    std::filesystem::remove(tmp_, ec);
    release_slot(slot_);
  }
  writes_in_flight.fetch_sub(1);
}

void AtomicFile::commit() {
  std::filesystem::rename(tmp_, target_);
  release_slot(slot_);
  done_ = true;
}

void AtomicFile::commit(std::ofstream& written) {
  written.close();
  if (!written) throw std::runtime_error("cannot write " + target_.string());
  commit();
}

void write_atomically(const std::filesystem::path& target,
                      const std::function<void(const std::filesystem::path& tmp)>& produce) {
  AtomicFile file(target);
  produce(file.tmp());
  file.commit();
}

void write_stream_atomically(const std::filesystem::path& target, const std::function<void(std::ostream& out)>& produce) {
  AtomicFile file(target);
  // A buffer of 256 KiB (the stream's own is 8 KiB: a system call each),
  // set before the file is opened.
  std::vector<char> buffer(size_t{1} << 18);
  std::ofstream f;
  f.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  f.open(file.tmp(), std::ios::binary);
  produce(f);
  file.commit(f);
}

void stop_writing(std::chrono::milliseconds wait) {
  may_write_when_stopped = true;
  writing_stopped.store(true);
  auto until = std::chrono::steady_clock::now() + wait;
  while (writes_in_flight.load() > 0 && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  for (auto& slot : temp_slots)
    if (slot.used.load()) ::unlink(slot.path);
}

void install_interrupt_cleanup() {
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &sa, nullptr);
}

int remove_stale_temporaries(const std::filesystem::path& dir) {
  int removed = 0;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(
           dir, std::filesystem::directory_options::skip_permission_denied, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    long long pid = 0;
    std::error_code type;
    if (!temporary_writer(it->path().filename().string(), pid) || !it->is_regular_file(type)) continue;
    if (pid == ::getpid() || ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // still running
    std::error_code rm;
    if (std::filesystem::remove(it->path(), rm)) ++removed;
  }
  return removed;
}

}  // namespace perfgoal

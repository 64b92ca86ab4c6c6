#include "model/finding_log.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string_view>
#include <utility>
#include <vector>

namespace perfgoal {
namespace {

void put(std::FILE* f, const void* p, size_t n) {
  if (n && std::fwrite(p, 1, n, f) != n)
    throw std::runtime_error(std::string("cannot keep the findings in a temporary file: ") + std::strerror(errno));
}
// A file read from its start in blocks of 1 MiB (pread: the stream that
// wrote it keeps its own position).
struct BlockReader {
  int fd;
  std::vector<char> block = std::vector<char>(size_t{1} << 20);
  size_t at = 0, end = 0;
  off_t offset = 0;
  void get(void* p, size_t n) {
    auto* out = static_cast<char*>(p);
    while (n > 0) {
      if (at == end) {
        ssize_t got;
        do got = ::pread(fd, block.data(), block.size(), offset);
        while (got < 0 && errno == EINTR);
        if (got <= 0) throw std::runtime_error("cannot read the findings back from a temporary file");
        offset += got;
        at = 0;
        end = static_cast<size_t>(got);
      }
      const size_t k = std::min(n, end - at);
      std::memcpy(out, block.data() + at, k);
      out += k;
      at += k;
      n -= k;
    }
  }
};
// A finding is kept as one entry: its length, then its fields (numbers as
// 8 bytes, texts as their length and bytes), written and read in one call
// each (not one a field).
void add_int(std::string& b, std::int64_t v) { b.append(reinterpret_cast<const char*>(&v), sizeof v); }
void add_text(std::string& b, const std::string& s) {
  add_int(b, static_cast<std::int64_t>(s.size()));
  b.append(s);
}
struct Reader {
  std::string_view b;
  std::int64_t next_int() {
    std::int64_t v = 0;
    if (b.size() < sizeof v) throw std::runtime_error("cannot read the findings back from a temporary file");
    std::memcpy(&v, b.data(), sizeof v);
    b.remove_prefix(sizeof v);
    return v;
  }
  void next_text(std::string& s) {
    const auto n = static_cast<size_t>(next_int());
    if (n > b.size()) throw std::runtime_error("cannot read the findings back from a temporary file");
    s.assign(b.substr(0, n));
    b.remove_prefix(n);
  }
};

}  // namespace

FindingLog::FindingLog() {}
FindingLog::~FindingLog() {
  if (file_) std::fclose(file_);
}
FindingLog::FindingLog(FindingLog&& o) noexcept : file_(std::exchange(o.file_, nullptr)), size_(std::exchange(o.size_, 0)) {
  for (int k = 0; k < 3; ++k) by_severity_[k] = std::exchange(o.by_severity_[k], 0);
}
FindingLog& FindingLog::operator=(FindingLog&& o) noexcept {
  if (this != &o) {
    if (file_) std::fclose(file_);
    file_ = std::exchange(o.file_, nullptr);
    size_ = std::exchange(o.size_, 0);
    for (int k = 0; k < 3; ++k) by_severity_[k] = std::exchange(o.by_severity_[k], 0);
  }
  return *this;
}

void FindingLog::add(const Finding& f, const std::optional<std::string>& project) {
  if (!file_) {
    file_ = std::tmpfile();
    if (!file_) throw std::runtime_error(std::string("cannot make a temporary file for the findings: ") + std::strerror(errno));
  }
  thread_local std::string entry;
  entry.clear();
  add_int(entry, 0);  // the length, set below
  add_text(entry, f.rule);
  add_int(entry, static_cast<std::int64_t>(f.severity));
  add_text(entry, f.message);
  add_text(entry, f.where.file);
  add_int(entry, f.where.line);
  add_int(entry, f.where.page);
  add_int(entry, f.record);
  add_text(entry, f.field);
  add_int(entry, project ? 1 : 0);
  if (project) add_text(entry, *project);
  const auto length = static_cast<std::int64_t>(entry.size() - sizeof(std::int64_t));
  std::memcpy(entry.data(), &length, sizeof length);
  put(file_, entry.data(), entry.size());
  ++size_;
  ++by_severity_[static_cast<int>(f.severity)];
}

void FindingLog::each(const std::function<void(const Finding&, const std::optional<std::string>&)>& each) const {
  if (!file_ || size_ == 0) return;
  if (std::fflush(file_) != 0 || std::fseek(file_, 0, SEEK_SET) != 0)
    throw std::runtime_error("cannot read the findings back from a temporary file");
  // Read back in large blocks (the stream's own buffer is a few KiB: a
  // system call each), from the file's descriptor once the stream is flushed.
  BlockReader in{::fileno(file_)};
  Finding f;
  std::optional<std::string> project;
  std::string name, entry;
  for (size_t i = 0; i < size_; ++i) {
    std::int64_t length = 0;
    in.get(&length, sizeof length);
    entry.resize(static_cast<size_t>(length));
    in.get(entry.data(), entry.size());
    Reader r{entry};
    r.next_text(f.rule);
    f.severity = static_cast<Severity>(r.next_int());
    r.next_text(f.message);
    r.next_text(f.where.file);
    f.where.line = static_cast<int>(r.next_int());
    f.where.page = static_cast<int>(r.next_int());
    f.record = static_cast<int>(r.next_int());
    r.next_text(f.field);
    if (r.next_int()) {
      r.next_text(name);
      project = name;
    } else {
      project.reset();
    }
    each(f, project);
  }
  if (std::fseek(file_, 0, SEEK_END) != 0) throw std::runtime_error("cannot append to the findings' temporary file");
}

}  // namespace perfgoal

#include "model/record_spool.h"

#include <cerrno>
#include <cstdint>
#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace perfgoal {

namespace {
constexpr size_t kBuffer = 64 * 1024;
}

Spool::~Spool() {
  if (file_) std::fclose(file_);
}
Spool::Spool(Spool&& o) noexcept
    : file_(std::exchange(o.file_, nullptr)),
      size_(std::exchange(o.size_, 0)),
      read_(std::exchange(o.read_, 0)),
      reading_(std::exchange(o.reading_, false)),
      buf_(std::move(o.buf_)),
      pos_(std::exchange(o.pos_, 0)),
      len_(std::exchange(o.len_, 0)) {}
Spool& Spool::operator=(Spool&& o) noexcept {
  if (this != &o) {
    if (file_) std::fclose(file_);
    file_ = std::exchange(o.file_, nullptr);
    size_ = std::exchange(o.size_, 0);
    read_ = std::exchange(o.read_, 0);
    reading_ = std::exchange(o.reading_, false);
    buf_ = std::move(o.buf_);
    pos_ = std::exchange(o.pos_, 0);
    len_ = std::exchange(o.len_, 0);
  }
  return *this;
}

void Spool::begin_item() {
  if (!file_) {
    file_ = std::tmpfile();
    if (!file_) throw std::runtime_error(std::string("cannot make a temporary file: ") + std::strerror(errno));
    buf_ = std::make_unique<char[]>(kBuffer);
    pos_ = len_ = 0;
  }
  if (reading_) {
    if (std::fseek(file_, 0, SEEK_END) != 0) throw std::runtime_error("cannot append to a temporary file");
    reading_ = false;
    pos_ = len_ = 0;
  }
}

void Spool::flush() {
  if (pos_ && std::fwrite(buf_.get(), 1, pos_, file_) != pos_)
    throw std::runtime_error(std::string("cannot write a temporary file: ") + std::strerror(errno));
  pos_ = 0;
}

void Spool::rewind() {
  read_ = 0;
  if (!file_) return;
  if (!reading_) flush();
  if (std::fflush(file_) != 0 || std::fseek(file_, 0, SEEK_SET) != 0)
    throw std::runtime_error("cannot read a temporary file back");
  reading_ = true;
  pos_ = len_ = 0;
}

bool Spool::fill() {
  len_ = std::fread(buf_.get(), 1, kBuffer, file_);
  pos_ = 0;
  return len_ > 0;
}

void Spool::put(const void* p, size_t n) {
  const char* c = static_cast<const char*>(p);
  while (n > 0) {
    if (pos_ == kBuffer) flush();
    size_t k = std::min(n, kBuffer - pos_);
    std::memcpy(buf_.get() + pos_, c, k);
    pos_ += k;
    c += k;
    n -= k;
  }
}
// Integers as zigzag varints: lengths, flags and line numbers take a byte or
// two, not eight (a record has a few hundred of them).
void Spool::put_int(long long v) {
  std::uint64_t z = (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
  unsigned char b[10];
  size_t n = 0;
  do {
    unsigned char c = z & 0x7F;
    z >>= 7;
    b[n++] = static_cast<unsigned char>(c | (z ? 0x80 : 0));
  } while (z);
  put(b, n);
}
void Spool::put_text(const std::string& s) {
  put_int(static_cast<long long>(s.size()));
  put(s.data(), s.size());
}
void Spool::put_text(const std::optional<std::string>& s) {
  if (!s) return put_int(-1);
  put_text(*s);
}
void Spool::get(void* p, size_t n) {
  char* c = static_cast<char*>(p);
  while (n > 0) {
    if (pos_ == len_ && !fill()) throw std::runtime_error("cannot read a temporary file back");
    size_t k = std::min(n, len_ - pos_);
    std::memcpy(c, buf_.get() + pos_, k);
    pos_ += k;
    c += k;
    n -= k;
  }
}
long long Spool::get_int() {
  std::uint64_t z = 0;
  for (int shift = 0;; shift += 7) {
    int c = next_byte();
    if (c == EOF || shift > 63) throw std::runtime_error("cannot read a temporary file back");
    z |= static_cast<std::uint64_t>(c & 0x7F) << shift;
    if (!(c & 0x80)) break;
  }
  return static_cast<long long>((z >> 1) ^ (~(z & 1) + 1));
}
void Spool::get_text(std::string& s) {
  long long n = get_int();
  if (n < 0) throw std::runtime_error("cannot read a temporary file back");
  s.resize(static_cast<size_t>(n));
  get(s.data(), s.size());
}
void Spool::get_text(std::optional<std::string>& s) {
  long long n = get_int();
  if (n < 0) {
    s.reset();
    return;
  }
  if (!s) s.emplace();
  s->resize(static_cast<size_t>(n));
  get(s->data(), s->size());
}

// ---- records ----

namespace {

// One value of a field table's scalar kind (text, date, integer, years, money,
// quantity); false for a group (funds, indicators), which its caller walks.
template <class Io, class Field, class Object>
bool scalar_value(Io& io, const Field& f, Object& o) {
  switch (f.kind) {
    case FieldKind::text:
    case FieldKind::date_time: io.text(f.text(o)); return true;
    case FieldKind::integer:
    case FieldKind::years: io.integer(f.integer(o)); return true;
    case FieldKind::money:
    case FieldKind::quantity: io.number(f.number(o)); return true;
    default: return false;
  }
}

// Writes (Put) or reads (Get) every value of a record, in one order: the
// source (not in the field tables: each of its members here), then the field
// tables.
template <class Io>
void each_value(Io& io, Record& r) {
  io.text(r.source.file);
  for (auto* range : {&r.source.pages, &r.source.lines}) io.range(*range);
  io.ocr(r.source.ocr);
  io.text(r.source.template_name);
  for (const auto& f : record_fields()) {
    if (scalar_value(io, f, r)) continue;
    switch (f.kind) {
      case FieldKind::funds:
        for (const auto& g : funds_fields()) io.number(g.number(f.funds(r)));
        break;
      case FieldKind::indicators: {
        auto& list = f.list(r);
        io.size(list);
        for (auto& i : list) {
          for (const auto& g : indicator_fields()) {
            scalar_value(io, g, i);  // an indicator's fields are all scalars
            if (g.has) io.flag(g.has(i));
          }
          io.integer(i.line);
          io.integer(i.page);
        }
        break;
      }
      default: break;  // the scalars, above
    }
  }
}

}  // namespace

class RecordSpoolIo {
 public:
  RecordSpoolIo(RecordSpool& s, bool writing) : s_(s), writing_(writing) {}
  void text(std::string& v) { writing_ ? s_.put_text(v) : s_.get_text(v); }
  void text(std::optional<std::string>& v) { writing_ ? s_.put_text(v) : s_.get_text(v); }
  void integer(int& v) {
    if (writing_) s_.put_int(v);
    else v = static_cast<int>(s_.get_int());
  }
  void flag(bool& v) {
    if (writing_) s_.put_int(v ? 1 : 0);
    else v = s_.get_int() != 0;
  }
  template <class T>
  bool present(std::optional<T>& v) {
    if (writing_) {
      s_.put_int(v ? 1 : 0);
      return v.has_value();
    }
    if (s_.get_int()) {
      v.emplace();
      return true;
    }
    v.reset();
    return false;
  }
  void integer(std::optional<int>& v) {
    if (present(v)) integer(*v);
  }
  void number(std::optional<Decimal>& v) {
    if (!present(v)) return;
    if (writing_) return s_.put_text(v->to_string());
    s_.get_text(buf_);
    auto d = Decimal::parse(buf_);
    if (!d) throw std::runtime_error("cannot read a temporary file back");
    *v = *d;
  }
  void range(std::optional<std::pair<int, int>>& v) {
    if (!present(v)) return;
    integer(v->first);
    integer(v->second);
  }
  void ocr(std::optional<OcrRef>& v) {
    if (!present(v)) return;
    text(v->engine);
    text(v->version);
    text(v->model);
    integer(v->dpi);
  }
  void size(std::vector<Indicator>& list) {
    if (writing_) return s_.put_int(static_cast<long long>(list.size()));
    long long n = s_.get_int();
    if (n < 0) throw std::runtime_error("cannot read a temporary file back");
    list.resize(static_cast<size_t>(n));
  }

 private:
  RecordSpool& s_;
  bool writing_;
  std::string buf_;
};

void RecordSpool::add(const Record& r) {
  begin_item();
  RecordSpoolIo io(*this, true);
  each_value(io, const_cast<Record&>(r));  // only read when writing
  ++size_;
}

bool RecordSpool::next(Record& r) {
  if (!reading_ || read_ >= size_) return false;
  RecordSpoolIo io(*this, false);
  each_value(io, r);
  ++read_;
  return true;
}

// ---- findings ----

void FindingSpool::add(const Finding& f) {
  begin_item();
  have_ = false;
  put_text(f.rule);
  put_int(static_cast<long long>(f.severity));
  put_text(f.message);
  put_text(f.where.file);
  put_int(f.where.line);
  put_int(f.where.page);
  put_int(f.record);
  put_text(f.field);
  ++size_;
}

const Finding* FindingSpool::peek() {
  if (have_) return &next_;
  if (!reading_ || read_ >= size_) return nullptr;
  get_text(next_.rule);
  next_.severity = static_cast<Severity>(get_int());
  get_text(next_.message);
  get_text(next_.where.file);
  next_.where.line = static_cast<int>(get_int());
  next_.where.page = static_cast<int>(get_int());
  next_.record = static_cast<int>(get_int());
  get_text(next_.field);
  ++read_;
  have_ = true;
  return &next_;
}

void FindingSpool::pop() {
  if (!have_) peek();
  have_ = false;
}

}  // namespace perfgoal

// Records and findings kept in an anonymous temporary file, not in memory,
// and read back in order as often as needed: what a writer that needs the
// whole input twice (the workbook: widths first, then the rows) keeps of an
// input converted as a stream. The records are written field by field from
// the field tables (model/fields.h), so a field added to the record is kept
// too; a record read back equals the one written.
#pragma once

#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "model/finding.h"
#include "model/record.h"

namespace perfgoal {

// A temporary file of values written one after the other and read back from
// the start: the common part of the spools below. Throws std::runtime_error
// when the file cannot be made, written or read.
class Spool {
 public:
  Spool() = default;
  ~Spool();
  Spool(Spool&& other) noexcept;
  Spool& operator=(Spool&& other) noexcept;
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;

  size_t size() const { return size_; }
  // Starts reading from the first item (ends any reading under way).
  void rewind();

 protected:
  void begin_item();  // before writing an item: back to the end of the file when it was being read
  void put(const void* p, size_t n);
  void put_int(long long v);
  void put_text(const std::string& s);
  void put_text(const std::optional<std::string>& s);
  void get(void* p, size_t n);
  long long get_int();
  void get_text(std::string& s);
  void get_text(std::optional<std::string>& s);
  std::FILE* file_ = nullptr;
  size_t size_ = 0;     // items written
  size_t read_ = 0;     // items read since rewind()
  bool reading_ = false;

 private:
  // One buffer, for writing or for reading (the stdio calls per value, each
  // taking the FILE's lock, were most of the time of reading records back).
  void flush();
  int next_byte() { return pos_ < len_ || fill() ? static_cast<unsigned char>(buf_[pos_++]) : EOF; }
  bool fill();  // reads the next block; false at the end of the file
  std::unique_ptr<char[]> buf_;
  size_t pos_ = 0;  // reading: next byte; writing: bytes waiting
  size_t len_ = 0;  // reading: bytes in the buffer
};

class RecordSpool : public Spool {
 public:
  void add(const Record& r);
  // The next record since rewind(); false after the last.
  bool next(Record& r);

 private:
  friend class RecordSpoolIo;
};

// Findings with the index of their record, read back with a look at the next.
class FindingSpool : public Spool {
 public:
  void add(const Finding& f);
  void rewind() {
    have_ = false;
    Spool::rewind();
  }
  // The next finding since rewind(), without taking it; null after the last.
  const Finding* peek();
  // Takes the finding peek() showed.
  void pop();

 private:
  Finding next_;
  bool have_ = false;
};

}  // namespace perfgoal

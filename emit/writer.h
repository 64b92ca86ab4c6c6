// The writers, picked from one table by format name.
// Adding a format is adding an entry to the table in writer.cpp.
#pragma once

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "emit/findings_writer.h"
#include "model/conversion.h"

namespace perfgoal {

// One input's output written as its records come (an input converted as a
// stream): add() each record in order, then finish() puts the file in place;
// it is given the input's findings (all of them, the batch check's too), which
// the workbook shows and the other formats ignore.
// Destroyed before finish(), or after a throw, it leaves no file behind.
class FormWriter {
 public:
  virtual ~FormWriter() = default;
  virtual void add(const Record& record) = 0;
  virtual void finish(const FindingsOf& findings) = 0;
};

struct Writer {
  std::string name;       // "yaml", "xml", "xlsx"
  std::string extension;  // ".yaml"
  // Writes the batch (one Conversion per input; a per-input output is a batch
  // of one) to `out`. Writers write through write_atomically().
  std::function<void(std::span<const Conversion> batch, const std::filesystem::path& out)> write;
  // The same output for one input, record by record (same bytes as write()
  // on a batch of that one input); null when the format cannot stream.
  std::function<std::unique_ptr<FormWriter>(const std::filesystem::path& out, const std::string& input_file)> open;
};

// What the writers are configured with, passed in by the caller (the
// command line): nothing is looked up behind its back.
struct WriterConfig {
  std::filesystem::path templates_dir;  // the templates folder (--templates): XML mappings in xml/
  std::string xml_mapping = "default";  // a mapping's name in templates_dir/xml, or its file (--xml-mapping)
};

// The formats, in table order ("yaml", "xml", "xlsx").
std::vector<std::string> writer_names();
// The writer of a format, configured by `config`; nullopt when the format
// is unknown. Throws std::runtime_error naming the file when its
// configuration (an XML mapping) cannot be loaded.
std::optional<Writer> make_writer(std::string_view name, const WriterConfig& config);

// Calls produce(tmp) to write a temporary file beside `target`
// (.perfgoal-<pid>-<n>.<target name>.part), then renames it into place. On
// any exception the temporary file is removed and the target is left as it
// was: outputs are never half-written. A target that cannot be written is
// reported with the reason ("cannot write T: Permission denied").
void write_atomically(const std::filesystem::path& target,
                      const std::function<void(const std::filesystem::path& tmp)>& produce);
// write_atomically for a file written as a stream: produce(out), `out` the
// temporary file opened (binary); a stream that fails is reported as
// "cannot write T".
void write_stream_atomically(const std::filesystem::path& target, const std::function<void(std::ostream& out)>& produce);

// write_atomically for a file written over time: the temporary file is made
// at once (tmp()), commit() renames it into place; destroyed uncommitted, it
// removes the temporary file.
class AtomicFile {
 public:
  explicit AtomicFile(const std::filesystem::path& target);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  const std::filesystem::path& tmp() const { return tmp_; }
  void commit();
  // commit() once `written`, the stream of tmp(), is closed; one that failed
  // is reported as "cannot write T" (and the temporary file removed).
  void commit(std::ofstream& written);

 private:
  std::filesystem::path target_, tmp_;
  int slot_ = -1;
  bool done_ = false;
};

// On SIGINT / SIGTERM / SIGHUP, removes the temporary files being written,
// then ends the process as the signal would: an interrupted run leaves only
// complete outputs. (A SIGKILL cannot be caught: see remove_stale_temporaries.)
void install_interrupt_cleanup();

// For an interrupted run, from an ordinary thread (not a signal handler):
// writes not yet started never start (their threads wait for the process to
// end), those under way finish (for up to `wait`), then the temporary files
// still there are removed. The calling thread may go on writing.
void stop_writing(std::chrono::milliseconds wait);

// Removes temporary files left in `dir` (recursively) by perfgoal runs that
// were killed (their process is gone): only names of that exact form; any
// other file, whatever its name, is left alone. Returns how many were removed.
int remove_stale_temporaries(const std::filesystem::path& dir);

}  // namespace perfgoal

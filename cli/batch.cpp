#include "cli/batch.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <ostream>
#include <stdexcept>
#include <span>
#include <thread>

#include "cli/progress.h"
#include "emit/findings_writer.h"
#include "model/errors.h"

namespace perfgoal {

namespace fs = std::filesystem;

namespace {

fs::file_time_type mtime(const fs::path& p) {
  std::error_code ec;
  auto t = fs::last_write_time(p, ec);
  return ec ? fs::file_time_type::min() : t;
}

// What one input will write: one target per format, and its findings.
struct Plan {
  std::vector<fs::path> targets;  // in the order of options.writers
  fs::path findings;
  bool skip = false;  // --skip-unchanged and every target is newer than the input
};

void count(BatchSummary& s) {
  for (const auto& o : s.inputs) {
    if (o.status == "converted") ++s.converted;
    if (o.status == "failed") ++s.failed;
    if (o.status == "skipped") ++s.skipped;
    if (o.status == "interrupted") ++s.interrupted;
    s.forms += o.forms;
    s.findings += o.findings;
    s.finding_counts.error += o.counts.error;
    s.finding_counts.warning += o.counts.warning;
    s.finding_counts.info += o.counts.info;
  }
}

}  // namespace

// One run of the batch. The steps: plan what each input writes, convert
// one input (read, normalize, check, then the batch check in input order),
// write its outputs (or keep it for --combine), and report the counts.
class BatchRun {
 public:
  BatchRun(const std::vector<BatchInput>& inputs, const PipelineSetup& setup, const BatchOptions& options,
           std::ostream& err)
      : inputs_(inputs),
        setup_(setup),
        options_(options),
        err_(err),
        progress_(options.progress, inputs.size()),
        duplicates_(setup.checks),
        start_(std::chrono::steady_clock::now()) {
    summary_.inputs.resize(inputs.size());
    finished_.resize(inputs.size());
    is_finished_.assign(inputs.size(), false);
    if (!options.combine.empty()) kept_.resize(inputs.size());
    kept_ok_.assign(inputs.size(), false);
  }

  BatchSummary run() {
    auto start = start_;
    int jobs = std::max(1, std::min<int>(options_.jobs, static_cast<int>(std::max<size_t>(inputs_.size(), 1))));
    std::vector<std::thread> threads;
    for (int j = 1; j < jobs; ++j) threads.emplace_back([this] { work(); });
    work();
    for (auto& t : threads) t.join();
    progress_.stop();
    if (!options_.combine.empty()) {
      write_combined();
      std::lock_guard<std::mutex> lock(state_mutex_);
      finished_ = summary_.inputs;
      combined_written_ = true;
    }
    count(summary_);
    summary_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return std::move(summary_);
  }

 private:
  const std::vector<BatchInput>& inputs_;
  const PipelineSetup& setup_;
  const BatchOptions& options_;
  std::ostream& err_;
  Progress progress_;
  BatchSummary summary_;
  std::vector<Conversion> kept_;  // --combine: every conversion, in input order
  std::vector<bool> kept_ok_;
  std::mutex err_mutex_;
  DuplicateIndex duplicates_;
  std::mutex commit_mutex_;
  std::condition_variable committed_;
  size_t next_commit_ = 0;
  std::atomic<size_t> next_{0};
  std::chrono::steady_clock::time_point start_;
  mutable std::mutex state_mutex_;  // guards what so_far() reads
  std::vector<InputOutcome> finished_;
  std::vector<bool> is_finished_;
  bool combined_written_ = false;

 public:
  // The inputs done so far as they are; the others "interrupted" (with
  // --combine, every input until the combined outputs are written).
  BatchSummary so_far() const {
    BatchSummary s;
    {
      std::lock_guard<std::mutex> lock(state_mutex_);
      s.inputs = finished_;
      for (size_t i = 0; i < inputs_.size(); ++i)
        if (!is_finished_[i] || (!options_.combine.empty() && !combined_written_))
          s.inputs[i] = InputOutcome{inputs_[i].path.string(), inputs_[i].name, "interrupted", 0, 0, {}, "", {}, 0};
    }
    s.interrupted_run = true;
    count(s);
    s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    return s;
  }

 private:

  void report_error(const std::string& line) {
    if (options_.progress) {
      progress_.message(line);
    } else {
      std::lock_guard<std::mutex> lock(err_mutex_);
      err_ << line << "\n";
    }
  }

  void work() {
    for (size_t i = next_++; i < inputs_.size(); i = next_++) run_one(i);
  }

  Plan plan(const BatchInput& in) const {
    Plan p;
    for (const Writer* w : options_.writers) {
      fs::path t = options_.out_dir / in.output_base;
      t += w->extension;
      p.targets.push_back(t);
    }
    p.findings = options_.out_dir / in.output_base;
    p.findings += ".findings.json";
    if (options_.skip_unchanged && options_.combine.empty()) {
      bool fresh = !p.targets.empty();
      for (const auto& t : p.targets) fresh = fresh && fs::exists(t) && mtime(t) > mtime(in.path);
      fresh = fresh && fs::exists(p.findings) && mtime(p.findings) > mtime(in.path);
      p.skip = fresh;
    }
    return p;
  }

  // Every input is committed once, in input order: the batch check sees the
  // inputs in order, so findings do not depend on the number of jobs.
  void commit(size_t i, Conversion* c, StreamedInput* s = nullptr) {
    std::unique_lock<std::mutex> lock(commit_mutex_);
    committed_.wait(lock, [&] { return next_commit_ == i; });
    if (c) add_batch_findings(duplicates_, *c, setup_.checks);
    if (s) add_batch_findings(duplicates_, *s, setup_.checks);
    ++next_commit_;
    committed_.notify_all();
  }

  // Reads, normalizes and checks input i, then commits it. Returns whether it
  // converted; when not, the outcome's error says why.
  bool convert_one(size_t i, Conversion& c) {
    const BatchInput& in = inputs_[i];
    InputOutcome& out = summary_.inputs[i];
    bool converted = false;
    try {
      c = convert_input(in.path, setup_.forms, setup_.for_input(), in.name);
      if (c.records.empty()) {
        std::string why = "no 项目支出绩效目标表 found in this input";
        for (const auto& f : c.findings)
          if (f.rule == "no-form") why = f.message;
        throw InputError(c.file, why);
      }
      converted = true;
      for (const auto& f : c.findings)  // what the reader could not read (scanned pages, ...)
        if (f.rule == "reader") report_error(format_finding(f));
    } catch (const InputError& e) {
      out.error = e.what();
    } catch (const std::exception& e) {
      out.error = in.name + ": error: " + e.what();
    }
    try {
      commit(i, converted ? &c : nullptr);
    } catch (const std::exception& e) {
      out.error = in.name + ": error: batch check: " + e.what();
      converted = false;
    }
    return converted;
  }

  // Writes input i's outputs (or keeps the conversion for --combine). Each
  // format succeeds or fails on its own, and the findings file is written
  // whatever became of the formats: a refused XML does not take the YAML
  // (the thing to fix and convert again) with it.
  void write_outputs(size_t i, const Plan& p, Conversion& c) {
    const BatchInput& in = inputs_[i];
    InputOutcome& out = summary_.inputs[i];
    out.forms = static_cast<int>(c.records.size());
    out.findings = static_cast<int>(c.findings.size());
    out.counts = count_findings(c.findings);
    if (!options_.combine.empty()) {
      kept_[i] = std::move(c);
      kept_ok_[i] = true;
      out.status = "converted";
      return;
    }
    std::error_code ec;
    fs::create_directories(p.findings.parent_path(), ec);  // when it fails, each write says why
    std::span<const Conversion> one(&c, 1);
    std::vector<std::string> errors;
    auto attempt = [&](const fs::path& target, const std::function<void()>& write) {
      try {
        write();
        out.outputs.push_back(target.string());
      } catch (const std::exception& e) {
        errors.push_back(in.name + ": error: " + e.what());
      }
    };
    for (size_t k = 0; k < options_.writers.size(); ++k)
      attempt(p.targets[k], [&] { options_.writers[k]->write(one, p.targets[k]); });
    attempt(p.findings, [&] { write_findings_json(one, p.findings); });
    if (errors.empty()) {
      out.status = "converted";
      return;
    }
    for (const auto& e : errors) out.error += (out.error.empty() ? "" : "\n") + e;
  }

  // Whether inputs may be converted as a stream: one output per input, and
  // every format able to stream.
  bool streams() const {
    if (!options_.combine.empty()) return false;
    for (const Writer* w : options_.writers)
      if (!w->open) return false;
    return true;
  }

  // Input i converted as a stream (pipeline.h, stream_input): each record
  // goes to the writers as it is read. Each format succeeds or fails on its
  // own, the findings file is written whatever became of them. Returns false,
  // having done nothing, when the input does not stream.
  bool stream_one(size_t i, const Plan& p) {
    const BatchInput& in = inputs_[i];
    InputOutcome& out = summary_.inputs[i];
    const std::string name = in.name.empty() ? in.path.filename().string() : in.name;
    const size_t n = options_.writers.size();
    std::vector<std::unique_ptr<FormWriter>> open(n);
    std::vector<std::string> errors(n);
    bool opened = false;
    StreamedInput s;
    bool converted = false;
    try {
      bool streamed = stream_input(in.path, setup_.forms, setup_.for_input(), [&](const Record& r) {
        if (!opened) {
          opened = true;
          std::error_code ec;
          fs::create_directories(p.findings.parent_path(), ec);  // when it fails, each write says why
          for (size_t k = 0; k < n; ++k) try {
              open[k] = options_.writers[k]->open(p.targets[k], name);
            } catch (const std::exception& e) {
              errors[k] = name + ": error: " + e.what();
            }
        }
        for (size_t k = 0; k < n; ++k)
          if (open[k]) try {
              open[k]->add(r);
            } catch (const std::exception& e) {
              errors[k] = name + ": error: " + e.what();
              open[k].reset();
            }
      }, s, in.name);
      if (!streamed) return false;
      if (s.records == 0) throw InputError(s.file, s.no_form ? s.no_form->message : "no 项目支出绩效目标表 found in this input");
      converted = true;
    } catch (const InputError& e) {
      out.error = e.what();
    } catch (const std::exception& e) {
      out.error = name + ": error: " + e.what();
    }
    try {
      commit(i, nullptr, converted ? &s : nullptr);
    } catch (const std::exception& e) {
      out.error = name + ": error: batch check: " + e.what();
      converted = false;
    }
    if (!converted) return true;  // the writers' temporary files go with them
    out.forms = s.records;
    out.findings = static_cast<int>(s.finding_count());
    out.counts = s.counts();
    std::vector<std::string> failed;
    const FindingsOf findings = s.findings_of();
    for (size_t k = 0; k < n; ++k) {
      if (open[k]) try {
          open[k]->finish(findings);
          out.outputs.push_back(p.targets[k].string());
        } catch (const std::exception& e) {
          errors[k] = name + ": error: " + e.what();
        }
      open[k].reset();
      if (!errors[k].empty()) failed.push_back(errors[k]);
    }
    try {
      write_findings_json(std::span<const FindingsOf>(&findings, 1), p.findings);
      out.outputs.push_back(p.findings.string());
    } catch (const std::exception& e) {
      failed.push_back(name + ": error: " + e.what());
    }
    if (failed.empty()) {
      out.status = "converted";
      return true;
    }
    for (const auto& e : failed) out.error += (out.error.empty() ? "" : "\n") + e;
    return true;
  }

  void run_one(size_t i) {
    InputOutcome& out = summary_.inputs[i];
    out.input = inputs_[i].path.string();
    out.file = inputs_[i].name;
    auto t0 = std::chrono::steady_clock::now();
    Plan p = plan(inputs_[i]);
    if (p.skip) {
      out.status = "skipped";
      commit(i, nullptr);
      progress_.file_done(0, false);
      finish(i);
      return;
    }
    Conversion c;
    if (!inputs_[i].error.empty()) {  // a folder that could not be read
      out.error = inputs_[i].name + ": error: " + inputs_[i].error;
      commit(i, nullptr);
    } else if (streams() && stream_one(i, p)) {
      // converted and written as a stream (or failed: the outcome says why)
    } else if (convert_one(i, c)) {
      write_outputs(i, p, c);
    }
    if (out.status != "converted") {
      out.status = "failed";
      report_error(out.error);
    }
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    progress_.file_done(out.forms, out.status == "failed");
    finish(i);
  }

  // Input i is done: so_far() reports it as it is.
  void finish(size_t i) {
    std::lock_guard<std::mutex> lock(state_mutex_);
    finished_[i] = summary_.inputs[i];
    is_finished_[i] = true;
  }

  // --combine: the whole batch into one output per format, and one findings file.
  void write_combined() {
    std::vector<Conversion> batch;
    for (size_t i = 0; i < inputs_.size(); ++i)
      if (kept_ok_[i]) batch.push_back(std::move(kept_[i]));
    std::error_code ec;
    fs::create_directories((options_.out_dir / options_.combine).parent_path(), ec);  // else each write says why
    std::vector<std::pair<fs::path, std::function<void(const fs::path&)>>> outs;
    for (const Writer* w : options_.writers) {
      fs::path t = options_.out_dir / options_.combine;
      t += w->extension;
      outs.emplace_back(t, [&, w](const fs::path& target) { w->write(batch, target); });
    }
    fs::path ft = options_.out_dir / options_.combine;
    ft += ".findings.json";
    outs.emplace_back(ft, [&](const fs::path& target) { write_findings_json(batch, target); });
    for (auto& [t, write] : outs) {
      try {
        write(t);
        for (size_t i = 0; i < inputs_.size(); ++i)
          if (kept_ok_[i]) summary_.inputs[i].outputs.push_back(t.string());
      } catch (const std::exception& e) {
        for (size_t i = 0; i < inputs_.size(); ++i)
          if (kept_ok_[i]) {
            summary_.inputs[i].status = "failed";
            summary_.inputs[i].error = t.string() + ": error: " + e.what();
          }
        err_ << t.string() << ": error: " << e.what() << "\n";
      }
    }
  }

};

Batch::Batch(const std::vector<BatchInput>& inputs, const PipelineSetup& setup, const BatchOptions& options,
             std::ostream& err)
    : run_(std::make_unique<BatchRun>(inputs, setup, options, err)) {}
Batch::~Batch() = default;
BatchSummary Batch::run() { return run_->run(); }
BatchSummary Batch::so_far() const { return run_->so_far(); }

BatchSummary run_batch(const std::vector<BatchInput>& inputs, const PipelineSetup& setup, const BatchOptions& options,
                       std::ostream& err) {
  return Batch(inputs, setup, options, err).run();
}

std::string batch_report_json(const BatchSummary& s, const BatchOptions& options) {
  nlohmann::ordered_json j;
  j["generator"] = std::string("perfgoal ") + PERFGOAL_VERSION;
  j["output_dir"] = options.out_dir.string();
  nlohmann::ordered_json formats = nlohmann::ordered_json::array();
  for (const Writer* w : options.writers) formats.push_back(w->name);
  j["formats"] = formats;
  j["interrupted"] = s.interrupted_run;
  j["summary"] = {{"inputs", s.inputs.size()}, {"converted", s.converted},     {"failed", s.failed},
                  {"skipped", s.skipped},      {"interrupted", s.interrupted}, {"forms", s.forms},
                  {"findings", s.findings}};
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& o : s.inputs) {
    nlohmann::ordered_json e;
    e["input"] = o.input;
    e["file"] = o.file;
    e["status"] = o.status;
    e["forms"] = o.forms;
    e["findings"] = o.findings;
    e["findings_by_severity"] = {{"error", o.counts.error}, {"warning", o.counts.warning}, {"info", o.counts.info}};
    e["error"] = o.error.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(o.error);
    e["outputs"] = o.outputs;
    list.push_back(e);
  }
  j["inputs"] = list;
  return j.dump(2) + "\n";
}

}  // namespace perfgoal

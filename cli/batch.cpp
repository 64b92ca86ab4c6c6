#include "cli/batch.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "cli/check_command.h"
#include "cli/progress.h"
#include "emit/findings_writer.h"
#include "model/errors.h"

namespace perfgoal {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool known_type(const std::filesystem::path& p) {
  std::string ext = lower(p.extension().string());
  for (const auto& r : readers())
    if (std::find(r.extensions.begin(), r.extensions.end(), ext) != r.extensions.end()) return true;
  return false;
}

std::filesystem::file_time_type mtime(const std::filesystem::path& p) {
  std::error_code ec;
  auto t = std::filesystem::last_write_time(p, ec);
  return ec ? std::filesystem::file_time_type::min() : t;
}

}  // namespace

std::vector<std::string> read_input_list(const std::string& list_file) {
  std::vector<std::string> out;
  std::ifstream file;
  std::istream* in = &std::cin;
  if (list_file != "-") {
    file.open(list_file);
    if (!file) throw std::runtime_error("cannot read the input list " + list_file);
    in = &file;
  }
  std::string line;
  while (std::getline(*in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    out.push_back(line);
  }
  return out;
}

std::vector<BatchInput> collect_inputs(const std::vector<std::string>& args) {
  std::vector<BatchInput> inputs;
  for (const auto& arg : args) {
    std::filesystem::path p(arg);
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      std::vector<std::filesystem::path> found;
      for (auto it = std::filesystem::recursive_directory_iterator(
               p, std::filesystem::directory_options::skip_permission_denied, ec);
           !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec) && known_type(it->path()) &&
            it->path().filename().string().find(".part-") == std::string::npos)
          found.push_back(it->path());
      }
      if (ec) throw std::runtime_error("cannot walk " + arg + ": " + ec.message());
      std::sort(found.begin(), found.end());
      for (const auto& f : found) {
        auto rel = std::filesystem::relative(f, p, ec);
        inputs.push_back(BatchInput{f, rel.parent_path() / rel.stem()});
      }
    } else if (std::filesystem::exists(p, ec)) {
      inputs.push_back(BatchInput{p, p.stem()});
    } else {
      // Kept: it fails on its own with a clear message, and the rest still run.
      inputs.push_back(BatchInput{p, p.stem()});
    }
  }
  // The same file named twice (directly or through a folder) is converted once.
  std::set<std::string> paths;
  std::vector<BatchInput> unique;
  for (auto& i : inputs) {
    std::error_code ec;
    std::string key = std::filesystem::weakly_canonical(i.path, ec).string();
    if (paths.insert(ec ? i.path.string() : key).second) unique.push_back(std::move(i));
  }
  inputs = std::move(unique);
  // Two inputs that would write the same outputs keep their extension (x.txt,
  // x.pdf); where even that is shared, a number follows, in input order.
  std::map<std::string, int> uses;
  for (const auto& i : inputs) uses[i.output_base.string()]++;
  for (auto& i : inputs)
    if (uses[i.output_base.string()] > 1) i.output_base = i.output_base.parent_path() / i.path.filename();
  std::map<std::string, int> taken;
  for (auto& i : inputs) {
    int n = ++taken[i.output_base.string()];
    if (n > 1) i.output_base += "-" + std::to_string(n);
  }
  return inputs;
}

BatchSummary run_batch(const std::vector<BatchInput>& inputs, const std::vector<FormTemplate>& templates,
                       const BatchOptions& options, std::ostream& err) {
  BatchSummary summary;
  summary.inputs.resize(inputs.size());
  std::vector<Conversion> kept;  // --combine: every conversion, in input order
  if (!options.combine.empty()) kept.resize(inputs.size());
  std::vector<bool> kept_ok(inputs.size(), false);

  Progress progress(options.progress, inputs.size());
  std::mutex err_mutex;
  auto report_error = [&](const std::string& line) {
    if (options.progress) {
      progress.message(line);
    } else {
      std::lock_guard<std::mutex> lock(err_mutex);
      err << line << "\n";
    }
  };

  auto start = std::chrono::steady_clock::now();
  const CheckConfig& check_config = options.pipeline.checks ? *options.pipeline.checks : default_check_config();
  DuplicateIndex duplicates(check_config);
  std::mutex commit_mutex;
  std::condition_variable committed;
  size_t next_commit = 0;
  // Every input is committed once, in input order: the batch check sees the
  // inputs in order, so findings do not depend on the number of jobs.
  auto commit = [&](size_t i, Conversion* c) {
    std::unique_lock<std::mutex> lock(commit_mutex);
    committed.wait(lock, [&] { return next_commit == i; });
    if (c) add_batch_findings(duplicates, *c, check_config);
    ++next_commit;
    committed.notify_all();
  };

  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < inputs.size(); i = next++) {
      const BatchInput& in = inputs[i];
      InputOutcome& out = summary.inputs[i];
      out.input = in.path.string();
      auto t0 = std::chrono::steady_clock::now();
      std::vector<std::filesystem::path> targets;
      for (const Writer* w : options.writers) {
        std::filesystem::path t = options.out_dir / in.output_base;
        t += w->extension;
        targets.push_back(t);
      }
      std::filesystem::path findings_target = options.out_dir / in.output_base;
      findings_target += ".findings.json";
      if (options.skip_unchanged && options.combine.empty()) {
        bool fresh = !targets.empty();
        for (const auto& t : targets) fresh = fresh && std::filesystem::exists(t) && mtime(t) > mtime(in.path);
        if (fresh) {
          out.status = "skipped";
          commit(i, nullptr);
          progress.file_done(0, false);
          continue;
        }
      }
      Conversion c;
      bool converted = false;
      try {
        PipelineOptions po = options.pipeline;
        if (options.max_seconds > 0)
          po.read.limits.deadline =
              t0 + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                       std::chrono::duration<double>(options.max_seconds));
        c = convert_input(in.path, templates, po);
        if (c.records.empty()) {
          std::string why = "no 项目支出绩效目标表 found in this input";
          for (const auto& f : c.findings)
            if (f.rule == "no-form") why = f.message;
          throw InputError(c.file, why);
        }
        converted = true;
      } catch (const InputError& e) {
        out.error = e.what();
      } catch (const std::exception& e) {
        out.error = in.path.filename().string() + ": error: " + e.what();
      }
      try {
        commit(i, converted ? &c : nullptr);
      } catch (const std::exception& e) {
        out.error = in.path.filename().string() + ": error: batch check: " + e.what();
        converted = false;
      }
      if (converted) {
        try {
          out.forms = static_cast<int>(c.records.size());
          out.findings = static_cast<int>(c.findings.size());
          out.counts = count_findings(c.findings);
          if (options.combine.empty()) {
            std::error_code ec;
            std::filesystem::create_directories(findings_target.parent_path(), ec);
            for (size_t k = 0; k < options.writers.size(); ++k) {
              options.writers[k]->write(std::span<const Conversion>(&c, 1), targets[k]);
              out.outputs.push_back(targets[k].string());
            }
            write_findings_json(std::span<const Conversion>(&c, 1), findings_target);
            out.outputs.push_back(findings_target.string());
          } else {
            kept[i] = std::move(c);
            kept_ok[i] = true;
          }
          out.status = "converted";
        } catch (const std::exception& e) {
          out.error = in.path.filename().string() + ": error: " + e.what();
        }
      }
      if (out.status != "converted") {
        out.status = "failed";
        report_error(out.error);
      }
      out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      progress.file_done(out.forms, out.status == "failed");
    }
  };
  int jobs = std::max(1, std::min<int>(options.jobs, static_cast<int>(std::max<size_t>(inputs.size(), 1))));
  std::vector<std::thread> threads;
  for (int j = 1; j < jobs; ++j) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  progress.stop();

  if (!options.combine.empty()) {
    std::vector<Conversion> batch;
    for (size_t i = 0; i < inputs.size(); ++i)
      if (kept_ok[i]) batch.push_back(std::move(kept[i]));
    std::vector<std::pair<std::filesystem::path, std::function<void(const std::filesystem::path&)>>> outs;
    for (const Writer* w : options.writers) {
      std::filesystem::path t = options.out_dir / options.combine;
      t += w->extension;
      outs.emplace_back(t, [&, w](const std::filesystem::path& target) { w->write(batch, target); });
    }
    std::filesystem::path ft = options.out_dir / options.combine;
    ft += ".findings.json";
    outs.emplace_back(ft, [&](const std::filesystem::path& target) { write_findings_json(batch, target); });
    for (auto& [t, write] : outs) {
      try {
        write(t);
        for (size_t i = 0; i < inputs.size(); ++i)
          if (kept_ok[i]) summary.inputs[i].outputs.push_back(t.string());
      } catch (const std::exception& e) {
        for (size_t i = 0; i < inputs.size(); ++i)
          if (kept_ok[i]) {
            summary.inputs[i].status = "failed";
            summary.inputs[i].error = t.string() + ": error: " + e.what();
          }
        err << t.string() << ": error: " << e.what() << "\n";
      }
    }
  }

  for (const auto& o : summary.inputs) {
    if (o.status == "converted") ++summary.converted;
    if (o.status == "failed") ++summary.failed;
    if (o.status == "skipped") ++summary.skipped;
    summary.forms += o.forms;
    summary.findings += o.findings;
    summary.finding_counts.error += o.counts.error;
    summary.finding_counts.warning += o.counts.warning;
    summary.finding_counts.info += o.counts.info;
  }
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

std::string batch_report_json(const BatchSummary& s, const BatchOptions& options) {
  nlohmann::ordered_json j;
  j["generator"] = std::string("perfgoal ") + PERFGOAL_VERSION;
  j["output_dir"] = options.out_dir.string();
  nlohmann::ordered_json formats = nlohmann::ordered_json::array();
  for (const Writer* w : options.writers) formats.push_back(w->name);
  j["formats"] = formats;
  j["summary"] = {{"inputs", s.inputs.size()}, {"converted", s.converted}, {"failed", s.failed},
                  {"skipped", s.skipped},      {"forms", s.forms},         {"findings", s.findings}};
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& o : s.inputs) {
    nlohmann::ordered_json e;
    e["input"] = o.input;
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

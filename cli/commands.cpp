#include "cli/commands.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <thread>
#include <sstream>

#include "cli/batch.h"
#include "cli/check_command.h"
#include "cli/interrupt.h"
#include "cli/options.h"
#include "cli/pipeline.h"
#include "cli/progress.h"
#include "emit/writer.h"
#include "emit/xml_writer.h"
#include "model/errors.h"

namespace perfgoal {
namespace {

// --combine NAME: a path inside the output folder (no "..", not absolute).
CLI::Validator inside_output_folder() {
  return CLI::Validator(
      [](std::string& name) -> std::string {
        std::filesystem::path p(name);
        bool up = false;
        for (const auto& part : p) up = up || part == "..";
        if (name.empty() || p.is_absolute() || up || !p.has_filename())
          return "'" + name + "' is not a name inside the output folder (-o): give NAME or FOLDER/NAME";
        return "";
      },
      "NAME");
}

struct ConvertOptions : PipelineArgs {
  std::vector<std::string> inputs;
  std::string inputs_from;
  std::string out_dir = ".";
  std::vector<std::string> formats{"yaml"};
  std::string xml_mapping;  // --xml-mapping NAME|FILE; empty: templates/xml/default.yaml
  std::string combine;
  std::string report;
  int jobs = 0;
  bool skip_unchanged = false;
  bool no_progress = false;
};

struct ExtractOptions : PipelineArgs {
  std::vector<std::string> inputs;
};

int run_convert(const ConvertOptions& o) {
  BatchOptions bo;
  std::vector<Writer> chosen;  // the writers, some configured by options
  for (const auto& f : o.formats) {
    const Writer* w = find_writer(f);
    if (!w) {
      std::cerr << "perfgoal: unknown output format '" << f << "' (known:";
      for (const auto& k : writers()) std::cerr << " " << k.name;
      std::cerr << ")\n";
      return 2;
    }
    bool again = false;
    for (const auto& c : chosen) again = again || c.name == w->name;
    if (again) continue;
    chosen.push_back(*w);
    if (w->name == "xml" && !o.xml_mapping.empty()) {
      try {
        chosen.back() = xml_writer(find_xml_mapping(o.xml_mapping, templates_folder(o.templates)));
      } catch (const std::exception& e) {
        std::cerr << "perfgoal: " << e.what() << "\n";
        return 2;
      }
    }
  }
  for (const auto& w : chosen) bo.writers.push_back(&w);
  std::vector<std::string> args = o.inputs;
  if (!o.inputs_from.empty()) {
    auto listed = read_input_list(o.inputs_from);
    args.insert(args.end(), listed.begin(), listed.end());
  }
  if (args.empty()) {
    std::cerr << "perfgoal: no inputs (give files or folders, or --inputs-from FILE)\n";
    return 2;
  }
  std::vector<BatchInput> inputs;
  try {
    inputs = collect_inputs(args);
  } catch (const std::exception& e) {
    std::cerr << "perfgoal: " << e.what() << "\n";
    return 2;
  }
  bo.out_dir = o.out_dir;
  std::error_code ec;
  std::filesystem::create_directories(bo.out_dir, ec);
  if (ec) {
    std::cerr << "perfgoal: cannot create output folder " << bo.out_dir << ": " << ec.message() << "\n";
    return 1;
  }
  if (int stale = remove_stale_temporaries(bo.out_dir))
    std::cerr << "perfgoal: removed " << stale << " temporary files left by an interrupted run in " << o.out_dir << "\n";
  bo.combine = o.combine;
  bo.jobs = o.jobs > 0 ? o.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  bo.skip_unchanged = o.skip_unchanged;
  bo.progress = !o.no_progress && progress_wanted() && inputs.size() > 1;
  PipelineSetup setup = load_pipeline(o);
  auto write_report = [&](const BatchSummary& summary) {
    if (o.report.empty()) return;
    std::string json = batch_report_json(summary, bo);
    write_atomically(o.report, [&](const std::filesystem::path& tmp) {
      std::ofstream f(tmp, std::ios::binary);
      f << json;
      if (!f.flush()) throw std::runtime_error("cannot write " + o.report + ": " + std::strerror(errno));
    });
  };
  BatchSummary s;
  {
    // Ctrl-C: the report says which inputs were done and which were not.
    // (Set up before the batch starts its threads: they inherit the signal mask.)
    std::atomic<const Batch*> running{nullptr};
    InterruptWatch watch([&](int) {
      const Batch* b = running.load();
      if (!b) return;
      BatchSummary now = b->so_far();
      write_report(now);
      std::cerr << "\nperfgoal: interrupted: " << now.converted << " of " << now.inputs.size()
                << " inputs converted, " << now.interrupted << " not done"
                << (o.report.empty() ? std::string() : "; report in " + o.report) << "\n";
    });
    Batch batch(inputs, setup, bo, std::cerr);
    running = &batch;
    s = batch.run();
    running = nullptr;
  }
  write_report(s);
  std::cerr << "perfgoal: " << s.converted << " of " << s.inputs.size() << " inputs converted";
  if (s.skipped) std::cerr << ", " << s.skipped << " skipped (unchanged)";
  std::cerr << ", " << s.failed << " failed; " << s.forms << " forms, " << s.findings << " findings; outputs in "
            << o.out_dir << "\n";
  if (fails_on(o.fail_on, s.finding_counts)) {
    std::cerr << "perfgoal: failing on findings of severity " << o.fail_on << " or worse (--fail-on " << o.fail_on
              << "); see the .findings.json files\n";
    return 1;
  }
  return s.failed ? 1 : 0;
}

int run_extract(const ExtractOptions& o) {
  int failed = 0;
  for (const auto& input : o.inputs) {
    try {
      CellDocument doc = read_cells(input, read_options(o));
      std::cout << "# " << doc.file << " (" << doc.format << (doc.encoding.empty() ? "" : ", " + doc.encoding)
                << "): " << doc.rows.size() << " rows\n";
      for (const auto& row : doc.rows)
        for (const auto& c : row.cells) {
          std::cout << (c.page ? "p" + std::to_string(c.page) + ":" : "") << (c.line ? std::to_string(c.line) : "")
                    << ":" << c.column;
          if (c.column_span > 1 || c.row_span > 1) std::cout << "[" << c.row_span << "x" << c.column_span << "]";
          std::cout << "\t" << c.text;
          if (c.confidence >= 0) std::cout << "\t(OCR " << static_cast<int>(c.confidence) << "%)";
          std::cout << "\n";
        }
      for (const auto& n : doc.notes) std::cerr << format_location(doc.file, n.line, n.page) << " note: " << n.message << "\n";
    } catch (const InputError& e) {
      std::cerr << e.what() << "\n";
      ++failed;
    }
  }
  return failed ? 1 : 0;
}

}  // namespace

int run_command_line(int argc, char** argv) {
  CLI::App app{"perfgoal: turns 项目支出绩效目标表 (budget performance-target forms) into structured data.\n"
               "Examples:\n"
               "  perfgoal convert forms.txt -o out          # out/forms.yaml\n"
               "  perfgoal convert a.txt b.txt --to yaml -o out\n"
               "  perfgoal convert forms.txt --to yaml,xml --xml-mapping upper-codes -o out\n"
               "  perfgoal check forms.txt                   # what is wrong with the forms\n"
               "  perfgoal extract forms.txt                 # the cells as read, with line numbers"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("perfgoal ") + PERFGOAL_VERSION);
  ConvertOptions o;
  auto* convert = app.add_subcommand(
      "convert",
      "Convert inputs (text exports, folders of them, or YAML records) to outputs.\n"
      "Examples:\n"
      "  perfgoal convert shangdang-2025.txt -o out\n"
      "  perfgoal convert archive/ -o out -j 2 --report out/report.json\n"
      "  find archive -name '*.txt' | perfgoal convert --inputs-from - -o out");
  convert->add_option("inputs", o.inputs, "Input files or folders (walked recursively)");
  convert->add_option("--inputs-from", o.inputs_from, "Read input paths from FILE, one per line ('-': standard input)");
  auto* outputs = convert->add_option_group("Outputs", "What is written, and where");
  outputs->add_option("-o,--output", o.out_dir, "Output folder (created if missing)")->capture_default_str();
  outputs->add_option("--to", o.formats, "Output formats, comma-separated")->delimiter(',')->capture_default_str();
  outputs->add_option("--xml-mapping", o.xml_mapping,
                      "XML names: a mapping in templates/xml (default, upper-codes) or a mapping file");
  outputs->add_option("--combine", o.combine, "Write the whole batch into one output per format: FOLDER/NAME.<ext>")
      ->check(inside_output_folder());
  outputs->add_option("--report", o.report, "Write a JSON run report: per input status, forms, findings, error");
  auto* running = convert->add_option_group("Running", "How the batch runs");
  running->add_option("-j,--jobs", o.jobs, "Inputs converted in parallel (default: the number of cores)")
      ->check(CLI::Range(1, 256));
  running->add_flag("--skip-unchanged", o.skip_unchanged, "Skip inputs whose outputs are newer than the input");
  running->add_flag("--no-progress", o.no_progress, "No progress line (it is shown only on a terminal anyway)");
  add_reading_options(*convert, o);
  add_checking_options(*convert, o);

  CheckOptions co;
  auto* check = app.add_subcommand("check", "Report what is wrong with the forms (findings), compiler-style.\n"
                                            "Examples:\n"
                                            "  perfgoal check shangdang-2025.txt\n"
                                            "  perfgoal check a.txt b.yaml --format json --fail-on error");
  check->add_option("inputs", co.inputs, "Input files (text exports or YAML records)")->required();
  check->add_option("--format", co.format, "Output: text (file:line: severity[rule]: message) or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  add_reading_options(*check, co);
  add_checking_options(*check, co);

  ExtractOptions eo;
  auto* extract = app.add_subcommand("extract", "Print the cells of an input as read, with their line/page and column.\n"
                                                "Example: perfgoal extract shangdang-2025.txt");
  extract->add_option("inputs", eo.inputs, "Input files")->required();
  add_reading_options(*extract, eo);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    if (*convert) return run_convert(o);
    if (*extract) return run_extract(eo);
    if (*check) return run_check(co, std::cout, std::cerr);
  } catch (const std::exception& e) {
    std::cerr << "perfgoal: error: " << e.what() << "\n";
    return 2;
  }
  return 2;
}

}  // namespace perfgoal

#include "cli/commands.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <thread>
#include <sstream>

#include "cli/batch.h"
#include "cli/check_command.h"
#include "cli/pipeline.h"
#include "cli/progress.h"
#include "emit/writer.h"
#include "emit/xml_writer.h"
#include "model/errors.h"

namespace perfgoal {
namespace {

struct Options {
  std::vector<std::string> inputs;
  std::string inputs_from;
  std::string out_dir = ".";
  std::vector<std::string> formats{"yaml"};
  std::string encoding;
  std::string templates;
  std::string xml_mapping;  // --xml-mapping NAME|FILE; empty: templates/xml/default.yaml
  std::string combine;
  std::string report;
  int jobs = 0;
  bool skip_unchanged = false;
  bool no_progress = false;
  double max_mib = 256;
  int max_pages = 2000;
  double max_seconds = 300;
  std::string ocr = "auto";  // --ocr auto|always|never
  int ocr_dpi = 300;         // --ocr-dpi
  std::string checks;   // checks configuration (default: <templates>/checks.yaml)
  std::string fail_on;  // findings of this severity or worse fail the run
};

OcrMode ocr_mode(const std::string& s) {
  return s == "always" ? OcrMode::always : s == "never" ? OcrMode::never : OcrMode::automatic;
}

// The reader options of scanned pages, on any subcommand that reads inputs.
void add_ocr_options(CLI::App* cmd, Options& o) {
  cmd->add_option("--ocr", o.ocr, "Read scanned pages by OCR: auto (pages without usable text), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  cmd->add_option("--ocr-dpi", o.ocr_dpi, "Resolution at which PDF pages are rendered for OCR")
      ->check(CLI::Range(100, 600))
      ->capture_default_str();
}

std::vector<FormTemplate> load_form_templates(const Options& o) {
  return load_templates(o.templates.empty() ? templates_dir() : std::filesystem::path(o.templates));
}

int run_convert(const Options& o) {
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
        chosen.back() = xml_writer(find_xml_mapping(
            o.xml_mapping, o.templates.empty() ? templates_dir() : std::filesystem::path(o.templates)));
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
  install_interrupt_cleanup();
  bo.combine = o.combine;
  bo.jobs = o.jobs > 0 ? o.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  bo.skip_unchanged = o.skip_unchanged;
  bo.progress = !o.no_progress && progress_wanted() && inputs.size() > 1;
  bo.max_seconds = o.max_seconds;
  bo.pipeline.read.encoding = o.encoding;
  bo.pipeline.read.limits.max_bytes = static_cast<std::uintmax_t>(o.max_mib * 1024 * 1024);
  bo.pipeline.read.limits.max_pages = o.max_pages;
  bo.pipeline.read.ocr = ocr_mode(o.ocr);
  bo.pipeline.read.ocr_dpi = o.ocr_dpi;
  auto templates = load_form_templates(o);
  CheckConfig checks = load_checks_for(o.templates, o.checks);
  bo.pipeline.checks = &checks;
  BatchSummary s = run_batch(inputs, templates, bo, std::cerr);
  if (!o.report.empty()) {
    std::string json = batch_report_json(s, bo);
    write_atomically(o.report, [&](const std::filesystem::path& tmp) {
      std::ofstream f(tmp, std::ios::binary);
      f << json;
      if (!f.flush()) throw std::runtime_error("cannot write " + o.report);
    });
  }
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

int run_extract(const Options& o) {
  int failed = 0;
  for (const auto& input : o.inputs) {
    try {
      ReadOptions ro;
      ro.encoding = o.encoding;
      ro.ocr = ocr_mode(o.ocr);
      ro.ocr_dpi = o.ocr_dpi;
      CellDocument doc = read_cells(input, ro);
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
  Options o;

  auto* convert = app.add_subcommand(
      "convert",
      "Convert inputs (text exports, folders of them, or YAML records) to outputs.\n"
      "Examples:\n"
      "  perfgoal convert shangdang-2025.txt -o out\n"
      "  perfgoal convert archive/ -o out -j 2 --report out/report.json\n"
      "  find archive -name '*.txt' | perfgoal convert --inputs-from - -o out");
  convert->add_option("inputs", o.inputs, "Input files or folders (walked recursively)");
  convert->add_option("--inputs-from", o.inputs_from, "Read input paths from FILE, one per line ('-': standard input)");
  convert->add_option("-o,--output", o.out_dir, "Output folder (created if missing)")->capture_default_str();
  convert->add_option("--to", o.formats, "Output formats, comma-separated")->delimiter(',')->capture_default_str();
  convert->add_option("--combine", o.combine, "Write the whole batch into one output per format: DIR/NAME.<ext>");
  convert->add_option("-j,--jobs", o.jobs, "Inputs converted in parallel (default: the number of cores)")
      ->check(CLI::Range(1, 256));
  convert->add_flag("--skip-unchanged", o.skip_unchanged, "Skip inputs whose outputs are newer than the input");
  convert->add_option("--report", o.report, "Write a JSON run report: per input status, forms, findings, error");
  convert->add_flag("--no-progress", o.no_progress, "No progress line (it is shown only on a terminal anyway)");
  convert->add_option("--encoding", o.encoding, "Force the text encoding (UTF-8, UTF-16, GB18030); default: detect");
  convert->add_option("--templates", o.templates, "Templates folder (default: the installed templates)");
  convert->add_option("--xml-mapping", o.xml_mapping,
                      "XML names: a mapping in templates/xml (default, upper-codes) or a mapping file");
  convert->add_option("--max-mib", o.max_mib, "Refuse inputs larger than this many MiB")->capture_default_str();
  convert->add_option("--max-pages", o.max_pages, "Refuse PDFs with more pages")->capture_default_str();
  convert->add_option("--max-seconds", o.max_seconds, "Stop reading one input after this many seconds (0: no limit)")
      ->capture_default_str();
  add_ocr_options(convert, o);
  convert->add_option("--checks", o.checks, "Checks configuration (default: checks.yaml in the templates)");
  convert->add_option("--fail-on", o.fail_on, "Exit 1 when a finding is this severe or worse (info, warning, error)")
      ->check(CLI::IsMember({"info", "warning", "error"}));

  CheckOptions co;
  auto* check = app.add_subcommand("check", "Report what is wrong with the forms (findings), compiler-style.\n"
                                            "Examples:\n"
                                            "  perfgoal check shangdang-2025.txt\n"
                                            "  perfgoal check a.txt b.yaml --format json --fail-on error");
  check->add_option("inputs", co.inputs, "Input files (text exports or YAML records)")->required();
  check->add_option("--format", co.format, "Output: text (file:line: severity[rule]: message) or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  check->add_option("--fail-on", co.fail_on, "Exit 1 when a finding is this severe or worse (info, warning, error)")
      ->check(CLI::IsMember({"info", "warning", "error"}));
  check->add_option("--encoding", co.encoding, "Force the text encoding (UTF-8, UTF-16, GB18030); default: detect");
  check->add_option("--templates", co.templates, "Templates directory (default: the installed templates)");
  check->add_option("--checks", co.checks, "Checks configuration (default: checks.yaml in the templates)");

  auto* extract = app.add_subcommand("extract", "Print the cells of an input as read, with their line/page and column.\n"
                                                "Example: perfgoal extract shangdang-2025.txt");
  extract->add_option("inputs", o.inputs, "Input files")->required();
  extract->add_option("--encoding", o.encoding, "Force the text encoding (UTF-8, UTF-16, GB18030); default: detect");
  add_ocr_options(extract, o);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    if (*convert) return run_convert(o);
    if (*extract) return run_extract(o);
    if (*check) return run_check(co, std::cout, std::cerr);
  } catch (const std::exception& e) {
    std::cerr << "perfgoal: error: " << e.what() << "\n";
    return 2;
  }
  return 2;
}

}  // namespace perfgoal

#include "cli/commands.h"

#include <CLI/CLI.hpp>

#include <stdlib.h>

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

// Edit distance, for "did you mean".
size_t distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// The nearest of `names` to `word`, when near enough to be a typo; else "".
std::string nearest(const std::string& word, const std::vector<std::string>& names) {
  std::string best;
  size_t best_d = std::max<size_t>(2, word.size() / 3) + 1;
  for (const auto& n : names) {
    size_t d = distance(word, n);
    if (d < best_d) best_d = d, best = n;
  }
  return best;
}

std::string joined(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : sep) + x;
  return out;
}

// The inputs the arguments name, folders walked; the files skipped listed
// with --verbose. Empty: the message says what is read, and the exit is 1.
bool gather_inputs(const std::vector<std::string>& args, const PipelineArgs& o, const std::filesystem::path& out_dir,
                   std::vector<BatchInput>& inputs) {
  std::vector<std::string> skipped;
  WalkOptions wo;
  wo.exclude = out_dir;
  wo.skipped = &skipped;
  inputs = collect_inputs(args, wo);
  if (o.verbose) {
    std::cerr << "perfgoal: reading files of the types " << joined(input_extensions(), " ") << "\n";
    for (const auto& f : skipped) std::cerr << "perfgoal: skipped " << f << "\n";
  }
  if (!inputs.empty()) return true;
  std::cerr << "perfgoal: no inputs found in " << joined(args, " ") << " (files read: "
            << joined(input_extensions(), " ") << (skipped.empty() ? "" : "; --verbose lists the files skipped")
            << ")\n";
  return false;
}

int run_convert(const ConvertOptions& o) {
  BatchOptions bo;
  if (!o.xml_mapping.empty() && std::find(o.formats.begin(), o.formats.end(), "xml") == o.formats.end()) {
    std::cerr << "perfgoal: --xml-mapping names the XML elements, but --to " << joined(o.formats, ",")
              << " writes no XML (add xml to --to)\n";
    return 2;
  }
  bool to_stdout = o.out_dir == "-";
  std::vector<Writer> chosen;  // the writers, configured by the options
  WriterConfig wc;
  wc.templates_dir = templates_folder(o.templates);
  if (!o.xml_mapping.empty()) wc.xml_mapping = o.xml_mapping;
  for (const auto& f : o.formats) {
    bool again = false;
    for (const auto& c : chosen) again = again || c.name == f;
    if (again) continue;
    std::optional<Writer> w;
    try {
      w = make_writer(f, wc);
    } catch (const std::exception& e) {
      std::cerr << "perfgoal: " << e.what() << "\n";
      return 2;
    }
    if (!w) {
      std::cerr << "perfgoal: unknown output format '" << f << "' (known:";
      for (const auto& k : writer_names()) std::cerr << " " << k;
      std::cerr << ")\n";
      return 2;
    }
    chosen.push_back(std::move(*w));
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
    if (!gather_inputs(args, o, to_stdout ? std::filesystem::path() : std::filesystem::path(o.out_dir), inputs))
      return 1;
  } catch (const std::exception& e) {
    std::cerr << "perfgoal: " << e.what() << "\n";
    return 2;
  }
  // -o -: the one output goes to standard output (through a private folder).
  struct Scratch {
    std::filesystem::path dir;
    ~Scratch() {
      std::error_code ec;
      if (!dir.empty()) std::filesystem::remove_all(dir, ec);
    }
  } scratch;
  if (to_stdout) {
    if (inputs.size() != 1 || chosen.size() != 1 || !o.combine.empty()) {
      std::cerr << "perfgoal: -o - writes one output to standard output: give one input and one --to format"
                   " (without --combine)\n";
      return 2;
    }
    std::string pattern = (std::filesystem::temp_directory_path() / "perfgoal-out-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) {
      std::cerr << "perfgoal: cannot make a temporary folder: " << std::strerror(errno) << "\n";
      return 1;
    }
    scratch.dir = pattern;
  }
  bo.out_dir = to_stdout ? scratch.dir : std::filesystem::path(o.out_dir);
  std::error_code ec;
  std::filesystem::create_directories(bo.out_dir, ec);
  if (ec) {
    std::cerr << "perfgoal: cannot create output folder " << bo.out_dir << ": " << ec.message() << "\n";
    return 1;
  }
  if (int stale = remove_stale_temporaries(bo.out_dir); stale && !o.quiet)
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
  if (to_stdout && s.converted == 1) {
    std::ifstream f(bo.out_dir / (inputs[0].output_base.string() + chosen[0].extension), std::ios::binary);
    std::cout << f.rdbuf();
    std::cout.flush();
  }
  if (!o.quiet) {
  std::cerr << "perfgoal: " << s.converted << " of " << s.inputs.size() << " inputs converted";
  if (s.skipped) std::cerr << ", " << s.skipped << " skipped (unchanged)";
  std::cerr << ", " << s.failed << " failed; " << s.forms << " forms, " << s.findings << " findings; ";
  if (to_stdout)  // the findings file is not written: check prints it
    std::cerr << "the " << chosen[0].name << " on standard output (the findings: perfgoal check --format json)\n";
  else
    std::cerr << "outputs in " << o.out_dir << "\n";
  }
  if (fails_on(o.fail_on, s.finding_counts)) {
    std::cerr << "perfgoal: failing on findings of severity " << o.fail_on << " or worse (--fail-on " << o.fail_on
              << "); see the .findings.json files\n";
    return 1;
  }
  return s.failed ? 1 : 0;
}

int run_extract(const ExtractOptions& o) {
  int failed = 0;
  ReadOptions options = read_options(o);
  // Layout text reads better knowing the templates' labels; without templates it still reads.
  try {
    const auto forms = load_templates(templates_folder(o.templates));
    options.labels = template_label_keys(forms);
    options.label_roles = template_label_roles(forms);
  } catch (const std::exception&) {
  }
  for (const auto& input : o.inputs) {
    try {
      CellDocument doc = read_cells(input, options);
      doc.file = input;  // the path as given, as convert and check name it
      std::cout << "# " << doc.file << " (" << doc.format << (doc.encoding.empty() ? "" : ", " + doc.encoding)
                << "): " << doc.rows.size() << " rows\n";
      for (const auto& row : doc.rows)
        for (const auto& c : row.cells) {
          std::cout << (c.page ? "p" + std::to_string(c.page) + ":" : "") << (c.line ? std::to_string(c.line) : "")
                    << ":" << c.column;
          if (c.column_span > 1 || c.row_span > 1) std::cout << "[" << c.row_span << "x" << c.column_span << "]";
          std::cout << "\t" << c.text;
          if (c.confidence >= 0) std::cout << "\t(OCR " << static_cast<int>(c.confidence) << "%)";
          for (const auto& a : c.alternatives) std::cout << "\t(or " << a << ")";
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
  CLI::App app{"perfgoal: turns 项目支出绩效目标表 (budget performance-target forms) into structured data:\n"
               "PDFs and text exports of the forms (or YAML records) in; YAML records, portal XML\n"
               "and an Excel workbook (xlsx) out, with the findings of the checks.\n"
               "Examples:\n"
               "  perfgoal convert forms.txt -o out          # out/forms.yaml\n"
               "  perfgoal convert a.txt b.txt --to yaml -o out\n"
               "  perfgoal convert forms.txt --to yaml,xml --xml-mapping upper-codes -o out\n"
               "  perfgoal check forms.txt                   # what is wrong with the forms\n"
               "  perfgoal extract forms.txt                 # the cells as read, with line numbers",
               "perfgoal"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("perfgoal ") + PERFGOAL_VERSION);
  ConvertOptions o;
  auto* convert = app.add_subcommand(
      "convert",
      "Convert inputs (PDFs, text exports, YAML records, or folders of them) to YAML, XML or xlsx.\n"
      "Examples:\n"
      "  perfgoal convert shangdang-2025.txt -o out\n"
      "  perfgoal convert archive/ -o out -j 2 --report out/report.json\n"
      "  find archive -name '*.txt' | perfgoal convert --inputs-from - -o out");
  convert->add_option("inputs", o.inputs,
                      "Input files or folders (walked recursively for " + joined(input_extensions(), " ") +
                          "); '-': standard input");
  convert->add_option("--inputs-from", o.inputs_from, "Read input paths from FILE, one per line ('-': standard input)");
  auto* outputs = convert->add_option_group("Outputs", "What is written, and where");
  outputs->add_option("-o,--output", o.out_dir, "Output folder (created if missing); '-': the one output to standard output")
      ->type_name("FOLDER")
      ->capture_default_str();
  outputs->add_option("--to", o.formats, "Output formats, comma-separated: " + joined(writer_names(), ", "))
      ->delimiter(',')
      ->check(CLI::IsMember(writer_names()))
      ->type_name("FORMAT")
      ->capture_default_str();
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
  add_message_options(*convert, o);

  CheckOptions co;
  auto* check = app.add_subcommand("check", "Report what is wrong with the forms (findings), compiler-style.\n"
                                            "Examples:\n"
                                            "  perfgoal check shangdang-2025.txt\n"
                                            "  perfgoal check a.txt b.yaml --format json --fail-on error");
  check->add_option("inputs", co.inputs,
                    "Input files or folders (PDFs, text exports, YAML records: " + joined(input_extensions(), " ") +
                        "); '-': standard input")
      ->required();
  check->add_option("--format", co.format, "Output: text (file:line: severity[rule]: message) or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  add_reading_options(*check, co);
  add_checking_options(*check, co);
  check->add_option("--min-severity", co.min_severity,
                    "Text output: print only findings this severe or worse (the summary counts all)")
      ->check(CLI::IsMember({"info", "warning", "error"}));
  add_message_options(*check, co);

  ExtractOptions eo;
  auto* extract = app.add_subcommand("extract", "Print the cells of an input as read, with their line/page and column.\n"
                                                "Example: perfgoal extract shangdang-2025.txt");
  extract->add_option("inputs", eo.inputs, "Input files")->required();
  add_reading_options(*extract, eo);

  // A word where the command belongs: say which, and the near one.
  if (argc > 1) {
    std::string first = argv[1];
    std::vector<std::string> commands{"convert", "check", "extract"};
    bool known = std::find(commands.begin(), commands.end(), first) != commands.end() || first == "-h" ||
                 first == "--help" || first == "--version";
    if (!known) {
      std::string near = nearest(first, commands);
      std::cerr << "perfgoal: " << (first.rfind("-", 0) == 0 ? "unknown option '" : "unknown command '") << first
                << "'" << (near.empty() ? "" : " (did you mean '" + near + "'?)")
                << "; commands: convert, check, extract (perfgoal --help)\n";
      return 2;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ExtrasError& e) {
    // An unknown option of a subcommand: name it, and the near one.
    for (auto* sub : {convert, check, extract}) {
      if (!*sub) continue;
      std::vector<std::string> names;
      for (const CLI::Option* opt : sub->get_options([](const CLI::Option*) { return true; }))
        for (const auto& l : opt->get_lnames()) names.push_back("--" + l);
      for (auto* group : sub->get_subcommands([](const CLI::App*) { return true; }))
        for (const CLI::Option* opt : group->get_options())
          for (const auto& l : opt->get_lnames()) names.push_back("--" + l);
      for (const auto& extra : sub->remaining()) {
        std::string word = extra.substr(0, extra.find('='));
        std::string near = word.rfind("--", 0) == 0 ? nearest(word, names) : "";
        std::cerr << "perfgoal " << sub->get_name() << ": unexpected '" << extra << "'"
                  << (near.empty() ? "" : " (did you mean '" + near + "'?)") << "\n";
      }
      std::cerr << "perfgoal " << sub->get_name() << " --help lists the options\n";
      return 2;
    }
    app.exit(e);
    return 2;
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

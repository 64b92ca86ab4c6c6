// Excel workbooks for auditors (libxlsxwriter), rendered only from records
// and findings, so a YAML record read back gives the same workbook:
//   汇总      one row per form: source, project, department, funds in 元
//             (#,##0.00), live SUM totals, frozen header, filters
//   绩效指标  one row per indicator with its reading (符号, 数值, 单位)
//   问题      one row per finding
//   one sheet per form laid out like the paper form, printable on A4
// Text is always written as text (a value starting with = + - @ never
// becomes a formula). The creation time is fixed (SOURCE_DATE_EPOCH), so the
// same batch gives the same bytes.
#pragma once

#include <cstddef>
#include <ctime>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>

#include "emit/writer.h"
#include "model/conversion.h"

namespace perfgoal {

// Excel's limit on the rows of a sheet.
inline constexpr std::size_t kExcelMaxRows = 1048576;

struct XlsxOptions {
  // libxlsxwriter's constant_memory mode: each row goes to a temporary file
  // as soon as the next row starts (strings inline, no shared table).
  bool constant_memory = true;
  // Per-form sheets are made for the first `max_form_sheets` forms of the
  // batch only; the summary says so when forms were left without one. Each
  // sheet costs libxlsxwriter memory until the workbook is closed (its
  // settings and merged ranges; with hand_written_rows false, in
  // constant_memory mode, also its notes, a 128 KiB row buffer and a
  // temporary file). Measured on 10,000 forms (bench/xlsx_memory.sh, text input whose
  // conversion alone peaks at 295 MB): cap 500 -> 295 MB, 73 s, 12 MB file;
  // all 10,000 sheets -> 1.5 GB, 196 s, 48 MB (in-memory mode: 727 MB).
  // Nobody pages through 10,000 tabs; 汇总 and 绩效指标 hold every form.
  std::size_t max_form_sheets = 500;
  // Rows a sheet may have: Excel's limit. 绩效指标 and 问题 go on over
  // sheets "绩效指标 (2)", ... when their rows do not fit (汇总 says so).
  // Smaller only in tests.
  std::size_t max_sheet_rows = kExcelMaxRows;
  // The rows and the notes of 汇总, 绩效指标, 问题 and the form sheets
  // written by our own code (emit/xlsx_sheet_xml.h: libxlsxwriter's XML,
  // faster, the notes not kept in memory), the rest of
  // the workbook by libxlsxwriter. false: everything by libxlsxwriter (the same
  // workbook; tests compare the two).
  bool hand_written_rows = true;
  // Creation time written in the workbook; default: SOURCE_DATE_EPOCH when
  // set and valid, else kFixedCreationTime.
  std::optional<std::time_t> created;
};

// 1980-01-01T00:00:00Z, the earliest time a ZIP entry can carry.
inline constexpr std::time_t kFixedCreationTime = 315532800;

void write_xlsx(std::span<const Conversion> batch, const std::filesystem::path& out, const XlsxOptions& options);

// The writer table's entry: default options.
void write_xlsx_file(std::span<const Conversion> batch, const std::filesystem::path& out);

// One input's workbook written as its records come (an input converted as a
// stream): the same bytes as write_xlsx on a batch of that one input. The
// records wait in a temporary file, not in memory, until finish() knows the
// findings (the sheets need every form twice: column widths, then rows).
std::unique_ptr<FormWriter> open_xlsx_form_writer(const std::filesystem::path& out, const XlsxOptions& options);

}  // namespace perfgoal

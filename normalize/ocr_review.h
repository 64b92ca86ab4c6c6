// Cells read by OCR: labels snapped to the template's known words, and the
// fields an auditor should check against the scan (rule ocr-uncertain).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/cells.h"
#include "model/finding.h"
#include "config/form_template.h"

namespace perfgoal {

// Below this OCR confidence (0–100) a cell's reading is reported for review;
// a text of kOcrLongText characters or more below kOcrUncertainLong (one
// misread character among many lowers the least confidence less). 92 itself
// is the confidence given to a comparison sign read by its shape, bar and all.
inline constexpr float kOcrUncertain = 92;
inline constexpr float kOcrUncertainLong = 94;
// The engine's confidence in another choice for a character (0–100) from
// which the character is in doubt though the reading was sure.
inline constexpr float kOcrCloseChoice = 30;
inline constexpr size_t kOcrLongText = 20;  // measured on the tune scans: a long text
                                            // misread somewhere is often read at 90–94%

// The confidence below which OCR's reading `text` is reported for review.
float uncertain_below(const std::string& text);

// A copy of the rows where every OCR'd cell that is within a small edit
// distance of a label, header word or category name of a template (one
// character in four, never for texts under four characters) reads as that
// word. Free text (names, 概况, values) is left as read.
std::vector<Row> snap_ocr_labels(const std::vector<Row>& rows, const std::vector<FormTemplate>& templates);

// A sign-off label (`labels`: snap_ocr_labels gives the templates' sign-off
// labels only: a grid's labels stand in cells of their own, and a goals
// header 实施期目标 | 年度目标 read with a bar as 1 is no label and value)
// of four characters or more starting an OCR'd cell,
// then a comma, semicolon or spaces and digits ("填报日期，2025-01-15…",
// "填报日期 2025-01-24…"): OCR's reading of the label's colon, or the colon
// lost. The cell with that colon (the value as read), or "" where it is no
// such cell.
std::string colon_after_label(std::string_view text, const std::vector<std::string>& labels);

// A label read with its value in one cell, the label a character off
// ("坟报日期： 20241211162125" for 填报日期): the part before the first colon
// read as the one label of `labels` (label keys) it is within a small edit
// distance of (one character in four, labels of four characters or more,
// no more ideographs than the label); the value after the colon stays as
// read. `text` unchanged where the part is a label already, is close to
// none or to two, or nothing follows the colon.
std::string snap_inline_label(std::string_view text, const std::vector<std::string>& labels);

// Why OCR's reading `text` of `field` looks misread though the engine was
// sure of it (empty: it does not): it starts with a colon, comma or closing
// mark (a label's colon left in the value's cell); square brackets that do
// not pair up, or a bar (a 1 misread); an opening bracket twice over; a quote mark opening before 、，。；：
// or closing after one; an amount or value (funds.*, *.value) whose number
// starts with 0 and another digit (a digit lost: 00% for 100%); a list
// numbered 1. 2. with a number without its point next to them (2以行业…),
// or with none of its numbers' points (1提交…；2区财政局…).
std::string doubtful_reading(const std::string& text, const std::string& field);

// Reports `c` as an ocr-uncertain finding for `field` when OCR read it with
// less than kOcrUncertain confidence, or its reading looks misread
// (doubtful_reading): where it is (page and box) and what was read. One
// ocr-uncertain finding a record's field. `reading`: the field's part of the
// cell where the cell also holds its label (联系电话：0355…); else the cell's text.
// A cell of a layout text page whose lines pdftotext printed out of order
// (Cell::out_of_order_page) is reported too (flag_out_of_order, text_order.h).
void flag_uncertain(const Cell& c, const std::string& field, const std::string& file, int record,
                    std::vector<Finding>& findings, const std::string* reading = nullptr);

// Reports the OCR'd value cell `c` of `field` when its reading starts with
// another field's label of the template (`labels`: label key -> field), as
// 联系电话's 填报日期，20250123231332 does where the label's colon was read as
// a comma: the value read is the other field's, and that field was not read.
// A sign-off value holding a sign-off label further on, text after it
// (0355-8478769填报日期2025-01-17: the colon lost), is reported the same way.
// Two ocr-uncertain findings: one for `field`, one for the label's field.
void flag_label_read(const Cell& c, const std::string& field, const std::map<std::string, std::string>& labels,
                     const std::string& file, int record, std::vector<Finding>& findings,
                     const std::string* reading = nullptr);

// Do the 实施期 and 年度 halves of a row name their indicator a character
// or two apart (one in four; never one cut short of the other, never under
// three characters), or hold the same characters in another order? The two
// are the same indicator as a rule: one of them is likely misread (公草 for
// 公墓, 格工率程质量合 for 工程质量合格率), though each was read with confidence.
bool halves_disagree(const std::string& a, const std::string& b);

// Reports the OCR'd name cell `c` as an ocr-uncertain finding for `field`
// when it and `other`, the same row's name in the other half, disagree
// (halves_disagree). Text is evidence: neither is changed.
void flag_disagreeing_halves(const Cell& c, const Cell& other, const std::string& field, const std::string& file,
                             int record, std::vector<Finding>& findings);

// The years a 项目属性's detail says the project runs ("1年结束": 1; "3年":
// 3): a whole number then 年 at its start; none where it says no number
// of years ("长期开展", "阶段开展").
std::optional<int> years_in_detail(const std::string& detail);

// Reports 项目属性's detail and 项目期 as ocr-uncertain findings when both
// were read (OCR'd cells: `attribute_cell` holds the detail, `period_cell`
// the years) and disagree on the years (1年结束 beside 项目期 11: a bar read
// as a 1 in one of them, each read with confidence). Neither is changed.
void flag_period_disagreement(const Cell* attribute_cell, const std::optional<std::string>& detail,
                              const Cell* period_cell, std::optional<int> years, const std::string& file, int record,
                              std::vector<Finding>& findings);

// Reports 项目属性's detail (一次性项目（1年结束）: 1年结束) as ocr-uncertain
// when none was read from an OCR'd `attribute_cell` that is itself reported
// (a bracket misread, a speck after it: the detail lost with the doubt),
// or when the detail read looks misread itself (doubtful_reading: （1年结束,
// its bracket read twice).
void flag_lost_detail(const Cell* attribute_cell, const std::optional<std::string>& detail, const std::string& file,
                      int record, std::vector<Finding>& findings);

// The characters of `text` the engine gave another choice for with at
// least `at_least` confidence (`doubts`: the cell's, Cell::doubts), of the
// kinds misread with confidence: a Chinese character with another Chinese
// character for a choice (公草 for 公墓), a digit with a sign or another
// digit (290% for ≥90%), a Latin letter in Chinese text (22b0万元: a
// speck). "«草» or «墓» 35%, …" (the surest three), empty when none.
std::string doubted_characters(const std::vector<OcrDoubt>& doubts, const std::string& text, float at_least);

// Drops the findings made from the engine's other choices for a character
// (flag_uncertain) for a field that another ocr-uncertain finding names:
// the other says more. The rules after flag_uncertain give their findings
// as though these were not there.
void drop_choices_reported_otherwise(std::vector<Finding>& findings);

// Levenshtein distance in code points (for tests).
size_t edit_distance(const std::u32string& a, const std::u32string& b);

}  // namespace perfgoal

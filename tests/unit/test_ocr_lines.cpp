#include <doctest/doctest.h>

#include <cstddef>
#include <utility>
#include <vector>

#include "extract/scan_lines.h"

using namespace perfgoal;

namespace {

// Rows' ink counts of a crop holding `lines` text lines `height` rows high,
// `pitch` rows apart, starting at row `top`; between two lines the rows
// hold `gap_ink` (0: blank rows, more: lines that touch).
std::vector<int> rows_of(int lines, int height, int pitch, int top, int gap_ink, int total) {
  std::vector<int> rows(static_cast<std::size_t>(total), 0);
  for (int l = 0; l < lines; ++l) {
    const int a = top + l * pitch;
    for (int y = a; y < a + pitch && y < total; ++y) {
      const int in_line = y - a;
      // a glyph line: more ink in its middle rows than near its top and bottom
      int v = in_line < height ? (in_line < height / 5 || in_line >= height * 4 / 5 ? 40 : 120) : gap_ink;
      if (l + 1 == lines && in_line >= height) v = 0;
      rows[static_cast<std::size_t>(y)] = v;
    }
  }
  return rows;
}

}  // namespace

TEST_CASE("OCR lines: lines with blank rows between them are bands of their own") {
  const auto rows = rows_of(3, 40, 50, 5, 0, 160);
  const auto bands = line_bands(rows, 25);
  REQUIRE(bands.size() == 3);
  CHECK(bands[0] == std::pair<int, int>{5, 44});
  CHECK(bands[1] == std::pair<int, int>{55, 94});
  CHECK(bands[2] == std::pair<int, int>{105, 144});
}

TEST_CASE("OCR lines: the pitch of the lines is found from the rows' ink") {
  CHECK(line_pitch(rows_of(4, 40, 50, 5, 0, 210), 25) == 50);
  CHECK(line_pitch(rows_of(4, 40, 50, 5, 6, 210), 25) == 50);
  // one line: no pitch
  CHECK(line_pitch(rows_of(1, 40, 50, 5, 0, 50), 25) == 0);
}

TEST_CASE("OCR lines: lines that touch are cut one pitch apart at the rows with least ink") {
  // four lines whose rows between them still hold a little ink (a dense cell)
  const auto rows = rows_of(4, 40, 50, 5, 6, 210);
  const auto bands = line_bands(rows, 25);
  REQUIRE(bands.size() == 4);
  for (std::size_t i = 0; i < bands.size(); ++i) {
    CAPTURE(i);
    const int top = 5 + 50 * static_cast<int>(i);
    CHECK(bands[i].first >= top - 10);
    CHECK(bands[i].first <= top + 1);
    CHECK(bands[i].second >= top + 39);
    CHECK(bands[i].second <= top + 50);
  }
}

TEST_CASE("OCR lines: one line stays one band, a comma's tail joins its line") {
  auto rows = rows_of(1, 40, 50, 5, 0, 60);
  CHECK(line_bands(rows, 25) == std::vector<std::pair<int, int>>{{5, 44}});
  rows[47] = rows[48] = 3;  // a tail below the line, after a blank row
  CHECK(line_bands(rows, 25) == std::vector<std::pair<int, int>>{{5, 48}});
}

TEST_CASE("OCR lines: a band too high for one line without a gap to cut at is not cut") {
  // two lines run together with as much ink between them as in them
  const auto rows = rows_of(2, 40, 40, 5, 0, 90);
  std::vector<int> flat(rows.size(), 0);
  for (std::size_t y = 5; y < 85; ++y) flat[y] = 100;
  const auto bands = line_bands(flat, 25);
  CHECK(bands.size() <= 1);
}

TEST_CASE("OCR lines: the cut off tops of the next row's characters under a cell's line are no text of it") {
  // one line of a value (rows 20-59) and, well below it, the tops of the
  // characters under the cell's bottom rule (rows 85-94): the crop reached past the rule
  auto rows = rows_of(1, 40, 50, 20, 0, 100);
  for (int y = 85; y < 95; ++y) rows[static_cast<std::size_t>(y)] = 30;
  CHECK(rows_without_edge_fragments(rows) == std::pair<int, int>{0, 60});
  // the same at the top: the feet of the characters above
  std::vector<int> top(rows.rbegin(), rows.rend());
  CHECK(rows_without_edge_fragments(top) == std::pair<int, int>{40, 100});
  // a comma's tail close under its line, and two lines of text, are kept
  auto tail = rows_of(1, 40, 50, 5, 0, 60);
  tail[47] = tail[48] = 3;
  CHECK(rows_without_edge_fragments(tail) == std::pair<int, int>{0, 60});
  const auto two = rows_of(2, 40, 50, 5, 0, 110);
  CHECK(rows_without_edge_fragments(two) == std::pair<int, int>{0, 110});
  // a short last line of text (a lone 一 under a line) is text: lower than a
  // third, but not apart by half a line
  auto dash = rows_of(1, 40, 50, 5, 0, 80);
  for (int y = 60; y < 64; ++y) dash[static_cast<std::size_t>(y)] = 50;
  CHECK(rows_without_edge_fragments(dash) == std::pair<int, int>{0, 80});
}

TEST_CASE("OCR lines: text outside the grid parts at blank rows, whatever the lines' heights") {
  // A title 30 rows high, 8 blank rows, a year line 14 rows high: two lines
  // (line_bands joins the year line to the title, and it was lost).
  std::vector<int> rows(30, 200);
  rows.insert(rows.end(), 8, 0);
  rows.insert(rows.end(), 14, 60);
  const auto runs = ink_row_runs(rows, 6);
  REQUIRE(runs.size() == 2);
  CHECK(runs[0] == std::pair<int, int>{0, 29});
  CHECK(runs[1] == std::pair<int, int>{38, 51});
  CHECK(line_bands(rows, 8).size() == 1);
  // A dot's rows (2 high) join the nearer line; no ink, no runs.
  std::vector<int> dotted = rows;
  dotted[33] = dotted[34] = 5;
  const auto with_dot = ink_row_runs(dotted, 6);
  REQUIRE(with_dot.size() == 2);
  CHECK(with_dot[0] == std::pair<int, int>{0, 34});
  CHECK(ink_row_runs(std::vector<int>(10, 0), 6).empty());
  // Lines of alike heights stay one part (a sign-off of two lines above the title).
  std::vector<int> alike(24, 100);
  alike.insert(alike.end(), 6, 0);
  alike.insert(alike.end(), 30, 200);
  alike.insert(alike.end(), 8, 0);
  alike.insert(alike.end(), 14, 60);
  const auto two = ink_row_runs(alike, 6);
  REQUIRE(two.size() == 2);
  CHECK(two[0] == std::pair<int, int>{0, 59});
  CHECK(two[1] == std::pair<int, int>{68, 81});
}

TEST_CASE("OCR lines: two touching lines of small text in a long crop are cut with a smaller pitch") {
  // Rows' ink of a scanned cell of two lines of a small font (Calc shrinking
  // the sheet to an A4 page, scanned at 150 dpi, read at 300): 29 rows
  // apart, one row of ink 1 between them, below the 9 pt minimum pitch.
  const std::vector<int> rows = {0,   0,   0,   0,   0,   0,   3,   281, 587, 790, 876, 968, 1055, 1105,
                                 1100, 1089, 1076, 1065, 1058, 1068, 1072, 1074, 1068, 1029, 995, 945, 919, 938,
                                 931, 940, 869, 621, 203, 9,   1,   82,  147, 218, 256, 284, 291, 290, 288, 299,
                                 301, 317, 307, 307, 291, 279, 265, 249, 225, 221, 226, 232, 263, 287, 265, 185,
                                 42,  0,   0,   0,   0,   0,   0,   0};
  CHECK(line_bands(rows, 37).size() == 1);
  const auto bands = line_bands_of_small_text(rows, 37, 25, 1760);
  REQUIRE(bands.size() == 2);
  CHECK(bands[0].first == 6);
  CHECK(bands[1].second == 60);
  CHECK(bands[0].second < bands[1].first);
  CHECK(bands[0].second >= 32);
  CHECK(bands[1].first <= 36);
  // A short crop (a few glyphs: gaps between strokes look like gaps between
  // lines) is left to the usual pitch.
  CHECK(line_bands_of_small_text(rows, 37, 25, 300).size() == 1);
}

TEST_CASE("OCR lines: a faint rule's fringe above a line in a low crop is no line of small text") {
  // Rows' ink of a scanned cell (a 150 dpi scan read at 300 dpi, 1778 pixels
  // wide): the fringe of the faint rule above it (rows 7-14, at most 8
  // pixels a row across the whole crop), blank rows, then one line of text.
  // Cut with the small pitch, the fringe was read as a line of Latin letters.
  const std::vector<int> rows = {0,   0,   0,   0,   0,   0,   0,   2,   6,   8,   8,   8,   8,   6,   4,   0,
                                 0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   15,  132, 393, 527, 669,
                                 759, 818, 894, 996, 982, 974, 954, 942, 952, 962, 954, 895, 845, 862, 877, 905,
                                 906, 908, 873, 823, 793, 782, 727, 688, 690, 759, 811, 852, 842, 719, 546, 229,
                                 57,  0,   0,   0,   0,   0,   0,   0};
  const auto bands = line_bands_of_small_text(rows, 37, 25, 1778);
  CHECK(bands.size() == 1);
  // Two lines of small text under the same fringe are still two lines.
  std::vector<int> two(rows.begin(), rows.begin() + 27);
  const std::vector<int> small = {0,   0,   0,   0,   0,   0,   3,   281, 587, 790, 876, 968, 1055, 1105,
                                  1100, 1089, 1076, 1065, 1058, 1068, 1072, 1074, 1068, 1029, 995, 945, 919, 938,
                                  931, 940, 869, 621, 203, 9,   1,   82,  147, 218, 256, 284, 291, 290, 288, 299,
                                  301, 317, 307, 307, 291, 279, 265, 249, 225, 221, 226, 232, 263, 287, 265, 185,
                                  42,  0,   0,   0,   0,   0,   0,   0};
  two.insert(two.end(), small.begin() + 6, small.end());
  const auto lines = line_bands_of_small_text(two, 37, 25, 1778);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].first == 7);
  CHECK(lines[1].second == 27 + 60 - 6);
}

TEST_CASE("OCR lines: the vertical rules of a row read outside the grid are rule bars, not text") {
  // The ink's parts of a form's first row at a page's foot (项目名称 and the
  // project's name, a 150 dpi scan read at 300 dpi): its rules were too
  // short to be found as rules, so the row was read as text outside the
  // grid with its three bars, and 项目名称 came out as 撕目名黎.
  // {x, y, w, h, pixels}
  const std::vector<InkPart> parts = {
      {35, 32, 3, 41, 90},   {283, 32, 3, 41, 111}, {2044, 32, 2, 41, 82},  {556, 40, 22, 23, 162},
      {610, 40, 20, 23, 221}, {769, 40, 23, 24, 226}, {48, 41, 15, 23, 221}, {69, 41, 12, 23, 91},
      {83, 41, 5, 22, 62},   {95, 41, 18, 23, 157}, {121, 41, 22, 23, 248}, {289, 41, 15, 23, 166},
      {602, 41, 3, 21, 44},  {931, 42, 5, 22, 72},  {944, 42, 5, 21, 74},
  };
  const auto bars = rule_bars(parts);
  REQUIRE(bars.size() == 3);
  CHECK(bars[0] == 0);
  CHECK(bars[1] == 1);
  CHECK(bars[2] == 2);
  // Thin strokes of the line's own height (a part of 训, a 1) are text; so is
  // a round bracket a little taller than the line (not a straight bar).
  std::vector<InkPart> title = {{0, 0, 8, 30, 110}, {10, 3, 22, 24, 250}, {40, 3, 5, 23, 100},
                                {50, 3, 22, 24, 240}, {80, 0, 8, 30, 100}};
  CHECK(rule_bars(title).empty());
  // Too few parts to tell a bar from the line.
  CHECK(rule_bars({{35, 32, 3, 41, 90}, {48, 41, 15, 23, 221}}).empty());
}

// Tesseract's box of a line read from one strip of a cell cut at its lines
// can reach far past the strip (dev scan 718-150: strips 46–85 and 85–131,
// boxes 43–99 and 64–135, overlapping by 35 rows of 56: the two lines were
// grouped as one and their characters interleaved). Within its strip, each
// line's box is its own.
TEST_CASE("OCR lines: a line's box is kept within its strip") {
  // Strip-relative: the first strip is rows 46–85 (39 high), the second 85–131 (46 high).
  const auto first = line_box_within_strip(43 - 46, 99 - 46, 85 - 46);
  const auto second = line_box_within_strip(64 - 85, 135 - 85, 131 - 85);
  CHECK(first == std::make_pair(0, 39));
  CHECK(second == std::make_pair(0, 46));
  CHECK(first.second + 46 <= second.first + 85);  // on the cell: no overlap
  CHECK(line_box_within_strip(5, 30, 39) == std::make_pair(5, 30));  // a box inside its strip is kept
  CHECK(line_box_within_strip(45, 60, 39) == std::make_pair(39, 39));
}

// A sign-off line under a form (dev scan 723-300, page 6): 负责人：王晓明,
// 经办人：王晓明, 联系电话： over 13216197584, 填报日期：2025-01-16T11:33:55,
// far apart. Read as one line, the two lines of the phone's item were
// interleaved (各和尖电通 for 联系电话) and the phone was lost; the wrapped
// item is read by itself.
TEST_CASE("OCR lines: a line's items far apart are parted, an item of two lines among items of one is wrapped") {
  // Columns: items of glyphs 30 columns wide, 6 blank columns between glyphs
  // (a colon, the gaps inside a character), 300 blank columns between items.
  std::vector<int> columns;
  auto glyphs = [&](int n) {
    for (int g = 0; g < n; ++g) {
      columns.insert(columns.end(), 30, 12);
      if (g + 1 < n) columns.insert(columns.end(), 6, 0);
    }
  };
  glyphs(7);
  columns.insert(columns.end(), 300, 0);
  glyphs(7);
  columns.insert(columns.end(), 300, 0);
  glyphs(5);
  columns.insert(columns.end(), 320, 0);
  glyphs(12);
  const int line_height = 40;
  const auto items = wide_gap_parts(columns, 3 * line_height);
  REQUIRE(items.size() == 4);
  CHECK(items[0] == std::pair<int, int>{0, 7 * 36 - 7});
  CHECK(items[1].first == 7 * 36 - 6 + 300);
  // A title's characters, a word's letters: no gap that wide, one part; no ink, none.
  std::vector<int> title;
  for (int g = 0; g < 20; ++g) title.insert(title.end(), {0, 0, 0, 0, 0, 0, 0, 0, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});
  CHECK(wide_gap_parts(title, 3 * line_height).size() == 1);
  CHECK(wide_gap_parts(std::vector<int>(50, 0), 3 * line_height).empty());

  // The items' ink boxes {x, y, w, h}: the phone's item holds two lines.
  const std::vector<InkPart> signoff = {{0, 19, 245, 36}, {545, 20, 274, 35}, {1418, 0, 220, 70}, {2060, 20, 540, 36}};
  const auto two_lines = wrapped_items(signoff);
  REQUIRE(two_lines.size() == 1);
  CHECK(two_lines[0] == 2);
  // Items of one line each, a lone item, or a low dash among them: none wrapped.
  CHECK(wrapped_items({{0, 19, 245, 36}, {545, 20, 274, 35}, {1418, 19, 220, 38}}).empty());
  CHECK(wrapped_items({{0, 0, 220, 70}}).empty());
  CHECK(wrapped_items({{0, 19, 245, 36}, {400, 35, 30, 6}, {545, 20, 274, 35}}).empty());

  // Such a line is a part by itself: of alike height as the title under it,
  // it was joined to it and read as a block.
  std::vector<int> rows(70, 100);
  rows.insert(rows.end(), 20, 0);
  rows.insert(rows.end(), 60, 200);
  CHECK(ink_row_runs(rows, 6).size() == 1);
  const auto parts = ink_row_runs(rows, 6, [](int first, int last) { return first == 0 && last == 69; });
  REQUIRE(parts.size() == 2);
  CHECK(parts[0] == std::pair<int, int>{0, 69});
  CHECK(parts[1] == std::pair<int, int>{90, 149});
}

// A paragraph whose 。 wrapped to a line of its own (dev scan 761-300, a
// Calc sheet: 为促进…做出积极贡献 then 。 alone under it). Joined to the
// line above, the strip held the line and the mark, and the line was read
// as 2城市基础设施建设… (为促进上党区城市路网结构的不断完善、 lost).
TEST_CASE("OCR lines: a lone mark wrapped under a paragraph's last line is a line of its own") {
  // Three lines 40 rows high, 10 blank rows between them; then a 。 8 rows
  // high at the foot of where a fourth line would be.
  std::vector<int> rows;
  for (int l = 0; l < 3; ++l) {
    rows.insert(rows.end(), 40, 150);
    rows.insert(rows.end(), 10, 0);
  }
  rows.insert(rows.end(), 32, 0);
  rows.insert(rows.end(), 8, 12);
  rows.insert(rows.end(), 4, 0);
  const auto bands = line_bands(rows, 30);
  REQUIRE(bands.size() == 4);
  CHECK(bands[2] == std::pair<int, int>{100, 139});
  CHECK(bands[3] == std::pair<int, int>{182, 189});
  // A speck as far under a cell's one line: no pitch to tell a line's place, it joins the line.
  std::vector<int> one(rows.begin(), rows.begin() + 50);
  one.insert(one.end(), 30, 0);
  one.insert(one.end(), 8, 12);
  CHECK(line_bands(one, 30).size() == 1);
  // A comma's tail or a dot just under the line (a gap of a few rows) joins it.
  std::vector<int> close(rows.begin(), rows.begin() + 140);
  close.insert(close.end(), 3, 0);
  close.insert(close.end(), 8, 12);
  const auto joined = line_bands(close, 30);
  REQUIRE(joined.size() == 3);
  CHECK(joined[2] == std::pair<int, int>{100, 150});
  // As far and as low but wider than a line is high: a faint rule's fringe
  // under the line (held-out scan 702-200: read as a line of its own it came
  // out as TARRPAERAER…), joined to the line above; a 。 8 columns wide stays.
  auto fringe = bands;
  join_wide_last_band(fringe, 600);
  REQUIRE(fringe.size() == 3);
  CHECK(fringe[2] == std::pair<int, int>{100, 189});
  auto mark = bands;
  join_wide_last_band(mark, 8);
  CHECK(mark.size() == 4);
  // A speck above the first line is no line of its own (the first band, not
  // the last): it joins the first line.
  std::vector<int> speck(8, 12);
  speck.insert(speck.end(), 20, 0);
  speck.insert(speck.end(), rows.begin(), rows.begin() + 140);
  const auto above = line_bands(speck, 30);
  REQUIRE(above.size() == 3);
  CHECK(above[0] == std::pair<int, int>{0, 67});
}

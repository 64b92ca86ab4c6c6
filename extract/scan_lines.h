#pragma once
// The text lines of a scanned cell, from the ink counted in each row of its
// image (Leptonica's pixCountPixelsByRow): the scan reader
// (extract/scan_reader.cpp) reads a cell of several lines line by line.

#include <cstddef>
#include <functional>
#include <utility>
#include <vector>

namespace perfgoal {

// The pitch of the text lines (pixels from one line's top to the next's):
// the lag, between min_pitch and two thirds of the rows, at which the rows'
// ink counts repeat best (their autocorrelation's first clear peak); 0 when
// nothing repeats.
int line_pitch(const std::vector<int>& row_ink, int min_pitch);

// The lines of a crop as bands of rows [top, bottom] (inclusive): runs of
// rows with ink, a band much lower than the others (a comma's tail, a stray
// dot) joined to its nearer neighbour, and a band as high as two or more
// lines (lines that touch: a dense cell at a low resolution) cut at the
// rows with least ink, one line pitch apart. Empty when there is no ink; one band for one
// line; empty too when a band is too high for one line and cannot be cut
// (no clear gap between lines where the pitch says one should be).
std::vector<std::pair<int, int>> line_bands(const std::vector<int>& row_ink, int min_pitch);

// The last of `bands` (line_bands) when it is low (less than half the
// tallest band's height) and its ink is wider than the tallest band is high,
// joined to the band above: line_bands keeps a low last band far under its
// line as a line of its own (a lone 。 wrapped under a paragraph), but one
// that wide is no mark, it is a faint rule's fringe under the line (read as
// a line of its own it came out as Latin letters, TARRPAER…).
void join_wide_last_band(std::vector<std::pair<int, int>>& bands, int last_band_width);

// A text line's box [top, bottom) as Tesseract gave it for one strip of a
// cell cut at its lines (strip-relative rows), kept within the strip's
// `height` rows: the engine's box of a line can reach far past its strip
// (dev scan 718-150: strips 46–85 and 85–131 of a cell, boxes 43–99 and
// 64–135), and boxes of two lines that overlap so are taken for one line,
// their characters interleaved (所以于2期019后可年免1费月…).
std::pair<int, int> line_box_within_strip(int top, int bottom, int height);

// The rows [top, bottom) of a crop that hold its own text, without the cut
// off ink of a neighbouring row's text at its top or bottom edge (the tops of
// the characters below a cell's bottom rule, the crop reaching past it): a
// first or last band of rows with ink lower than a third of the tallest
// band, apart from the band next to it by at least half the tallest band's
// height (a comma's tail or a dot lies close under its line). {0, rows}
// when there is no such fragment.
std::pair<int, int> rows_without_edge_fragments(const std::vector<int>& row_ink);

// The parts of a crop's text of unlike heights, as rows [top, bottom]
// (inclusive): runs of rows with ink that blank rows part, one a part where
// it is less than two thirds as high as its neighbour or more than 1.5 times (text
// outside the grid: a title above its smaller year line, （2024年度）, which
// line_bands joins to the title), neighbours of alike heights one part. A
// run lower than `min_height` rows (a speck's row, a dot) joins the nearer
// neighbour first. Empty when there is no ink. A run for which `alone`
// (given its rows [first, last]) holds is a part of its own whatever its
// neighbours' heights (a sign-off line whose items wide gaps part: joined to
// the title under it, its items could not be read one by one).
std::vector<std::pair<int, int>> ink_row_runs(const std::vector<int>& row_ink, int min_height,
                                              const std::function<bool(int, int)>& alone = {});

// The parts of a line of text outside the grid that wide blank gaps part,
// as columns [first, last] (inclusive), from the ink counted in each column:
// runs of columns with ink, parted where at least `min_gap` blank columns lie
// between them. A sign-off line's items stand far apart (负责人：… 经办人：…
// 联系电话：… 填报日期：…), and one of them may wrap to two lines (联系电话：
// over its number): read as one line, the two lines' characters came out
// interleaved and the phone and date were lost (各和尖电通 for 联系电话). Each
// part is read by itself. Empty when there is no ink; one part when no gap is
// that wide.
std::vector<std::pair<int, int>> wide_gap_parts(const std::vector<int>& column_ink, int min_gap);

// The lines of a crop `width` pixels wide: line_bands with min_pitch; when
// that finds fewer than two lines in a band at least twice as high as
// small_pitch, and the crop is long (at least 8 times as wide as that band
// is high: a row's ink is then the sum over many glyphs, so a gap between
// two lines stands out from the gaps between a glyph's strokes), again with
// small_pitch. Two lines of a small font (Calc shrinking a sheet to the
// page: lines 7 pt apart) touch at a low resolution, below the usual
// minimum pitch. A part whose ink is thinner than a glyph of small_pitch
// (6/10 of it: a faint rule's fringe above or below a line) is no line: it
// joins its neighbour.
std::vector<std::pair<int, int>> line_bands_of_small_text(const std::vector<int>& row_ink, int min_pitch,
                                                          int small_pitch, int width);

// A connected part of the ink of a line of text: its box and its pixels.
struct InkPart {
  int x = 0, y = 0, w = 0, h = 0, pixels = 0;
};

// The items of a line (wide_gap_parts: their boxes, rows from the line's
// top) that wrap to more lines than the others: at least 1.5 times as high
// as the typical item (the lower median: 联系电话： over its number among
// 负责人：… 经办人：… 填报日期：…). Their indices; none in a line of fewer
// than two items.
std::vector<std::size_t> wrapped_items(const std::vector<InkPart>& items);

// The parts of a line read outside the ruled grid that are pieces of ruling
// lines, not text: straight thin bars (at least 6 times as high as wide,
// their box at least 6/10 filled) at least 1.5 times as high as the line's
// median part. A row of a form too low for its vertical rules to be found
// as rules (the first row of a form at a page's foot, its rules shorter
// than the rule finder's brick) is read as text outside the grid; its
// bars were read into the text beside them (项目名称 as 撕目名黎). Needs
// three parts or more (a line to measure them against); their indices.
std::vector<std::size_t> rule_bars(const std::vector<InkPart>& parts);

}  // namespace perfgoal

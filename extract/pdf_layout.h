// From what a PDF page draws (characters with boxes, ruling lines) to rows of
// cells. Pure geometry: no Poppler here, so it is tested on made-up pages.
//
// - Ruling lines (stroked segments, thin filled rectangles) that touch each
//   other make a table; their x and y positions are its grid. Two grid cells
//   with no rule between them are one merged cell (row and column spans).
// - Characters go to the cell holding their centre; a cell's lines are
//   joined in reading order: no space where Chinese text wrapped, a space
//   where the text has one.
// - Text outside any table (titles, year lines, footers) becomes rows of
//   cells split at wide gaps. A page with no rules at all is read by text
//   alignment: wrapped lines are put together into cells, cells into rows.
// - Columns are numbered from the vertical rules of the whole document, so a
//   table continued on the next page keeps its column numbers; a row that a
//   page break cut in two (LibreOffice does) is joined again.
#pragma once

#include <string>
#include <vector>

#include "model/cells.h"

namespace perfgoal {

struct PdfChar {
  char32_t code = 0;  // Unicode, radicals already mapped to unified ideographs
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // box in points, origin top-left
  double size = 0;                        // font size in points
  float confidence = -1;                  // OCR: 0–100, how sure the engine is; -1: not OCR
  // OCR: the engine's strongest other choice for this character (0: none)
  // and its confidence in it, 0–100.
  char32_t alternative = 0;
  float alternative_confidence = 0;
};

// An axis-aligned ruling line: horizontal when y0 == y1, vertical when x0 == x1.
struct PdfRule {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool horizontal() const { return y1 - y0 < x1 - x0; }
};

// OCR: a cell's text as the scan reader took it and its other readings
// (another model, threshold or scale), where it was read (points). The rows'
// cell that holds the reading taken gets the others (Cell::alternatives).
struct OcrReadings {
  Box box;
  std::string text;                 // the reading taken
  std::vector<std::string> others;  // the other readings, as read
};

struct PdfPage {
  int number = 0;  // 1-based
  double width = 0, height = 0;
  std::vector<PdfChar> chars;
  std::vector<PdfRule> rules;
  double image_area = 0;  // points² covered by images (scans)
  int rotation = 0;        // degrees the page was turned to read its text left to right
  int glyphs = 0;          // characters drawn
  int undecodable = 0;     // of them, without Unicode text, private-use, U+FFFD or control
  bool text_damaged = false;  // most characters undecodable: the text layer is garbage (chars dropped)
  double image_dpi = 0;   // the resolution of the largest image (pixels per inch as drawn)
  std::vector<OcrReadings> readings;  // OCR: cells read in more than one way
};

// The cells of the page's ruled tables (merged cells as one box), and each
// table's outer box: a scan reader reads the text of each cell by itself.
struct TableCells {
  Box outer;
  std::vector<Box> cells;
};
std::vector<TableCells> table_cells(const PdfPage& page);

// Rows of cells for every page, in page order.
std::vector<Row> lay_out_pages(const std::vector<PdfPage>& pages);

// Gives each OCR'd cell of `rows` the other readings of its text
// (PdfPage::readings): those read on its page where the centre of the
// reading's box lies in the cell's box and the reading taken is the cell's
// text (spaces aside). Called by lay_out_pages; exposed for tests.
void attach_readings(std::vector<Row>& rows, const std::vector<PdfPage>& pages);

// The text of the characters of one cell (or one stretch of a line), lines
// joined in reading order. Exposed for tests.
std::string join_cell_text(std::vector<PdfChar> chars);

}  // namespace perfgoal

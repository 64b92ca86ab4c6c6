// The model between extract and normalize: rows of cells, page after page.
//
// A reader knows nothing of budget forms; it only says what text stands where
// and where it came from. normalize knows nothing of file formats.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/cell_text.h"

namespace perfgoal {

// A rectangle on a PDF page, in points, origin top-left.
struct Box {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

// OCR: a character of a cell's text the engine also gave another choice
// for (Tesseract's ChoiceIterator): what was read, that choice, and the
// engine's confidence in it. Evidence for the review; the text stays as read.
struct OcrDoubt {
  char32_t read = 0;
  char32_t alternative = 0;
  float confidence = 0;  // 0–100
};

struct Cell {
  CellText text;         // UTF-8, verbatim as read (no trimming of inner text)
  int column = 0;        // 0-based grid column within its row's table
  int column_span = 1;   // merged cells: how many grid columns it covers
  int row_span = 1;      // merged cells: how many grid rows it covers
  int line = 0;          // 1-based line of a text input; 0 when not a text input
  int page = 0;          // 1-based page of a PDF input; 0 when not a PDF
  std::optional<Box> box;  // PDF and scans: points, origin top-left
  // OCR: the engine's confidence in the cell's text, 0–100 (the least of its
  // characters'); -1 when the text was not read by OCR.
  float confidence = -1;
  // Layout text: the 1-based page whose lines pdftotext printed out of order
  // (a page printed backwards and turned back, its neighbouring lines
  // interleaved; an indicator row's cell joined from lines that do not wrap
  // so): the fields read from this cell are reported for a check against the
  // PDF (rule text-order). 0: no such doubt.
  int out_of_order_page = 0;  // (beside confidence: no padding)
  // OCR: other readings of the same text the engine gave (another model,
  // threshold or scale), as read; kept where the cell holds a number. Text
  // is evidence: normalize may take one of them in place of `text` (the sum
  // of a funds column agreeing with it alone), never a text of its own.
  std::vector<std::string> alternatives = {};
  // OCR: the characters of `text` the engine gave other choices for, in
  // reading order.
  std::vector<OcrDoubt> doubts = {};
};

// One row of a table (or one line of text outside a table). Only cells that
// hold text are listed; `column` keeps their place in the grid.
struct Row {
  int line = 0;  // text input: 1-based line number
  int page = 0;  // PDF input: 1-based page number
  std::vector<Cell> cells;
};

// Something a reader noticed that the user should know (an undecodable byte,
// a scanned page). Errors that stop reading are thrown as InputError instead.
struct ReaderNote {
  std::string message;
  int line = 0;
  int page = 0;
};

// What a PDF page offers to read. A page whose text layer is damaged or that
// is only an image is left for OCR; its number says which page to take.
enum class PageText {
  readable,    // a text layer that decodes: read as text
  damaged,     // a text layer, mostly undecodable (no Unicode mapping, private-use)
  image_only,  // no text, an image covers it (a scan)
  blank,       // no text, no image
};

struct PageStatus {
  int number = 0;  // 1-based
  PageText text = PageText::readable;
  int rotation = 0;  // degrees the page was turned so its text reads left to right
};

// Pages read by OCR: which engine, at what resolution.
struct OcrSource {
  std::string engine;   // "tesseract"
  std::string version;  // "5.3.0"
  std::string model;    // "chi_sim"
  int dpi = 0;
  std::vector<int> pages;  // 1-based pages read by OCR
};

struct CellDocument {
  std::string file;      // input file name as given (no directories)
  std::string format;    // "text", "pdf", "image", ...
  std::string encoding;  // text inputs: the encoding read ("UTF-8", "GB18030", ...)
  std::vector<Row> rows;
  std::vector<ReaderNote> notes;
  std::vector<PageStatus> pages;  // PDF inputs: one per page
  std::optional<OcrSource> ocr;  // set when some page was read by OCR
};

}  // namespace perfgoal

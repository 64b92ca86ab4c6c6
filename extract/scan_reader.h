// Scanned pages, read with Leptonica and Tesseract into the same cell model
// as the PDF reader: page image → deskew → ruling lines (morphological
// opening) → the grid's cells (extract/pdf_layout's table logic) → OCR per
// cell, not per page (Tesseract, chi_sim; a second pass with digits only
// where a cell looks like a number) → characters with boxes and confidence
// → extract/pdf_layout's rows of cells. Text outside the grid (title, year
// line, sign-off) is read as blocks.
//
// Inputs: image-only pages of a PDF (rendered by Poppler at --ocr-dpi), PNG,
// JPEG and (multi-page) TIFF files. A blank page, an image without a ruled
// grid (a photo of something else) or an upside-down page is said so in a
// note; nothing is guessed.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "extract/pdf_layout.h"
#include "extract/reader.h"
#include "model/cells.h"

struct Pix;

namespace perfgoal {

// "tesseract 5.3.0 chi_sim"
std::string ocr_engine();

// What OCR made of one page image.
struct ScanPage {
  PdfPage page;         // rules and characters, in points
  bool readable = false;  // false: blank, no grid, or too small; `problem` says which
  std::string problem;
  int turned = 0;         // degrees clockwise the page was turned to be read: 0, 90, 180 or 270
  double skew = 0;        // degrees corrected
};

// Reads one page image (any depth; `dpi` its resolution). Throws nothing for
// a bad page: `problem` says what is wrong with it.
ScanPage read_scan_page(Pix* image, int dpi, int number);

// The ruling lines of a (deskewed) page image in grey, `dpi` its resolution,
// in points: long thin runs of ink at the rules' threshold, their ends taken
// on to the rule they meet along fainter ink (a thin grey rule broken by a
// 150 dpi scan).
std::vector<PdfRule> scan_rules(Pix* grey, int dpi);

// The specks of a binary page image (1 bpp, `dpi` its resolution): small
// components with no other ink near them, as a mask (the caller owns it).
// Dots that belong to text (a decimal point, a colon, a character's dots)
// lie near other ink and are not specks.
Pix* isolated_specks(Pix* binary, int dpi);

// The box (bx, by, bw, bh: in the crop) of the text of the cell (x, y, w, h)
// of a page, from its binary images at the text's threshold (`strict`) and
// at the rules' lenient one (`light`, its components touching the cell's
// edge left out); false when the cell holds no text. The strict ink counts
// when it is text by cell_holds_text (extract/ocr_text: the ink of a small
// digit at `dpi`, min_text_ink, or a lone small glyph's); else the light ink
// alone, when
// there is as much of it and it is at least 2 `speck` high (thin grey
// strokes of small text scanned at a low resolution).
bool text_box(Pix* strict, Pix* light, int x, int y, int w, int h, int dpi, int speck, int* bx, int* by, int* bw,
              int* bh);

// The first bytes of a PNG, JPEG or TIFF file.
bool sniff_image(std::string_view head);

// PNG, JPEG, TIFF (every page of a multi-page TIFF).
CellDocument read_image_file(const std::filesystem::path& path, const ReadOptions& options);

// Adds a page read by OCR to a document (its problem as a note, else the
// page, and the document's OCR source).
void add_scan_page(CellDocument& doc, std::vector<PdfPage>& pages, ScanPage&& scan, int dpi);

// Page `number` (1-based) of a PDF rendered in grey at `dpi`, as OCR reads
// it; the caller owns it (pixDestroy). Null, with `problem` set, when Poppler
// cannot open or render it.
Pix* render_pdf_page(const std::filesystem::path& path, int number, int dpi, std::string& problem);

// Renders page `number` (1-based) of a PDF in grey at `dpi` and reads it.
ScanPage read_pdf_page_by_ocr(const std::filesystem::path& path, int number, int dpi);

}  // namespace perfgoal

// How the scan reader prepares and reads a cell's image (extract/scan_reader):
// images drawn here, pixel by pixel.
#include <doctest/doctest.h>
#include <leptonica/allheaders.h>

#include <cmath>
#include <memory>
#include <vector>

#include "extract/scan_reader.h"

using namespace perfgoal;

namespace {

struct PixFree {
  void operator()(Pix* p) const { pixDestroy(&p); }
};
using Image = std::unique_ptr<Pix, PixFree>;

void fill(Pix* pix, int x, int y, int w, int h) {
  ::Box* b = boxCreate(x, y, w, h);
  pixSetInRect(pix, b);
  boxDestroy(&b);
}

int ink_in(Pix* pix, int x, int y, int w, int h) {
  ::Box* b = boxCreate(x, y, w, h);
  l_int32 n = 0;
  pixCountPixelsInRect(pix, b, &n, nullptr);
  boxDestroy(&b);
  return n;
}

}  // namespace

TEST_CASE("scan specks: a dot far from the text is a speck, a decimal point is not") {
  const int dpi = 300;
  Image page(pixCreate(600, 120, 1));
  // "0.5": two digit-sized strokes with a decimal point between them.
  fill(page.get(), 40, 30, 20, 40);
  fill(page.get(), 64, 64, 6, 6);  // the decimal point, 4 px from the 0
  fill(page.get(), 74, 30, 20, 40);
  // A speck as a scanner leaves it: a dot as big as the decimal point,
  // far to the right of the text.
  fill(page.get(), 400, 20, 7, 7);
  // A short horizontal stroke alone (a "-" in a cell) is no speck: it is long.
  fill(page.get(), 500, 60, 16, 4);
  Image specks(isolated_specks(page.get(), dpi));
  REQUIRE(specks);
  CHECK(ink_in(specks.get(), 400, 20, 7, 7) == 49);
  CHECK(ink_in(specks.get(), 0, 0, 300, 120) == 0);  // the number and its point stay
  CHECK(ink_in(specks.get(), 480, 40, 60, 40) == 0);  // the dash stays
}

TEST_CASE("scan specks: two dots near each other but far from text are both specks") {
  Image page(pixCreate(400, 100, 1));
  fill(page.get(), 20, 20, 30, 40);   // text
  fill(page.get(), 300, 50, 5, 5);
  fill(page.get(), 309, 50, 5, 5);
  Image specks(isolated_specks(page.get(), 300));
  REQUIRE(specks);
  CHECK(ink_in(specks.get(), 290, 40, 40, 30) == 50);
  CHECK(ink_in(specks.get(), 0, 0, 100, 100) == 0);
}

TEST_CASE("scan cell text box: thin grey text lost at the text threshold is found at the lenient one") {
  const int speck = 6, dpi = 300;  // min_text_ink(300) = 60
  // A cell (20, 10, 300, 50) of a page: "7,000,000" in a small light font.
  // At the text threshold its strokes fell apart: a few pixels are left.
  Image strict(pixCreate(400, 100, 1));
  fill(strict.get(), 60, 30, 3, 3);
  fill(strict.get(), 90, 34, 2, 4);
  // At the lenient threshold the digits are whole: 7 glyphs 8 x 16 px.
  Image light(pixCreate(400, 100, 1));
  for (int i = 0; i < 7; ++i) fill(light.get(), 40 + i * 12, 25, 8, 16);
  int bx = 0, by = 0, bw = 0, bh = 0;
  REQUIRE(text_box(strict.get(), light.get(), 20, 10, 300, 50, dpi, speck, &bx, &by, &bw, &bh));
  CHECK(bx == 20);
  CHECK(by == 15);
  CHECK(bw == 80);
  CHECK(bh == 16);

  // An empty cell: the lenient ink is a smudge lower than a glyph.
  Image smudge(pixCreate(400, 100, 1));
  fill(smudge.get(), 100, 30, 40, 4);
  CHECK_FALSE(text_box(strict.get(), smudge.get(), 20, 10, 300, 50, dpi, speck, &bx, &by, &bw, &bh));
  // Nor is the fringe of a rule along the cell's edge text.
  Image fringe(pixCreate(400, 100, 1));
  fill(fringe.get(), 20, 10, 300, 3);
  fill(fringe.get(), 20, 10, 3, 50);
  CHECK_FALSE(text_box(strict.get(), fringe.get(), 20, 10, 300, 50, dpi, speck, &bx, &by, &bw, &bh));
}

TEST_CASE("scan cell text box: the strict ink's box is widened by the lenient ink") {
  Image strict(pixCreate(400, 100, 1));
  fill(strict.get(), 60, 30, 40, 16);  // 640 px: text
  Image light(pixCreate(400, 100, 1));
  fill(light.get(), 60, 30, 40, 16);
  fill(light.get(), 110, 28, 10, 20);  // a light glyph beside it
  int bx = 0, by = 0, bw = 0, bh = 0;
  REQUIRE(text_box(strict.get(), light.get(), 20, 10, 300, 50, 300, 6, &bx, &by, &bw, &bh));
  CHECK(bx == 40);
  CHECK(by == 18);
  CHECK(bw == 60);
  CHECK(bh == 20);
}

TEST_CASE("scan rules: a rule broken where it is faint is taken on to the rule it meets") {
  // A table at 300 dpi: black rules, but the vertical rule between a form's
  // first row's label and value is thin grey there (a 150 dpi scan): lighter
  // than the rules' threshold, the row read as one cell (`项目名称 | 新兴…`).
  const int dpi = 300;
  Image page(pixCreate(600, 400, 8));
  pixSetAllArbitrary(page.get(), 255);
  auto bar = [&](int x, int y, int w, int h, int grey) {
    ::Box* b = boxCreate(x, y, w, h);
    pixSetInRectArbitrary(page.get(), b, static_cast<l_uint32>(grey));
    boxDestroy(&b);
  };
  bar(50, 50, 503, 3, 0);    // top
  bar(50, 120, 503, 3, 0);   // under the first row
  bar(50, 350, 503, 3, 0);   // bottom
  bar(50, 50, 3, 303, 0);    // left
  bar(550, 50, 3, 303, 0);   // right
  bar(250, 120, 3, 233, 0);  // inner vertical below the first row: black
  bar(250, 53, 3, 67, 235);  // ... and in the first row: faint grey
  const double k = 72.0 / dpi;
  const std::vector<PdfRule> rules = scan_rules(page.get(), dpi);
  bool inner = false, reaches_top = false;
  for (const auto& r : rules) {
    if (r.horizontal() || std::abs(r.x0 - 251.5 * k) > 1.5) continue;
    inner = true;
    reaches_top = reaches_top || std::abs(r.y0 - 51.5 * k) < 1.5;
    CHECK(r.y1 == doctest::Approx(351.5 * k).epsilon(0.02));
  }
  CHECK(inner);
  CHECK(reaches_top);
  // A gap with no ink is not bridged: the same table without the faint piece.
  bar(250, 53, 3, 67, 255);
  bool bridged = false;
  for (const auto& r : scan_rules(page.get(), dpi))
    if (!r.horizontal() && std::abs(r.x0 - 251.5 * k) <= 1.5 && r.y0 < 100 * k) bridged = true;
  CHECK(!bridged);
}

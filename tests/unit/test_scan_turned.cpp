// A scanned page lying on its side (turned a quarter either way) is turned
// back and read as the upright page is (extract/scan_reader: on_its_side,
// then upside_down tells 90 from 270). The page: the first of the scanned
// fixture (150 dpi, skewed, noisy).
#include <doctest/doctest.h>
#include <leptonica/allheaders.h>

#include <memory>
#include <poppler-document.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>
#include <string>

#include "extract/scan_reader.h"
#include "model/text_safety.h"
#include "support.h"

using namespace perfgoal;
using perfgoal::test::src;

namespace {

struct PixFree {
  void operator()(Pix* p) const { pixDestroy(&p); }
};
using Image = std::unique_ptr<Pix, PixFree>;

// Page `number` of a PDF rendered in grey at `dpi`, as the reader renders it.
Image render(const std::string& path, int number, int dpi) {
  std::unique_ptr<poppler::document> pdf(poppler::document::load_from_file(path));
  REQUIRE(pdf);
  std::unique_ptr<poppler::page> page(pdf->create_page(number - 1));
  REQUIRE(page);
  poppler::page_renderer renderer;
  renderer.set_image_format(poppler::image::format_gray8);
  poppler::image img = renderer.render_page(page.get(), dpi, dpi);
  REQUIRE(img.is_valid());
  Image pix(pixCreate(img.width(), img.height(), 8));
  pixSetResolution(pix.get(), dpi, dpi);
  for (int y = 0; y < img.height(); ++y) {
    const auto* row = reinterpret_cast<const unsigned char*>(img.const_data() + static_cast<long>(y) * img.bytes_per_row());
    l_uint32* line = pixGetData(pix.get()) + static_cast<long>(y) * pixGetWpl(pix.get());
    for (int x = 0; x < img.width(); ++x) SET_DATA_BYTE(line, x, row[x]);
  }
  return pix;
}

std::string text_of(const ScanPage& p) {
  std::u32string t;
  for (const auto& c : p.page.chars) t += c.code;
  return encode_utf8(t);
}

}  // namespace

TEST_CASE("scanned page lying on its side: turned back and read as upright") {
  const int dpi = 150;
  Image upright = render(src("fixtures/scans/libreoffice-p1-2-150.pdf"), 1, dpi);
  const ScanPage straight = read_scan_page(upright.get(), dpi, 1);
  REQUIRE(straight.readable);
  CHECK(straight.turned == 0);
  const std::string straight_text = text_of(straight);
  REQUIRE(straight_text.find("项目名称") != std::string::npos);
  for (int quads : {1, 3}) {  // turned 90° clockwise, or 270°
    CAPTURE(quads);
    Image turned(pixRotateOrth(upright.get(), quads));
    const ScanPage read = read_scan_page(turned.get(), dpi, 1);
    REQUIRE(read.readable);
    CHECK(read.turned == 360 - 90 * quads);  // turned back
    CHECK(read.page.width == doctest::Approx(straight.page.width).epsilon(0.01));
    CHECK(read.page.height == doctest::Approx(straight.page.height).epsilon(0.01));
    const std::string text = text_of(read);
    CHECK(text.find("项目名称") != std::string::npos);
    CHECK(read.page.chars.size() >= straight.page.chars.size() * 9 / 10);
    CHECK(read.page.chars.size() <= straight.page.chars.size() * 11 / 10);
  }
}

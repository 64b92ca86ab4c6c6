// A scanned page lying on its side (turned a quarter either way) is turned
// back and read as the upright page is (extract/scan_reader: on_its_side,
// then upside_down tells 90 from 270). The page: the first of the scanned
// fixture (150 dpi, skewed, noisy).
#include <doctest/doctest.h>
#include <leptonica/allheaders.h>

#include <memory>
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

// Page `number` of a PDF, rendered as the reader renders it.
Image render(const std::string& path, int number, int dpi) {
  std::string problem;
  Image pix(render_pdf_page(path, number, dpi, problem));
  REQUIRE_MESSAGE(pix, problem);
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

TEST_CASE("scanned page lying on its side, upside down once turned: its probes read with Otsu's threshold too") {
  // A Chromium form on A4 landscape scanned at 150 dpi (noise, paper tone,
  // JPEG), the PDF page lying on its side and upside down once turned a
  // quarter (variant seed 713, page 8): rendered at 300 dpi as PDFs are, its
  // probe cells read with Sauvola's threshold alone came out as garbage both
  // ways, the surer way the wrong one (上党经济技术开发区管理委员会 read as
  // 弥激光本帮发区党天委员匠人交三计全 with 84%, upside down as RE with 89%),
  // and the page was read upside down: the form on it lost.
  const int dpi = 300;
  Image page = render(src("fixtures/scans/turned-noisy-150.pdf"), 1, dpi);
  const ScanPage read = read_scan_page(page.get(), dpi, 1);
  REQUIRE(read.readable);
  CHECK(read.turned == 270);
  const std::string text = text_of(read);
  CHECK(text.find("项目名称") != std::string::npos);
  CHECK(text.find("新兴产业奖补") != std::string::npos);
  CHECK(text.find("上党经济技术开发区管理委员会") != std::string::npos);
}

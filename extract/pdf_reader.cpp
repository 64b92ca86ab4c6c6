#include "extract/pdf_reader.h"

#include <Error.h>
#include <ErrorCodes.h>
#include <GfxFont.h>
#include <GfxState.h>
#include <GlobalParams.h>
#include <OutputDev.h>
#include <PDFDoc.h>
#include <goo/GooString.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>

#include "extract/ideographs.h"
#include "extract/scan_reader.h"
#include "model/errors.h"

namespace perfgoal {
namespace {

// Poppler reports problems through one process-wide callback; while a file
// is read, its messages are collected here (per thread) and become notes.
struct PopplerMessage {
  int page;
  std::string text;
};
thread_local std::vector<PopplerMessage>* t_messages = nullptr;
thread_local int t_page = 0;

void on_poppler_error(ErrorCategory category, Goffset pos, const char* msg) {
  if (!t_messages) return;
  static const char* const names[] = {"syntax warning", "syntax error", "config", "command line",
                                      "I/O error",      "not allowed",  "unimplemented", "internal error"};
  std::string text = "Poppler ";
  text += category >= errSyntaxWarning && category <= errInternal ? names[category] : "error";
  if (pos >= 0) text += " at byte " + std::to_string(pos);
  text += ": ";
  text += msg ? msg : "";
  t_messages->push_back(PopplerMessage{t_page, std::move(text)});
}

void init_poppler() {
  static GlobalParamsIniter initer(on_poppler_error);
  setErrorCallback(on_poppler_error);
}

class MessageScope {
 public:
  explicit MessageScope(std::vector<PopplerMessage>& sink) {
    t_messages = &sink;
    t_page = 0;
  }
  ~MessageScope() { t_messages = nullptr; }
};

// Could this code point stand in a Chinese budget form? ASCII, CJK
// ideographs and punctuation, full-width forms, and the few symbols forms
// use. A font without a ToUnicode map decodes through its encoding into
// Latin-1 letters and WinAnsi symbols (ÀÆ€‚ƒ), private-use or control
// codes: a page made mostly of those has a damaged text layer.
bool plausible(char32_t c) {
  if (c >= 0x20 && c < 0x7F) return true;
  if (c >= 0x2E80 && c <= 0x9FFF) return true;    // radicals, CJK punctuation, kana, ideographs
  if (c >= 0xF900 && c <= 0xFAFF) return true;    // compatibility ideographs
  if (c >= 0xFE30 && c <= 0xFE4F) return true;    // CJK compatibility forms
  if (c >= 0xFF00 && c <= 0xFFEF) return true;    // full-width forms
  if (c >= 0x20000 && c <= 0x3FFFF) return true;  // ideographs, extensions
  if (c >= 0x2010 && c <= 0x2027) return true;    // dashes, quotes, ellipsis
  if (c >= 0x2160 && c <= 0x217F) return true;    // Roman numerals
  if (c >= 0x2460 && c <= 0x24FF) return true;    // circled numbers
  switch (c) {
    case 0xA0: case 0xB0: case 0xB1: case 0xB7: case 0xD7: case 0xF7: case 0x2030: case 0x2103: case 0x2116:
    case 0x2264: case 0x2265: case 0x2260: case 0x2248: case 0x2252: case 0x2266: case 0x2267: case 0x25CB:
    case 0x25CF: case 0x25A1: case 0x25A0: case 0x221A: case 0x2192:
      return true;
    default:
      return false;
  }
}

bool is_white(const GfxRGB& rgb) {
  return colToDbl(rgb.r) > 0.95 && colToDbl(rgb.g) > 0.95 && colToDbl(rgb.b) > 0.95;
}

// Collects what a page draws: characters with boxes, ruling lines, image area.
class PageCollector : public OutputDev {
 public:
  bool upsideDown() override { return true; }  // origin top-left, like the model's boxes
  bool useDrawChar() override { return true; }
  bool interpretType3Chars() override { return false; }
  bool needNonText() override { return true; }

  void begin(int number) {
    page_ = PdfPage{};
    page_.number = number;
    glyphs_.clear();
    raw_rules_.clear();
    unmapped_ = 0;
    undecodable_ = 0;
    largest_image_ = 0;
  }
  // The page in the direction of its text: the direction most characters'
  // baselines take (whatever /Rotate and the text matrices make it) becomes
  // left to right, and the page, its characters and its rules are turned so.
  PdfPage take() {
    int count[4] = {0, 0, 0, 0};
    for (const auto& g : glyphs_) ++count[g.direction];
    const int d = static_cast<int>(std::max_element(count, count + 4) - count);
    page_.rotation = d * 90;
    // Unit vectors of the turned page's x (along the baseline) and y (down
    // the lines), in device space (y down).
    static const double ux[4] = {1, 0, -1, 0}, uy[4] = {0, 1, 0, -1};
    const double ax = ux[d], ay = uy[d], vx = -uy[d], vy = ux[d];
    const double w = page_.width, h = page_.height;
    const double cx[4] = {0, w, 0, w}, cy[4] = {0, 0, h, h};
    double ox = 0, oy = 0;
    for (int k = 0; k < 4; ++k) {
      ox = std::min(ox, cx[k] * ax + cy[k] * ay);
      oy = std::min(oy, cx[k] * vx + cy[k] * vy);
    }
    auto turn = [&](double x, double y, double& tx, double& ty) {
      tx = x * ax + y * ay - ox;
      ty = x * vx + y * vy - oy;
    };
    if (d % 2) std::swap(page_.width, page_.height);
    for (const auto& g : glyphs_) {
      double bx, by;
      turn(g.x, g.y, bx, by);
      const double dx = g.dx * ax + g.dy * ay;  // the advance along the new x
      double x0 = std::min(bx, bx + dx), x1 = std::max(bx, bx + dx);
      if (x1 - x0 < 0.01) x1 = x0 + 0.5 * g.size;
      const double step = (x1 - x0) / static_cast<double>(g.codes.size());
      for (size_t k = 0; k < g.codes.size(); ++k) {
        PdfChar c;
        c.code = g.codes[k];
        c.x0 = x0 + step * static_cast<double>(k);
        c.x1 = c.x0 + step;
        c.y0 = by - g.ascent * g.size;
        c.y1 = by - g.descent * g.size;
        c.size = g.size;
        page_.chars.push_back(c);
      }
    }
    for (const auto& r : raw_rules_) {
      double x0, y0, x1, y1;
      turn(r.x0, r.y0, x0, y0);
      turn(r.x1, r.y1, x1, y1);
      page_.rules.push_back(PdfRule{std::min(x0, x1), std::min(y0, y1), std::max(x0, x1), std::max(y0, y1)});
    }
    // A text layer that decodes to nothing readable: characters without a
    // Unicode mapping, private-use code points, U+FFFD, control characters.
    const size_t total = glyphs_.size() + static_cast<size_t>(unmapped_);
    page_.glyphs = static_cast<int>(total);
    page_.undecodable = unmapped_ + undecodable_;
    page_.text_damaged = total >= 20 && 2 * static_cast<size_t>(page_.undecodable) > total;
    if (page_.text_damaged) page_.chars.clear();
    return std::move(page_);
  }
  int unmapped() const { return unmapped_; }

  void startPage(int, GfxState* state, XRef*) override {
    page_.width = state->getPageWidth();
    page_.height = state->getPageHeight();
  }

  void drawChar(GfxState* state, double x, double y, double dx, double dy, double, double, CharCode code, int nBytes,
                const Unicode* u, int uLen) override {
    if (uLen <= 0 || !u) {
      ++unmapped_;
      return;
    }
    // As Poppler's TextOutputDev: the advance without char and word spacing.
    double spacing = state->getCharSpace();
    if (code == 0x20 && nBytes == 1) spacing += state->getWordSpace();
    double sx, sy;
    state->textTransformDelta(spacing * state->getHorizScaling(), 0, &sx, &sy);
    dx -= sx;
    dy -= sy;
    Glyph g;
    state->transform(x, y, &g.x, &g.y);
    state->transformDelta(dx, dy, &g.dx, &g.dy);
    // The baseline's direction on the page: the text matrix's x axis.
    const double* tm = state->getTextMat();
    double bx, by;
    state->transformDelta(tm[0], tm[1], &bx, &by);
    if (std::fabs(bx) >= std::fabs(by))
      g.direction = bx >= 0 ? 0 : 2;
    else
      g.direction = by >= 0 ? 1 : 3;
    g.size = state->getTransformedFontSize();
    if (const auto& font = state->getFont()) {
      if (font->getAscent() > 0.2 && font->getAscent() < 1.3) g.ascent = font->getAscent();
      if (font->getDescent() < 0 && font->getDescent() > -0.8) g.descent = font->getDescent();
    }
    for (int k = 0; k < uLen; ++k) {
      const char32_t c = static_cast<char32_t>(u[k]);
      if (!plausible(c)) ++undecodable_;
      g.codes.push_back(unified_ideograph(c));
    }
    glyphs_.push_back(std::move(g));
  }

  void stroke(GfxState* state) override {
    GfxRGB rgb;
    state->getStrokeRGB(&rgb);
    if (is_white(rgb)) return;
    const GfxPath* path = state->getPath();
    for (int s = 0; s < path->getNumSubpaths(); ++s) {
      const GfxSubpath* sub = path->getSubpath(s);
      for (int k = 1; k < sub->getNumPoints(); ++k) {
        if (sub->getCurve(k) || sub->getCurve(k - 1)) continue;
        double ax, ay, bx, by;
        state->transform(sub->getX(k - 1), sub->getY(k - 1), &ax, &ay);
        state->transform(sub->getX(k), sub->getY(k), &bx, &by);
        add_rule(ax, ay, bx, by);
      }
    }
  }

  void fill(GfxState* state) override { fill_rules(state); }
  void eoFill(GfxState* state) override { fill_rules(state); }

  void drawImageMask(GfxState* state, Object* ref, Stream* str, int width, int height, bool invert, bool interpolate,
                     bool inlineImg) override {
    add_image(state, width);
    OutputDev::drawImageMask(state, ref, str, width, height, invert, interpolate, inlineImg);
  }
  void drawImage(GfxState* state, Object* ref, Stream* str, int width, int height, GfxImageColorMap* colorMap,
                 bool interpolate, const int* maskColors, bool inlineImg) override {
    add_image(state, width);
    OutputDev::drawImage(state, ref, str, width, height, colorMap, interpolate, maskColors, inlineImg);
  }
  void drawMaskedImage(GfxState* state, Object*, Stream*, int width, int, GfxImageColorMap*, bool, Stream*, int, int,
                       bool, bool) override {
    add_image(state, width);
  }
  void drawSoftMaskedImage(GfxState* state, Object*, Stream*, int width, int, GfxImageColorMap*, bool, Stream*, int,
                           int, GfxImageColorMap*, bool) override {
    add_image(state, width);
  }

 private:
  // A drawn character as Poppler gives it, in device space, before the page
  // is turned to its text's direction.
  struct Glyph {
    double x = 0, y = 0, dx = 0, dy = 0;  // origin and advance
    double size = 0, ascent = 0.95, descent = -0.35;
    int direction = 0;  // baseline: 0 rightwards, 1 down, 2 leftwards, 3 up
    std::vector<char32_t> codes;
  };
  PdfPage page_;
  std::vector<Glyph> glyphs_;
  std::vector<PdfRule> raw_rules_;
  int unmapped_ = 0;
  int undecodable_ = 0;
  double largest_image_ = 0;

  void add_rule(double ax, double ay, double bx, double by) {
    const double dx = std::fabs(bx - ax), dy = std::fabs(by - ay);
    if (dy < 0.5 && dx > dy) {
      double y = (ay + by) / 2;
      raw_rules_.push_back(PdfRule{std::min(ax, bx), y, std::max(ax, bx), y});
    } else if (dx < 0.5 && dy > dx) {
      double x = (ax + bx) / 2;
      raw_rules_.push_back(PdfRule{x, std::min(ay, by), x, std::max(ay, by)});
    }
  }

  // Filled rectangles: thin ones are rules (many producers draw borders so).
  void fill_rules(GfxState* state) {
    GfxRGB rgb;
    state->getFillRGB(&rgb);
    if (is_white(rgb)) return;
    const GfxPath* path = state->getPath();
    for (int s = 0; s < path->getNumSubpaths(); ++s) {
      const GfxSubpath* sub = path->getSubpath(s);
      const int n = sub->getNumPoints();
      if (n < 4 || n > 5) continue;
      double xs[5], ys[5];
      bool curved = false;
      for (int k = 0; k < n; ++k) {
        curved = curved || sub->getCurve(k);
        state->transform(sub->getX(k), sub->getY(k), &xs[k], &ys[k]);
      }
      if (curved) continue;
      double x0 = *std::min_element(xs, xs + n), x1 = *std::max_element(xs, xs + n);
      double y0 = *std::min_element(ys, ys + n), y1 = *std::max_element(ys, ys + n);
      bool rectangle = true;
      for (int k = 0; k < n; ++k)
        rectangle = rectangle && (std::fabs(xs[k] - x0) < 0.2 || std::fabs(xs[k] - x1) < 0.2) &&
                    (std::fabs(ys[k] - y0) < 0.2 || std::fabs(ys[k] - y1) < 0.2);
      if (!rectangle) continue;
      const double w = x1 - x0, h = y1 - y0;
      if (h <= 3 && w > 2 * h)
        raw_rules_.push_back(PdfRule{x0, (y0 + y1) / 2, x1, (y0 + y1) / 2});
      else if (w <= 3 && h > 2 * w)
        raw_rules_.push_back(PdfRule{(x0 + x1) / 2, y0, (x0 + x1) / 2, y1});
    }
  }

  void add_image(GfxState* state, int pixels_wide) {
    double xs[4], ys[4];
    state->transform(0, 0, &xs[0], &ys[0]);
    state->transform(1, 0, &xs[1], &ys[1]);
    state->transform(0, 1, &xs[2], &ys[2]);
    state->transform(1, 1, &xs[3], &ys[3]);
    double x0 = std::max(0.0, *std::min_element(xs, xs + 4)), x1 = std::min(page_.width, *std::max_element(xs, xs + 4));
    double y0 = std::max(0.0, *std::min_element(ys, ys + 4)), y1 = std::min(page_.height, *std::max_element(ys, ys + 4));
    if (x1 > x0 && y1 > y0) {
      const double area = (x1 - x0) * (y1 - y0);
      if (area > largest_image_) {
        largest_image_ = area;
        const double drawn = *std::max_element(xs, xs + 4) - *std::min_element(xs, xs + 4);
        if (drawn > 0) page_.image_dpi = pixels_wide / (drawn / 72.0);
      }
      page_.image_area += area;
    }
  }
};

// A complete PDF ends with %%EOF (possibly followed by a little white space
// or junk); one cut short in a copy or a download does not.
bool ends_with_eof_marker(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return false;
  std::streamoff size = in.tellg();
  std::streamoff tail = std::min<std::streamoff>(size, 2048);
  in.seekg(size - tail);
  std::string buf(static_cast<size_t>(tail), '\0');
  in.read(buf.data(), tail);
  return buf.find("%%EOF") != std::string::npos;
}

std::string page_list(const std::vector<int>& pages) {
  std::string out;
  for (size_t i = 0; i < pages.size(); ++i) {
    size_t j = i;
    while (j + 1 < pages.size() && pages[j + 1] == pages[j] + 1) ++j;
    if (!out.empty()) out += ", ";
    out += std::to_string(pages[i]);
    if (j > i) out += "–" + std::to_string(pages[j]);
    i = j;
  }
  return out;
}

std::vector<PdfPage> collect_pages(const std::filesystem::path& path, const std::string& file,
                                   std::vector<ReaderNote>& notes, const Limits& limits = {}) {
  init_poppler();
  std::vector<PopplerMessage> messages;
  MessageScope scope(messages);

  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) throw InputError(file, "cannot open: " + ec.message());
  if (size == 0) throw InputError(file, "empty file (0 bytes), not a PDF");
  if (!ends_with_eof_marker(path))
    throw InputError(file, "truncated PDF: the file ends without the %%EOF marker (an incomplete copy or download?)");

  bool reconstructed = false;
  auto doc = std::make_unique<PDFDoc>(std::make_unique<GooString>(path.string()), std::optional<GooString>{},
                                      std::optional<GooString>{}, nullptr, [&] { reconstructed = true; });
  if (!doc->isOk()) {
    std::string why;
    switch (doc->getErrorCode()) {
      case errEncrypted:
        throw InputError(file, "encrypted PDF: it needs a password to open (decrypt it first, e.g. qpdf --decrypt "
                               "--password=… in.pdf out.pdf)");
      case errOpenFile:
        throw InputError(file, "cannot open: " + std::string(std::strerror(doc->getFopenErrno())));
      case errBadCatalog: why = "its page catalog cannot be read"; break;
      case errDamaged: why = "its structure cannot be read"; break;
      default: why = "Poppler error code " + std::to_string(doc->getErrorCode()); break;
    }
    if (!messages.empty()) why += " (" + messages.front().text + ")";
    throw InputError(file, "damaged PDF: " + why);
  }
  if (reconstructed)
    notes.push_back(ReaderNote{"the PDF's cross-reference table is damaged; Poppler rebuilt it (check the result)", 0, 0});

  const int count = doc->getNumPages();
  if (count <= 0) throw InputError(file, "damaged PDF: no pages");
  if (count > limits.max_pages)
    throw InputError(file, "the PDF has " + std::to_string(count) + " pages, over the limit of " +
                               std::to_string(limits.max_pages) + " (--max-pages)");
  std::vector<PdfPage> pages;
  pages.reserve(static_cast<size_t>(count));
  PageCollector collector;
  std::vector<int> unmapped_pages;
  for (int i = 1; i <= count; ++i) {
    check_deadline(limits, file, 0, i);
    t_page = i;
    collector.begin(i);
    doc->displayPage(&collector, i, 72, 72, 0, false, true, false);
    if (collector.unmapped() > 0) unmapped_pages.push_back(i);
    pages.push_back(collector.take());
  }
  t_page = 0;
  // Text in a font whose maps are missing is not drawn at all: say why
  // before anything else (the pages would otherwise look blank).
  for (const auto& m : messages) {
    std::string why = missing_font_data(m.text);
    if (why.empty()) continue;
    const bool any_text = std::any_of(pages.begin(), pages.end(), [](const PdfPage& p) { return !p.chars.empty(); });
    if (!any_text) throw InputError(file, why);
    notes.insert(notes.begin(), ReaderNote{why + "; text in that font was left out", 0, m.page});
    break;
  }
  if (!unmapped_pages.empty())
    notes.push_back(ReaderNote{"characters whose font gives no Unicode text were left out on pages " +
                                   page_list(unmapped_pages),
                               0, unmapped_pages.front()});
  // Poppler's messages, each once, at most ten.
  std::map<std::string, int> seen;
  int shown = 0;
  for (const auto& m : messages) {
    if (seen[m.text]++) continue;
    if (++shown > 10) break;
    notes.push_back(ReaderNote{m.text, 0, m.page});
  }
  if (shown > 10) notes.push_back(ReaderNote{"more Poppler messages left out", 0, 0});
  return pages;
}

}  // namespace

std::string missing_font_data(std::string_view poppler_message) {
  static constexpr std::string_view kMissing = "Missing language pack for '";
  const size_t at = poppler_message.find(kMissing);
  if (at == std::string_view::npos) return "";
  std::string_view collection = poppler_message.substr(at + kMissing.size());
  collection = collection.substr(0, collection.find('\''));
  return "the PDF's fonts are not embedded and the character maps for their collection ('" +
         std::string(collection) +
         "') are not installed: Poppler cannot decode its text (install Debian's poppler-data)";
}

std::vector<PdfPage> read_pdf_pages(const std::filesystem::path& path, std::vector<ReaderNote>& notes) {
  return collect_pages(path, path.filename().string(), notes);
}

// A text layer that decodes to garbage (private-use or control codes, U+FFFD
// where a font has no usable Unicode map): the page is read as an image.
bool text_layer_damaged(const PdfPage& page) {
  if (page.chars.empty()) return false;
  size_t bad = 0;
  for (const auto& c : page.chars)
    if ((c.code >= 0xE000 && c.code <= 0xF8FF) || c.code < 0x20 || c.code == 0xFFFD || (c.code >= 0x7F && c.code < 0xA0))
      ++bad;
  return bad * 10 > page.chars.size() * 3;
}

CellDocument read_pdf_file(const std::filesystem::path& path, const ReadOptions& options) {
  CellDocument doc;
  doc.file = path.filename().string();
  doc.format = "pdf";
  std::vector<PdfPage> pages = collect_pages(path, doc.file, doc.notes, options.limits);

  // Pages read by OCR: with --ocr auto, scans (an image covers a page with no
  // text) and pages whose text layer is garbage; with --ocr always, all.
  if (options.ocr != OcrMode::never) {
    std::vector<PdfPage> read;
    for (auto& p : pages) {
      const bool scan = p.chars.empty() && p.image_area > 0.25 * p.width * p.height;
      const bool damaged = p.text_damaged || text_layer_damaged(p);
      if (options.ocr == OcrMode::always || scan || damaged) {
        check_deadline(options.limits, doc.file, 0, p.number);
        if (damaged && options.ocr != OcrMode::always)
          doc.notes.push_back(ReaderNote{"page " + std::to_string(p.number) +
                                             ": its text layer does not decode to text; the page is read by OCR",
                                         0, p.number});
        if (scan && p.image_dpi > 0 && p.image_dpi < 100) {
          doc.notes.push_back(ReaderNote{"page " + std::to_string(p.number) + " (scanned): its image has " +
                                             std::to_string(static_cast<int>(std::lround(p.image_dpi))) +
                                             " dpi, too few to read by OCR (at least 100 dpi); not read",
                                         0, p.number});
          continue;
        }
        add_scan_page(doc, read, read_pdf_page_by_ocr(path, p.number, options.ocr_dpi), options.ocr_dpi);
      } else {
        read.push_back(std::move(p));
      }
    }
    if (read.empty()) {
      if (!doc.notes.empty()) {
        const ReaderNote& why = doc.notes.back();
        throw InputError(doc.file, why.message, 0, why.page);
      }
      throw InputError(doc.file, "the PDF has no page that can be read");
    }
    doc.rows = lay_out_pages(read);
    return doc;
  }

  // Pages with no text: scans (an image covers them) are reported; so are
  // pages whose text layer decodes to garbage. A file with nothing else is
  // an error, never an empty result.
  std::vector<int> scanned, blank, damaged;
  for (const auto& p : pages) {
    PageStatus status{p.number, PageText::readable, p.rotation};
    if (p.text_damaged) {
      status.text = PageText::damaged;
      damaged.push_back(p.number);
    } else if (p.chars.empty()) {
      status.text = p.image_area > 0.25 * p.width * p.height ? PageText::image_only : PageText::blank;
      (status.text == PageText::image_only ? scanned : blank).push_back(p.number);
    }
    doc.pages.push_back(status);
  }
  auto damage = [&](const PdfPage& p) {
    return std::to_string(p.undecodable) + " of its " + std::to_string(p.glyphs) +
           " characters have no usable Unicode text (fonts without a ToUnicode map, private-use code points)";
  };
  if (scanned.size() + blank.size() + damaged.size() == pages.size()) {
    if (!damaged.empty()) {
      const PdfPage& first = pages[static_cast<size_t>(damaged.front() - 1)];
      throw InputError(doc.file, "damaged text layer: " +
                                     (damaged.size() > 1 ? "on pages " + page_list(damaged) + " (page " +
                                                               std::to_string(first.number) + ": " + damage(first) + ")"
                                                         : "on page " + page_list(damaged) + " " + damage(first)) +
                                     "; the text cannot be read, the pages need OCR",
                       0, damaged.front());
    }
    if (!scanned.empty())
      throw InputError(doc.file, "image-only (scanned) PDF: " +
                                     (scanned.size() > 1 ? "pages " + page_list(scanned) + " hold"
                                                         : "page " + page_list(scanned) + " holds") +
                                     " no text, only images; it is read only by OCR, and --ocr never was given",
                       0, scanned.front());
    throw InputError(doc.file, "the PDF has no text on any page");
  }
  for (int p : scanned)
    doc.notes.push_back(ReaderNote{"page " + std::to_string(p) +
                                       " holds no text, only an image (a scanned page?): not read (--ocr never)",
                                   0, p});
  for (int p : damaged)
    doc.notes.push_back(ReaderNote{"page " + std::to_string(p) + ": damaged text layer, " +
                                       damage(pages[static_cast<size_t>(p - 1)]) + ": not read; it needs OCR",
                                   0, p});
  doc.rows = lay_out_pages(pages);
  return doc;
}

}  // namespace perfgoal

#include "extract/scan_reader.h"

#include <dlfcn.h>
#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <algorithm>
#include <tuple>
#include <chrono>
#include <cctype>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <mutex>

#include "extract/ideographs.h"
#include "extract/ocr_text.h"
#include "extract/scan_lines.h"
#include "model/errors.h"
#include "model/text_safety.h"

namespace perfgoal {
namespace {

// Leptonica objects freed when they go out of scope.
struct PixDel {
  void operator()(Pix* p) const { pixDestroy(&p); }
};
using PixPtr = std::unique_ptr<Pix, PixDel>;
struct BoxaDel {
  void operator()(Boxa* b) const { boxaDestroy(&b); }
};
using BoxaPtr = std::unique_ptr<Boxa, BoxaDel>;
struct PixaDel {
  void operator()(Pixa* p) const { pixaDestroy(&p); }
};
using PixaPtr = std::unique_ptr<Pixa, PixaDel>;
struct NumaDel {
  void operator()(Numa* n) const { numaDestroy(&n); }
};
using NumaPtr = std::unique_ptr<Numa, NumaDel>;
using LBox = ::Box;  // Leptonica's box (perfgoal::Box is the model's)
struct BoxDel {
  void operator()(LBox* b) const { boxDestroy(&b); }
};
using LBoxPtr = std::unique_ptr<LBox, BoxDel>;

// Where PERFGOAL_OCR_DEBUG writes its images: the folder it names (an
// absolute path), else /tmp/ocr.
std::string debug_dir() {
  const char* d = std::getenv("PERFGOAL_OCR_DEBUG");
  return d && d[0] == '/' ? std::string(d) : std::string("/tmp/ocr");
}

// PERFGOAL_OCR_DEBUG set: the reader says on stderr what it tried (trace)
// and writes its images to debug_dir().
bool debugging() {
  static const bool on = std::getenv("PERFGOAL_OCR_DEBUG") != nullptr;
  return on;
}

// One line of what the reader tried, on stderr, when debugging.
[[gnu::format(printf, 1, 2)]] void trace(const char* format, ...) {
  if (!debugging()) return;
  va_list args;
  va_start(args, format);
  std::vfprintf(stderr, format, args);
  va_end(args);
}

void quiet_leptonica() {
  static std::once_flag once;
  std::call_once(once, [] { setMsgSeverity(L_SEVERITY_NONE); });
}

// Tesseract's binarization: Sauvola's local threshold ("2"); with the global
// Otsu threshold ("0") a blurred scan's bold labels on grey paper came out as
// no text at all. A reading it is unsure of is read again with Otsu's, and
// the surer reading kept.
constexpr const char* kThreshold = "2";
constexpr const char* kSecondThreshold = "0";
constexpr float kSecondReading = 95;  // mean confidence below which a cell is read again

// Tesseract runs OpenMP threads inside each page; perfgoal spreads inputs
// over cores itself (-j), and both at once fight over the cores. Unless
// OMP_THREAD_LIMIT says otherwise, every OpenMP region the calling thread
// starts runs on that thread alone (no region is active: the same as
// OMP_THREAD_LIMIT=1). OpenMP keeps this setting per thread, so each thread
// that reads scans sets it; looked up by name, as the runtime is Tesseract's.
void one_openmp_thread() {
  thread_local bool done = false;
  if (done) return;
  done = true;
  if (std::getenv("OMP_THREAD_LIMIT")) return;
  if (auto set = reinterpret_cast<void (*)(int)>(dlsym(RTLD_DEFAULT, "omp_set_max_active_levels"))) set(0);
}

// One Tesseract instance per thread and language, made on first use: loading
// the model costs more than reading a page's cells.
tesseract::TessBaseAPI& engine(const char* language) {
  one_openmp_thread();
  struct Engines {
    std::unique_ptr<tesseract::TessBaseAPI> chi, digits;
  };
  thread_local Engines engines;
  const bool digits = std::strcmp(language, "eng") == 0;
  auto& slot = digits ? engines.digits : engines.chi;
  if (!slot) {
    auto api = std::make_unique<tesseract::TessBaseAPI>();
    // No word lists (names and numbers are not dictionary words; loading them
    // costs time), and no second reading of each line as inverted text.
    std::vector<std::string> names{"load_system_dawg", "load_freq_dawg", "load_punc_dawg", "load_number_dawg"};
    std::vector<std::string> values(names.size(), "0");
    if (api->Init(nullptr, language, tesseract::OEM_LSTM_ONLY, nullptr, 0, &names, &values, false) != 0)
      throw std::runtime_error(std::string("Tesseract cannot load its ") + language +
                               " model (Debian: tesseract-ocr-" + (digits ? "eng" : "chi-sim") + ")");
    api->SetVariable("debug_file", "/dev/null");
    api->SetVariable("tessedit_do_invert", "0");
    if (digits) api->SetVariable("tessedit_char_whitelist", "0123456789,.-%");
    // Each character's other choices from the LSTM's CTC search (mode 2),
    // one search (more change the confidences; one leaves the reading and
    // its confidences as without them): per-symbol evidence for the review.
    api->SetVariable("lstm_choice_mode", "2");
    api->SetVariable("lstm_choice_iterations", "1");
    slot = std::move(api);
  }
  return *slot;
}

// An OCR'd character in the coordinates of the image it was read from.
struct Glyph {
  std::string text;  // UTF-8, one symbol
  int x0, y0, x1, y1;        // symbol box
  int line_y0, line_y1;      // its text line's top and bottom
  float confidence;
  int line = 0;              // which text line of the reading (0, 1, ...)
  // The engine's strongest other choice for this symbol and its confidence
  // (ChoiceIterator, 0-100); empty when it gave none.
  std::string alternative;
  float alternative_confidence = 0;
};

// Calls and seconds per kind of reading (PERFGOAL_OCR_DEBUG).
std::map<std::string, std::pair<int, double>>& recognize_stats() {
  thread_local std::map<std::string, std::pair<int, double>> stats;
  return stats;
}

// The engine's strongest choice for the symbol at `it` other than `read`,
// and its confidence; none when its choices are not the symbol's (the
// CTC search's list can stand one symbol off the text: its first choice is
// then another character than the one read).
std::pair<std::string, float> other_choice(const tesseract::ResultIterator& it, const std::string& read) {
  tesseract::ChoiceIterator choices(it);
  const char* first = choices.GetUTF8Text();
  if (!first || read != first) return {};
  std::pair<std::string, float> best;
  while (choices.Next()) {
    const char* text = choices.GetUTF8Text();
    if (!text || !*text || read == text || text[0] == ' ') continue;
    if (best.first.empty() || choices.Confidence() > best.second) best = {text, choices.Confidence()};
  }
  return best;
}

// Reads `pix` (grey) as one block or one line; glyphs in pix coordinates.
std::vector<Glyph> recognize(Pix* pix, int dpi, const char* language, tesseract::PageSegMode mode,
                             const char* threshold = nullptr) {
  struct Timer {
    std::string key;
    std::chrono::steady_clock::time_point t0 = std::chrono::steady_clock::now();
    ~Timer() {
      if (!debugging()) return;
      auto& s = recognize_stats()[key];
      s.first += 1;
      s.second += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
  } timer{std::string(language) + (threshold ? threshold : kThreshold) + (mode == tesseract::PSM_SINGLE_LINE ? " line" : " block") +
          " h" + std::to_string(pixGetHeight(pix) / 50 * 50)};
  tesseract::TessBaseAPI& api = engine(language);
  api.SetVariable("thresholding_method", threshold ? threshold : kThreshold);
  api.SetPageSegMode(mode);
  api.SetImage(pix);
  api.SetSourceResolution(dpi);
  std::vector<Glyph> out;
  if (api.Recognize(nullptr) != 0) return out;
  std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
  if (!it) return out;
  int ly0 = 0, ly1 = 0, line = -1;
  do {
    if (it->Empty(tesseract::RIL_SYMBOL)) continue;
    if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE)) {
      ++line;
      int a, b, c, d;
      if (it->BoundingBox(tesseract::RIL_TEXTLINE, &a, &b, &c, &d)) {
        ly0 = b;
        ly1 = d;
      }
    }
    std::unique_ptr<char[]> text(it->GetUTF8Text(tesseract::RIL_SYMBOL));
    if (!text || !text[0]) continue;
    Glyph g;
    g.text = text.get();
    if (!it->BoundingBox(tesseract::RIL_SYMBOL, &g.x0, &g.y0, &g.x1, &g.y1)) continue;
    g.line_y0 = std::min(ly0, g.y0);
    g.line_y1 = std::max(ly1, g.y1);
    g.confidence = it->Confidence(tesseract::RIL_SYMBOL);
    g.line = std::max(line, 0);
    std::tie(g.alternative, g.alternative_confidence) = other_choice(*it, g.text);
    out.push_back(std::move(g));
  } while (it->Next(tesseract::RIL_SYMBOL));
  api.Clear();
  return out;
}

// Reads `pix` scaled to half its size (a lone glyph Tesseract finds nothing
// in, a short value it is unsure of); the glyphs' boxes scaled back to pix.
std::vector<Glyph> recognize_at_half_size(Pix* pix, int dpi, tesseract::PageSegMode mode) {
  PixPtr half(pixScaleAreaMap(pix, 0.5f, 0.5f));
  if (!half) return {};
  std::vector<Glyph> glyphs = recognize(half.get(), dpi / 2, "chi_sim", mode);
  for (auto& g : glyphs) g.x0 *= 2, g.x1 *= 2, g.y0 *= 2, g.y1 *= 2, g.line_y0 *= 2, g.line_y1 *= 2;
  return glyphs;
}

float mean_confidence(const std::vector<Glyph>& glyphs) {
  if (glyphs.empty()) return 0;
  double sum = 0;
  for (const auto& g : glyphs) sum += g.confidence;
  return static_cast<float>(sum / static_cast<double>(glyphs.size()));
}

std::string text_of(const std::vector<Glyph>& glyphs) {
  std::string s;
  for (const auto& g : glyphs) s += g.text;
  return s;
}

// Does the first reading look like a number (an amount, a count)? Allows
// what the Chinese model makes of digits' neighbours (，。 for , .).
bool looks_numeric(const std::string& s) {
  int digits = 0, other = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= '0' && c <= '9') {
      ++digits;
      ++i;
    } else if (c == ',' || c == '.' || c == '-' || c == '%' || c == ' ') {
      ++i;
    } else if (s.compare(i, 3, "，") == 0 || s.compare(i, 3, "。") == 0 || s.compare(i, 3, "．") == 0) {
      i += 3;
    } else {
      ++other;
      i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    }
  }
  return digits > 0 && other == 0;
}

// A number read as "5300.000" or "5,300.000": a dot followed by three digits
// and nothing else, where the digits before it are grouped (or a group is
// longer than three) is more likely a thousands comma misread. Not changed:
// the cell's confidence is lowered so that a person checks it.
bool doubtful_separator(const std::string& s) {
  size_t dot = s.rfind('.');
  if (dot == std::string::npos || s.size() - dot - 1 != 3) return false;
  for (size_t i = dot + 1; i < s.size(); ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

constexpr float kDoubtful = 40;  // confidence given to a reading with a doubtful separator
constexpr size_t kShortReading = 10;  // glyphs (a number joined counts as one)
// A value's reading, a glyph each: a sign, a number's digits and a unit
// (≥1,000万元): Tesseract's boxes of its digits are to be trusted only there
// (in a long line they drift: a date's digits came out half as tall).
constexpr size_t kValueGlyphs = 12;

// Converts glyphs read from a crop at (ox, oy) of the page image into the
// page's characters, in points.
void add_glyphs(std::vector<PdfChar>& chars, const std::vector<Glyph>& glyphs, int ox, int oy, int dpi,
                float cap = 100) {
  const double k = 72.0 / dpi;
  // Tesseract's order within a line is the reading order; its symbol boxes
  // are estimates that may overlap ("100%" must not become "10%0"), so they
  // are kept in that order from left to right.
  // A line's glyphs also get the line's top and bottom (a glyph reaching out
  // of its line's box must not start a line of its own).
  std::vector<std::pair<int, int>> line_box;
  for (const auto& g : glyphs) {
    if (static_cast<size_t>(g.line) >= line_box.size()) line_box.resize(static_cast<size_t>(g.line) + 1, {INT32_MAX, INT32_MIN});
    auto& lb = line_box[static_cast<size_t>(g.line)];
    lb.first = std::min(lb.first, g.line_y0), lb.second = std::max(lb.second, g.line_y1);
  }
  int prev_x = -1, prev_line = -1;
  for (Glyph g : glyphs) {
    if (g.line == prev_line && g.x0 <= prev_x) {
      const int width = g.x1 - g.x0;
      g.x0 = prev_x + 1;
      g.x1 = std::max(g.x1, g.x0 + std::max(1, width));
    }
    prev_x = g.x0;
    prev_line = g.line;
    g.line_y0 = line_box[static_cast<size_t>(g.line)].first;
    g.line_y1 = line_box[static_cast<size_t>(g.line)].second;
    const std::u32string codes = decode_utf8(g.text);
    if (codes.empty()) continue;
    const double x0 = (ox + g.x0) * k, x1 = (ox + g.x1) * k;
    const double step = (x1 - x0) / static_cast<double>(codes.size());
    for (size_t j = 0; j < codes.size(); ++j) {
      if (codes[j] == U' ') continue;
      PdfChar c;
      c.code = unified_ideograph(codes[j]);
      c.x0 = x0 + step * static_cast<double>(j);
      c.x1 = c.x0 + step;
      c.y0 = (oy + g.line_y0) * k;
      c.y1 = (oy + g.line_y1) * k;
      c.size = std::max(1.0, c.y1 - c.y0);
      c.confidence = std::min(g.confidence, cap);
      // The other choice, where the symbol is one character read as the
      // engine gave it (not one the reader put in its place).
      if (codes.size() == 1 && !g.alternative.empty()) {
        const std::u32string other = decode_utf8(g.alternative);
        if (other.size() == 1) c.alternative = other[0], c.alternative_confidence = g.alternative_confidence;
      }
      chars.push_back(c);
    }
  }
}

int count_ink(Pix* binary, int x, int y, int w, int h) {
  LBoxPtr b(boxCreate(x, y, w, h));
  l_int32 n = 0;
  pixCountPixelsInRect(binary, b.get(), &n, nullptr);
  return n;
}

PixPtr crop(Pix* pix, int x, int y, int w, int h) {
  LBoxPtr b(boxCreate(x, y, w, h));
  return PixPtr(pixClipRectangle(pix, b.get(), nullptr));
}

// A comparison sign at the start of a value ("≥90%", "≤1598.31万元"): the
// Chinese model has no letter for ≥ and ≤ (they come out as 之 委 和肥 ...),
// so the first glyph of such a cell is recognised by its shape instead: a
// chevron (its tip, the rows' ink furthest right or left, half-way down: >
// <; in the upper part with a bar or a second stroke below: ≥ ≤), or two
// flat bars (=). `sign` is 1 bpp, cropped to its ink.
struct SignGuess {
  const char* text = nullptr;  // UTF-8, nullptr when the glyph is no sign
  float confidence = 0;
};

SignGuess classify_sign(Pix* sign) {
  const int w = static_cast<int>(pixGetWidth(sign)), h = static_cast<int>(pixGetHeight(sign));
  SignGuess none;
  if (w < 4 || h < 5 || w > 3 * h || h > 3 * w) return none;
  std::vector<double> mean(static_cast<size_t>(h), -1);
  std::vector<int> span(static_cast<size_t>(h), 0);
  const l_uint32* data = pixGetData(sign);
  const int wpl = pixGetWpl(sign);
  for (int y = 0; y < h; ++y) {
    const l_uint32* line = data + static_cast<ptrdiff_t>(y) * wpl;
    double sum = 0;
    int n = 0, lo = w, hi = -1;
    for (int x = 0; x < w; ++x)
      if (GET_DATA_BIT(line, x)) sum += x, ++n, lo = std::min(lo, x), hi = std::max(hi, x);
    if (n) mean[static_cast<size_t>(y)] = (sum / n + 0.5) / w, span[static_cast<size_t>(y)] = hi - lo + 1;
  }
  // Bands: runs of rows with ink.
  std::vector<std::pair<int, int>> bands;
  for (int y = 0; y < h; ++y) {
    if (mean[static_cast<size_t>(y)] < 0) continue;
    if (!bands.empty() && bands.back().second == y - 1) bands.back().second = y;
    else bands.emplace_back(y, y);
  }
  auto avg = [&](int y0, int y1) {
    double s = 0;
    int n = 0;
    for (int y = std::max(0, y0); y <= std::min(h - 1, y1); ++y)
      if (mean[static_cast<size_t>(y)] >= 0) s += mean[static_cast<size_t>(y)], ++n;
    return n ? s / n : 0.5;
  };
  // "=": two flat bands, each row of them wide and centred.
  if (bands.size() == 2) {
    bool flat = true;
    for (auto [y0, y1] : bands) {
      flat = flat && (y1 - y0 + 1) * 4 <= h + 3;
      for (int y = y0; y <= y1; ++y) flat = flat && span[static_cast<size_t>(y)] * 10 >= w * 7;
    }
    if (flat && w * 2 >= h) return SignGuess{"=", 90};
  }
  // A chevron: its top rows at one side, its tip at the other.
  const int top = std::max(1, h / 6);
  const double mt = avg(0, top - 1);
  int tip_right = 0, tip_left = 0;
  for (int y = 0; y < h; ++y) {
    if (mean[static_cast<size_t>(y)] < 0) continue;
    if (mean[static_cast<size_t>(y)] > mean[static_cast<size_t>(tip_right)] || mean[static_cast<size_t>(tip_right)] < 0) tip_right = y;
    if (mean[static_cast<size_t>(y)] < mean[static_cast<size_t>(tip_left)] || mean[static_cast<size_t>(tip_left)] < 0) tip_left = y;
  }
  // A chevron's top rows cross one stroke, which reaches less than three
  // quarters across (a 5's or a 7's top is a bar across; a bold chevron
  // blurred at 150 dpi crosses more than half).
  for (int y = 0; y < top; ++y)
    if (span[static_cast<size_t>(y)] * 4 > w * 3) return none;
  int dir = 0, tip = 0;
  if (mt < 0.4 && mean[static_cast<size_t>(tip_right)] - mt > 0.35) dir = 1, tip = tip_right;
  else if (mt > 0.6 && mt - mean[static_cast<size_t>(tip_left)] > 0.35) dir = -1, tip = tip_left;
  if (!dir) return none;
  // The rows below the tip come back towards the side the top started from.
  const double tip_mean = mean[static_cast<size_t>(tip)];
  const double below = avg(tip + std::max(1, h / 5), h - 1);
  if (std::fabs(tip_mean - below) < 0.2) return none;
  // Where the tip is: half-way down for > <; in the upper part (a bar
  // below) for ≥ ≤. Between the two: a sign, but which one is uncertain.
  const double t = (tip + 0.5) / h;
  const bool gap_below = bands.size() >= 2 && bands.back().first > tip;
  const bool bar = t < 0.40 || gap_below;
  const bool plain = t > 0.44 && !gap_below;
  const float confidence = bar || plain ? 92 : 35;
  if (bar || !plain) return SignGuess{dir > 0 ? "≥" : "≤", confidence};
  return SignGuess{dir > 0 ? ">" : "<", confidence};
}

// The size below which a crop's ink is a speck, not a stroke: 1/75 inch.
int speck_size(int dpi) { return std::max(2, dpi / 75); }

// A crop's ink: Otsu's threshold (one tile: the whole crop), specks smaller
// than 1/75 inch across left out. Null when Leptonica cannot binarize it.
PixPtr crop_ink(Pix* grey_crop, int dpi) {
  Pix* bin_raw = nullptr;
  const int w = static_cast<int>(pixGetWidth(grey_crop)), h = static_cast<int>(pixGetHeight(grey_crop));
  if (pixOtsuAdaptiveThreshold(grey_crop, w, h, 0, 0, 0.1f, nullptr, &bin_raw) != 0 || !bin_raw) return nullptr;
  PixPtr bin(bin_raw);
  const int speck = speck_size(dpi);
  return PixPtr(pixSelectBySize(bin.get(), speck, speck, 8, L_SELECT_IF_EITHER, L_SELECT_IF_GTE, nullptr));
}

// The first glyph of a one-line cell, by the columns of its ink: the glyph's
// box in the crop and its sign, when it is one.
struct LeadingSign {
  SignGuess guess;
  int x0 = 0, x1 = 0, y0 = 0, y1 = 0;  // in the crop
};

LeadingSign leading_sign(Pix* grey_crop, int dpi) {
  LeadingSign out;
  const int h = static_cast<int>(pixGetHeight(grey_crop));
  PixPtr ink = crop_ink(grey_crop, dpi);
  if (!ink) return out;
  // The glyphs' parts: components of some size (noise between glyphs would
  // join them); the first glyph is the leftmost one and those overlapping it
  // across (a ≥'s bar lies under its chevron).
  BoxaPtr parts(pixConnComp(ink.get(), nullptr, 8));
  if (!parts) return out;
  struct Part {
    int x, y, w, h;
  };
  std::vector<Part> all;
  int tallest = 0;
  for (int i = 0; i < boxaGetCount(parts.get()); ++i) {
    Part p{};
    boxaGetBoxGeometry(parts.get(), i, &p.x, &p.y, &p.w, &p.h);
    all.push_back(p);
    tallest = std::max(tallest, p.h);
  }
  std::vector<Part> big;
  for (const auto& p : all)
    if (p.h * 4 >= tallest || p.w * 4 >= tallest) big.push_back(p);
  if (big.size() < 2) return out;
  std::sort(big.begin(), big.end(), [](const Part& a, const Part& b) { return a.x < b.x; });
  int x0 = big[0].x, x1 = big[0].x + big[0].w, y0 = big[0].y, y1 = big[0].y + big[0].h;
  size_t used = 1;
  // A part joins the first glyph where it lies under or over it for at least
  // half its width (a ≥'s bar), not where it only touches its edge (the 1
  // of "≥10000" set tight against the sign).
  for (; used < big.size() && (x1 - big[used].x) * 2 >= big[used].w; ++used) {
    x1 = std::max(x1, big[used].x + big[used].w);
    y0 = std::min(y0, big[used].y), y1 = std::max(y1, big[used].y + big[used].h);
  }
  if (used >= big.size()) return out;  // one glyph only
  // The text's height: a sign is about as high as a digit, and not wider
  // than high by much.
  int ty0 = h, ty1 = 0;
  for (const auto& p : big) ty0 = std::min(ty0, p.y), ty1 = std::max(ty1, p.y + p.h);
  const int bh = y1 - y0, bw = x1 - x0;
  if (bh * 3 < ty1 - ty0 || bw > 2 * bh) return out;
  PixPtr tight = crop(ink.get(), x0, y0, bw, bh);
  if (!tight) return out;
  const int by = y0;
  out.guess = classify_sign(tight.get());
  out.x0 = x0, out.x1 = x1, out.y0 = by, out.y1 = by + bh;
  return out;
}

// The glyphs [a, b) as one: their text (spaces left out), the union of their
// boxes, their mean confidence.
Glyph joined(const std::vector<Glyph>& glyphs, size_t a, size_t b) {
  Glyph one = glyphs[a];
  one.text.clear();
  double sum = 0;
  for (size_t i = a; i < b; ++i) {
    const Glyph& g = glyphs[i];
    one.text += g.text;
    sum += g.confidence;
    one.x0 = std::min(one.x0, g.x0), one.x1 = std::max(one.x1, g.x1), one.y0 = std::min(one.y0, g.y0);
    one.y1 = std::max(one.y1, g.y1), one.line_y0 = std::min(one.line_y0, g.line_y0);
    one.line_y1 = std::max(one.line_y1, g.line_y1);
  }
  one.confidence = static_cast<float>(sum / static_cast<double>(b - a));
  one.text.erase(std::remove(one.text.begin(), one.text.end(), ' '), one.text.end());
  return one;
}

// A value's numbers as one word each (extract/ocr_text: number_runs):
// "35000万元" came out as "3500 0万元", and was no value.
void join_numbers(std::vector<Glyph>& glyphs) {
  std::vector<std::string> symbols;
  std::vector<int> lines;
  for (const auto& g : glyphs) symbols.push_back(g.text), lines.push_back(g.line);
  const auto runs = number_runs(symbols, lines);
  if (runs.empty()) return;
  std::vector<Glyph> out;
  size_t i = 0;
  for (const auto& [a, b] : runs) {
    for (; i < a; ++i) out.push_back(glyphs[i]);
    Glyph one = joined(glyphs, a, b);
    // Tesseract's symbol boxes are estimates (a 0 of "35000万元" boxed over
    // the 万): the number ends before the next glyph of its line begins.
    if (b < glyphs.size() && glyphs[b].line == one.line && glyphs[b].x0 > one.x0 && glyphs[b].x0 <= one.x1)
      one.x1 = glyphs[b].x0 - 1;
    out.push_back(std::move(one));
    i = b;
  }
  for (; i < glyphs.size(); ++i) out.push_back(glyphs[i]);
  glyphs = std::move(out);
}

// The readings of a number other than `taken`: each without spaces and
// without the separators at its ends (a speck read as a dot), where it looks
// like a number and `taken` is mostly digits ("1]3,577,400") or short (a
// lone 0 read as 人); each once.
std::vector<std::string> other_numbers(const std::vector<std::string>& readings, std::string taken) {
  std::erase(taken, ' ');
  const size_t length = decode_utf8(taken).size();
  if (length > 3 && static_cast<size_t>(digit_count(taken)) * 2 < length) return {};
  std::vector<std::string> out;
  for (std::string r : readings) {
    std::erase(r, ' ');
    auto separator_at = [&](size_t i) {
      return r.compare(i, 1, ".") == 0 || r.compare(i, 1, ",") == 0 ||
             (r.size() >= 3 && (r.compare(i, 3, "，") == 0 || r.compare(i, 3, "。") == 0));
    };
    while (!r.empty() && separator_at(0)) r.erase(0, r[0] == '.' || r[0] == ',' ? 1 : 3);
    while (!r.empty() && (r.back() == '.' || r.back() == ',')) r.pop_back();
    while (r.size() >= 3 && separator_at(r.size() - 3) && static_cast<unsigned char>(r[r.size() - 3]) >= 0x80)
      r.erase(r.size() - 3);
    if (r.empty() || r == taken || !looks_numeric(r) || std::find(out.begin(), out.end(), r) != out.end()) continue;
    out.push_back(r);
  }
  return out;
}

// Punctuation whose printed width tells its form: , ; : ( ) and their
// full-width forms.
bool is_mark(const std::string& t) {
  static const char* const marks[] = {",", "，", ";", "；", ":", "：", "(", "（", ")", "）"};
  return std::any_of(std::begin(marks), std::end(marks), [&](const char* m) { return t == m; });
}

// The runs of columns holding ink in rows [y0, y1) of the 1 bpp `ink`, left
// to right; `height`: from the first row holding ink to the last.
std::vector<InkRun> ink_runs(Pix* ink, int y0, int y1, int* height) {
  const int w = static_cast<int>(pixGetWidth(ink)), h = static_cast<int>(pixGetHeight(ink));
  y0 = std::max(0, y0), y1 = std::min(h, y1);
  // Each column's first and last row with ink (-1: none).
  std::vector<std::pair<int, int>> column(static_cast<size_t>(std::max(0, w)), {-1, -1});
  int top = -1, bottom = -1;
  const l_uint32* data = pixGetData(ink);
  const int wpl = pixGetWpl(ink);
  for (int y = y0; y < y1; ++y) {
    const l_uint32* line = data + static_cast<ptrdiff_t>(y) * wpl;
    bool any = false;
    for (int x = 0; x < w; ++x)
      if (GET_DATA_BIT(line, x)) {
        auto& c = column[static_cast<size_t>(x)];
        if (c.first < 0) c.first = y;
        c.second = y + 1;
        any = true;
      }
    if (any) bottom = y + 1, top = top < 0 ? y : top;
  }
  *height = top < 0 ? 0 : bottom - top;
  // Rows counted from the top of the line's ink.
  for (auto& c : column)
    if (c.first >= 0) c.first -= top, c.second -= top;
  std::vector<InkRun> runs;
  for (int x = 0; x < w; ++x) {
    const auto [a, b] = column[static_cast<size_t>(x)];
    if (a < 0) continue;
    if (!runs.empty() && runs.back().x1 == x) {
      InkRun& r = runs.back();
      r.x1 = x + 1, r.y0 = std::min(r.y0, a), r.y1 = std::max(r.y1, b);
    } else {
      runs.push_back(InkRun{x, x + 1, a, b});
    }
  }
  return runs;
}

// The printed width of each punctuation mark among `glyphs` (read with
// `pad` pixels of margin from the crop whose ink, crop_ink, is `ink`),
// measured on the ink of its line (extract/ocr_text: mark_space,
// mark_width); unknown for other glyphs.
std::vector<MarkWidth> mark_widths(Pix* ink, const std::vector<Glyph>& glyphs, int pad) {
  std::vector<MarkWidth> out(glyphs.size(), MarkWidth::unknown);
  bool any = false;
  for (const auto& g : glyphs) any = any || is_mark(g.text);
  if (!any || !ink) return out;
  std::map<int, std::pair<std::vector<InkRun>, int>> lines;  // line -> runs, height
  for (size_t i = 0; i < glyphs.size(); ++i) {
    const Glyph& g = glyphs[i];
    // Between two characters of its line (an ideograph, a letter or a
    // digit), one of them an ideograph: a mark next to another (等)、), at a
    // line's end, or between digits (a thousands comma) is not measured.
    auto character = [&](size_t j) {
      if (j >= glyphs.size() || glyphs[j].line != g.line) return false;
      const auto c = static_cast<unsigned char>(glyphs[j].text[0]);
      return std::isalnum(c) || (glyphs[j].text.size() == 3 && c >= 0xE4);
    };
    auto ideograph = [&](size_t j) { return glyphs[j].text.size() == 3 && static_cast<unsigned char>(glyphs[j].text[0]) >= 0xE4; };
    if (!is_mark(g.text) || i == 0 || !character(i - 1) || !character(i + 1)) continue;
    if (!ideograph(i - 1) && !ideograph(i + 1)) continue;
    auto it = lines.find(g.line);
    if (it == lines.end()) {
      int height = 0;
      auto runs = ink_runs(ink, g.line_y0 - pad, g.line_y1 - pad, &height);
      it = lines.emplace(g.line, std::make_pair(std::move(runs), height)).first;
    }
    const auto& [runs, height] = it->second;
    const MarkKind kind = g.text == "(" || g.text == ")" || g.text == "（" || g.text == "）" ? MarkKind::bracket
                          : g.text == "," || g.text == "，"                                  ? MarkKind::comma
                                                                                              : MarkKind::stop;
    const int space = mark_space(runs, g.x0 - pad, g.x1 - pad, height, kind);
    out[i] = mark_width(space, character_height(runs, height));
    trace("mark\t%s%s%s\t%d\t%d\t%d\n", i > 0 ? glyphs[i - 1].text.c_str() : "", g.text.c_str(),
                   i + 1 < glyphs.size() ? glyphs[i + 1].text.c_str() : "", space, height, character_height(runs, height));
  }
  return out;
}

// The rows holding ink [y0, y1) in columns [x0, x1) of the 1 bpp `ink`
// between rows top and bottom, as runs of rows counted from `top`.
std::vector<std::pair<int, int>> row_parts(Pix* ink, int x0, int x1, int top, int bottom) {
  const int w = static_cast<int>(pixGetWidth(ink)), h = static_cast<int>(pixGetHeight(ink));
  x0 = std::max(0, x0), x1 = std::min(w, x1), top = std::max(0, top), bottom = std::min(h, bottom);
  std::vector<std::pair<int, int>> parts;
  const l_uint32* data = pixGetData(ink);
  const int wpl = pixGetWpl(ink);
  for (int y = top; y < bottom; ++y) {
    const l_uint32* line = data + static_cast<ptrdiff_t>(y) * wpl;
    bool any = false;
    for (int x = x0; x < x1 && !any; ++x) any = GET_DATA_BIT(line, x);
    if (!any) continue;
    if (!parts.empty() && parts.back().second == y - top) {
      parts.back().second = y - top + 1;
    } else {
      parts.emplace_back(y - top, y - top + 1);
    }
  }
  return parts;
}

// The shape of each comma, semicolon and colon among `glyphs` (read with
// `pad` pixels of margin from the crop whose ink, crop_ink, is `ink`), from
// the rows of ink in its columns (extract/ocr_text: mark_shape): the narrow
// run of columns holding ink (at most a quarter of the line's height wide)
// nearest the middle of the glyph's box, within a line's height of it.
// Unknown for other glyphs, for a mark between two digits (a thousands
// comma, a time's colon), and in a reading without Chinese text.
std::vector<MarkShape> mark_shapes(Pix* ink, const std::vector<Glyph>& glyphs, int pad) {
  std::vector<MarkShape> out(glyphs.size(), MarkShape::unknown);
  const bool chinese = std::any_of(glyphs.begin(), glyphs.end(), [](const Glyph& g) {
    return g.text.size() == 3 && static_cast<unsigned char>(g.text[0]) >= 0xE4;
  });
  if (!ink || !chinese) return out;
  auto shaped = [](const std::string& t) { return t == "," || t == "，" || t == ";" || t == "；" || t == ":" || t == "："; };
  auto digit = [&](size_t j) { return j < glyphs.size() && std::isdigit(static_cast<unsigned char>(glyphs[j].text[0])); };
  for (size_t i = 0; i < glyphs.size(); ++i) {
    const Glyph& g = glyphs[i];
    if (!shaped(g.text) || (i > 0 && digit(i - 1) && digit(i + 1))) continue;
    int height = 0;
    const auto runs = ink_runs(ink, g.line_y0 - pad, g.line_y1 - pad, &height);
    const auto whole = row_parts(ink, 0, static_cast<int>(pixGetWidth(ink)), g.line_y0 - pad, g.line_y1 - pad);
    if (whole.empty() || height <= 0) continue;
    const int top = g.line_y0 - pad + whole.front().first;
    const double mid = (g.x0 + g.x1) / 2.0 - pad;
    const InkRun* best = nullptr;
    double best_distance = height;
    for (const auto& r : runs) {
      if ((r.x1 - r.x0) * 4 > height) continue;
      const double d = std::fabs((r.x0 + r.x1) / 2.0 - mid);
      if (d < best_distance) best = &r, best_distance = d;
    }
    if (!best) continue;
    const auto parts = row_parts(ink, best->x0, best->x1, top, top + height);
    out[i] = mark_shape(parts, height);
    if (debugging()) {
      std::string desc;
      for (const auto& [a, b] : parts) desc += std::to_string(a) + "-" + std::to_string(b) + " ";
      trace("shape\t%s%s%s\t%d\t%s\t%s\n", i > 0 ? glyphs[i - 1].text.c_str() : "^", g.text.c_str(),
            i + 1 < glyphs.size() ? glyphs[i + 1].text.c_str() : "$", height, desc.c_str(),
            shaped_mark(g.text, out[i]).c_str());
    }
  }
  return out;
}

// The ink (crop_ink of the crop read) no glyph was read from
// (extract/ocr_text: unread_ink), line by line of the reading; `glyphs` were
// read with `pad` pixels of margin. `ends_only`: only ink before a line's
// first glyph or after its last.
std::vector<std::pair<int, int>> lost_ink(Pix* ink, const std::vector<Glyph>& glyphs, int pad, bool ends_only) {
  if (!ink) return {};
  std::map<int, std::vector<std::pair<int, int>>> boxes;
  std::map<int, std::pair<int, int>> rows;
  for (const auto& g : glyphs) {
    boxes[g.line].emplace_back(g.x0 - pad, g.x1 - pad);
    auto [it, fresh] = rows.emplace(g.line, std::make_pair(g.line_y0 - pad, g.line_y1 - pad));
    if (!fresh) it->second.first = std::min(it->second.first, g.line_y0 - pad), it->second.second = std::max(it->second.second, g.line_y1 - pad);
  }
  std::vector<std::pair<int, int>> out;
  for (const auto& [line, box] : boxes) {
    int height = 0;
    const auto [y0, y1] = rows[line];
    std::vector<std::pair<int, int>> runs;
    for (const InkRun& r : ink_runs(ink, y0, y1, &height)) runs.emplace_back(r.x0, r.x1);
    std::vector<std::pair<int, int>> reach = box;
    if (ends_only) {
      reach = {box.front()};
      for (const auto& [a, b] : box) reach[0].first = std::min(reach[0].first, a), reach[0].second = std::max(reach[0].second, b);
    }
    for (const auto& r : unread_ink(runs, reach, height)) out.push_back(r);
  }
  return out;
}

// Does the ink of a crop reach further across than `digits` digits of its
// height (ocr_text: wider_than_digits)?
bool ink_beyond_digits(Pix* grey_crop, int dpi, int digits) {
  PixPtr ink = crop_ink(grey_crop, dpi);
  if (!ink) return false;
  Pix* fg = nullptr;
  LBox* fb = nullptr;
  if (pixClipToForeground(ink.get(), &fg, &fb) != 0 || !fb) return false;
  PixPtr keep_fg(fg);
  LBoxPtr keep(fb);
  l_int32 x, y, w, h;
  boxGetGeometry(fb, &x, &y, &w, &h);
  return wider_than_digits(w, h, digits);
}

// Drops the digits of `glyphs` that are specks (extract/ocr_text:
// speck_digits): 45人 read as 145人. Returns whether one was dropped (the
// reading is then for a person to check).
bool drop_speck_digits(std::vector<Glyph>& glyphs) {
  std::vector<std::string> symbols;
  std::vector<int> heights, lines;
  for (const auto& g : glyphs) symbols.push_back(g.text), heights.push_back(g.y1 - g.y0), lines.push_back(g.line);
  const std::vector<bool> specks = speck_digits(symbols, heights, lines);
  if (std::find(specks.begin(), specks.end(), true) == specks.end()) return false;
  std::vector<Glyph> kept;
  for (size_t i = 0; i < glyphs.size(); ++i)
    if (!specks[i]) kept.push_back(std::move(glyphs[i]));
  glyphs = std::move(kept);
  return true;
}

// Reads a crop of the clean page image: the Chinese model, then digits only
// where the first reading looks like a number.
//
// `others`, when given, gets the other readings of a number made on the way
// (the Chinese model's or the digits model's, at the other threshold or at
// half size), each as read save spaces and the separators at its ends, where
// the reading taken is a number too.
std::vector<Glyph> read_crop(Pix* part, int dpi, bool single_line, float* cap, bool look_for_sign,
                             std::vector<std::string>* others = nullptr) {
  *cap = 100;
  std::vector<std::string> readings;  // every reading made, in order
  auto made = [&](const std::vector<Glyph>& g) {
    if (others) readings.push_back(text_of(g));
  };
  // A wide margin: with Sauvola's threshold a glyph near the edge is lost
  // (the 1 of a "100%" read as "00%" with a margin of 10 px at 300 dpi).
  const int pad = std::max(8, dpi / 12);
  PixPtr padded(pixAddBorder(part, pad, 0xff));
  auto mode = single_line ? tesseract::PSM_SINGLE_LINE : tesseract::PSM_SINGLE_BLOCK;
  std::vector<Glyph> glyphs = recognize(padded.get(), dpi, "chi_sim", mode);
  made(glyphs);
  trace("first\t%s\t%.1f\n", text_of(glyphs).c_str(), mean_confidence(glyphs));
  if (glyphs.empty() || mean_confidence(glyphs) < kSecondReading) {
    auto second = recognize(padded.get(), dpi, "chi_sim", mode, kSecondThreshold);
    made(second);
    trace("second\t%.1f\t%.1f\t%s\t%s\n", mean_confidence(glyphs), mean_confidence(second),
                   text_of(glyphs).c_str(), text_of(second).c_str());
    auto symbols_of = [](const std::vector<Glyph>& g) {
      std::vector<std::string> out;
      for (const auto& x : g) out.push_back(x.text);
      return out;
    };
    // The two thresholds differ by a bar after a digit (1]年 and 1年): the
    // reading without it, for a person to check (the bar was taken for a 1).
    if (bar_after_digit_added(symbols_of(glyphs), symbols_of(second))) {
      glyphs = std::move(second);
      *cap = std::min(*cap, kDoubtful);
      trace("bar after digit\t%s\n", text_of(glyphs).c_str());
    } else if (bar_after_digit_added(symbols_of(second), symbols_of(glyphs))) {
      *cap = std::min(*cap, kDoubtful);
      trace("bar after digit\t%s\n", text_of(glyphs).c_str());
    } else if (mean_confidence(second) > mean_confidence(glyphs)) {
      glyphs = std::move(second);
    }
  }
  // Nothing read at all: a lone glyph (a "0" cell of a blurred scan rendered
  // at 300 dpi) is found at half the size, its boxes then scaled back.
  if (glyphs.empty() && dpi >= 250) {
    glyphs = recognize_at_half_size(padded.get(), dpi, mode);
    made(glyphs);
    if (mean_confidence(glyphs) < 80) glyphs.clear();  // a rule's fringe read as 目
    trace("half\t%s\t%.1f\n", text_of(glyphs).c_str(), mean_confidence(glyphs));
  } else if (look_for_sign && single_line && dpi >= 250 && glyphs.size() <= 4 &&
             (!well_formed_value(text_of(glyphs)) || looks_numeric(text_of(glyphs))) &&
             (mean_confidence(glyphs) < 90 ||
              (looks_numeric(text_of(glyphs)) && ink_beyond_digits(part, dpi, digit_count(text_of(glyphs)))))) {
    // A short value read unsure and malformed ("1年" read as "L汪" or
    // "年"), or as a bare number ("1": 年 lost, and read as 4 by the
    // digits model): read at half size too; a well-formed value read there
    // wins, over a bare number where it holds the same digits and a unit.
    // Also a bare number read sure from a crop holding more ink than its
    // digits (2个 read as "2" at 300 dpi, the 2's box over the 个: the unit
    // lost; read at half size as 2个).
    std::vector<Glyph> other = recognize_at_half_size(padded.get(), dpi, mode);
    made(other);
    const std::string now = text_of(glyphs), then = text_of(other);
    trace("half value\t%s\t%s\t%.1f\n", now.c_str(), then.c_str(), mean_confidence(other));
    if (well_formed_value(then) && (!well_formed_value(now) || (!looks_numeric(then) && digit_count(then) == digit_count(now))))
      glyphs = std::move(other);
  }
  // A value whose number is followed by what is no usual unit ("125浪交",
  // "125万7" for 125万元): read at half size too; a well-formed value with
  // the same digits read there is taken (extract/ocr_text:
  // value_read_better), and checked by a person.
  if (single_line && dpi >= 250 && !glyphs.empty() && glyphs.size() <= 8 && !leading_digits(text_of(glyphs)).empty() &&
      !well_formed_value(text_of(glyphs))) {
    std::vector<Glyph> other = recognize_at_half_size(padded.get(), dpi, mode);
    made(other);
    trace("half unit\t%s\t%s\t%.1f\n", text_of(glyphs).c_str(), text_of(other).c_str(), mean_confidence(other));
    if (value_read_better(text_of(glyphs), text_of(other))) {
      glyphs = std::move(other);
      *cap = std::min(*cap, kDoubtful);
    }
  }
  // A value with a comparison sign before its number: the sign by its shape,
  // the rest read again without it. Where the Chinese model read a digit
  // first, only a sure sign replaces it.
  // A reading of Latin letters is looked at too: "≥110人" came out as
  // "ETIOA" (a form's values hold no Latin words).
  bool digit = false, latin = false;
  for (const auto& g : glyphs) {
    digit = digit || std::isdigit(static_cast<unsigned char>(g.text[0]));
    latin = latin || std::isalpha(static_cast<unsigned char>(g.text[0]));
  }
  if (look_for_sign && single_line && (digit || latin)) {
    const bool digit_first = std::isdigit(static_cast<unsigned char>(glyphs[0].text[0]));
    LeadingSign sign = leading_sign(part, dpi);
    if (sign.guess.text && (!digit_first || sign.guess.confidence >= 90)) {
      float rest_cap;
      const int off = sign.x1 + 1;
      PixPtr rest_part = crop(part, off, 0, static_cast<int>(pixGetWidth(part)) - off, static_cast<int>(pixGetHeight(part)));
      std::vector<Glyph> rest = rest_part ? read_crop(rest_part.get(), dpi, true, &rest_cap, false) : std::vector<Glyph>{};
      // The rest is the number after the sign: it starts as a number does
      // ("000,000": the 7 of 7,000,000 taken for ">") and holds the digits
      // the first reading had (below).
      const std::string rest_text = text_of(rest);
      // Where the first reading started with a digit, the sign is taken only
      // before a value with its unit or % (an amount has no sign; the 1, 3,
      // 5, 6 and 7 of amounts have a chevron's shape at 150 dpi), and only
      // for a 2 (the model's reading of ≥: "290%" for ≥90%) or a digit the
      // model was unsure of.
      const bool digit_kept = digit_first && ((looks_numeric(rest_text) && rest_text.find('%') == std::string::npos) ||
                                              (glyphs[0].text != "2" && glyphs[0].confidence >= 90));
      // The rest holds the digits the first reading had after the sign: one
      // fewer where the first reading began with a digit (the sign read as
      // 2) or held a 9 before % (% read as 9%); fewer than that, the rest
      // lost a digit ("≥31个" read again as "3个").
      const std::string first_text = text_of(glyphs);
      const int percent_nine = first_text.find("9%") != std::string::npos ? 1 : 0;
      // Nor more than its digits on ink of their own: a digit read inside
      // another's box is a second reading of its ink (extract/ocr_text:
      // digits_on_own_ink).
      std::vector<std::string> first_symbols;
      std::vector<int> first_x0s, first_x1s;
      for (const auto& g : glyphs) first_symbols.push_back(g.text), first_x0s.push_back(g.x0), first_x1s.push_back(g.x1);
      // Nor more than the first reading's number holds: digits after its unit
      // are a misread unit ("<1598.31力7": 万元 read as 力7).
      const int expected = number_digits_read(first_symbols, first_x0s, first_x1s) - (digit_first ? 1 : 0) - percent_nine;
      const bool whole_number = !rest.empty() && number_after_sign(rest_text) &&
                                digit_count(rest_text) >= expected && !digit_kept;
      if (whole_number) {
        for (auto& g : rest) g.x0 += off, g.x1 += off;
        Glyph s{sign.guess.text, sign.x0, sign.y0, sign.x1, sign.y1, rest[0].line_y0, rest[0].line_y1,
                sign.guess.confidence};
        rest.insert(rest.begin(), s);
        join_numbers(rest);
        *cap = std::min(rest_cap, sign.guess.confidence);
        // A chevron without a bar is also what a blurred ≥ that lost its bar
        // looks like: a > or < is for a person to check.
        if (std::strcmp(sign.guess.text, ">") == 0 || std::strcmp(sign.guess.text, "<") == 0) *cap = std::min(*cap, kDoubtful);
        if (!unknown_unit(text_of(rest)).empty()) *cap = std::min(*cap, kDoubtful);
        trace("sign\t%s\t%s\t%.0f\t%.0f\n", text_of(glyphs).c_str(), text_of(rest).c_str(), sign.guess.confidence, glyphs[0].confidence);
        return rest;
      }
      trace("no sign\t%s\t%s\t%.0f\t%.0f\n", text_of(glyphs).c_str(), rest_text.c_str(), sign.guess.confidence, glyphs[0].confidence);
      // The rest read worse than the first reading: the first reading's
      // number kept, its first glyph (the sign, read as 二 or =) by the
      // sign's shape where it lies over the sign and is no digit.
      const std::string after_first = first_text.substr(glyphs[0].text.size());
      if (!digit_first && !rest.empty() && glyphs.size() >= 2 && glyphs[0].x0 - pad < sign.x1 &&
          number_after_sign(after_first) && digit_count(after_first) > digit_count(rest_text)) {
        Glyph s{sign.guess.text, sign.x0 + pad, sign.y0 + pad, sign.x1 + pad, sign.y1 + pad, glyphs[1].line_y0,
                glyphs[1].line_y1, sign.guess.confidence};
        glyphs[0] = s;
        *cap = std::min(*cap, sign.guess.confidence);
        if (std::strcmp(sign.guess.text, ">") == 0 || std::strcmp(sign.guess.text, "<") == 0) *cap = std::min(*cap, kDoubtful);
        trace("sign kept\t%s\n", text_of(glyphs).c_str());
      }
    }
  }
  // A < or > the Chinese model read before a number: it has no ≤ ≥ to give,
  // so the sign may be either (≤6805.4万元 read as <6805.4万元 with 99%).
  if (look_for_sign && single_line && !glyphs.empty() && (glyphs[0].text == "<" || glyphs[0].text == ">"))
    *cap = std::min(*cap, kDoubtful);
  if (single_line && glyphs.size() <= kValueGlyphs && drop_speck_digits(glyphs)) {
    *cap = std::min(*cap, kDoubtful);
    trace("speck digit\t%s\n", text_of(glyphs).c_str());
  }
  // A number, or a short reading the Chinese model was unsure of (a lone
  // "0" comes out as 有 or 二): read again with digits only, and keep the
  // reading the engine is surer of (a number wins a tie).
  const bool numeric = looks_numeric(text_of(glyphs));
  bool digits_read = false;
  const bool short_doubt = glyphs.size() <= 2 && mean_confidence(glyphs) < 93;
  if (numeric || short_doubt) {
    std::vector<Glyph> digits = recognize(padded.get(), dpi, "eng", mode);
    made(digits);
    digits_read = true;
    const float margin = numeric ? -10 : 5;
    // The two models disagree on a % (2个 read as 2 and as 2%): whichever
    // is taken below is checked by a person.
    if (look_for_sign && single_line && percent_disputed(text_of(glyphs), text_of(digits))) {
      *cap = std::min(*cap, kDoubtful);
      trace("percent disputed\t%s\t%s\n", text_of(glyphs).c_str(), text_of(digits).c_str());
    }
    if (!numeric && unit_read_as_digits(text_of(glyphs), text_of(digits))) {
      // A value and its unit read by the Chinese model, unsure ("2个"), that
      // the digits model, which has no Chinese, read as a longer number
      // ("24"): the Chinese reading is kept, and checked by a person.
      *cap = std::min(*cap, kDoubtful);
      trace("unit as digits\t%s\t%s\n", text_of(glyphs).c_str(), text_of(digits).c_str());
    } else if (look_for_sign && single_line && sign_read_as_digit(text_of(glyphs), text_of(digits))) {
      // The digits model read a glyph the Chinese model left out as a 2: a
      // ≥ its shape did not tell (a serif font's ⩾). The Chinese reading
      // is kept, and checked by a person.
      *cap = std::min(*cap, kDoubtful);
      trace("sign as 2\t%s\t%s\n", text_of(glyphs).c_str(), text_of(digits).c_str());
    } else if (!digits.empty() && mean_confidence(digits) >= mean_confidence(glyphs) + margin) {
      glyphs = std::move(digits);
      if (single_line && glyphs.size() <= kValueGlyphs && drop_speck_digits(glyphs)) {
        *cap = std::min(*cap, kDoubtful);
        trace("speck digit\t%s\n", text_of(glyphs).c_str());
      }
    }
    // A number neither starts nor ends with a separator: such a dot is a speck.
    if (looks_numeric(text_of(glyphs))) {
      auto separator = [](const Glyph& g) { return g.text == "." || g.text == "," || g.text == "，" || g.text == "。"; };
      while (!glyphs.empty() && separator(glyphs.back())) glyphs.pop_back();
      while (!glyphs.empty() && separator(glyphs.front())) glyphs.erase(glyphs.begin());
    }
    if (doubtful_separator(text_of(glyphs))) *cap = kDoubtful;
    // A number is one word: its glyphs as one, so that the gaps Tesseract
    // leaves around a comma do not become spaces ("6 , 200, 000").
    if (glyphs.size() > 1 && looks_numeric(text_of(glyphs))) glyphs = {joined(glyphs, 0, glyphs.size())};
  }
  if (debugging()) {
    static int n = 0;
    std::string name = debug_dir() + "/cells/" + std::to_string(n++) + ".png";
    pixWrite(name.c_str(), padded.get(), IFF_PNG);
    std::fprintf(stderr, "%s\t%s\t%.0f\n", name.c_str(), text_of(glyphs).c_str(), mean_confidence(glyphs));
  }
  // The crop's ink, for the marks' widths and the ink no glyph was read from.
  const PixPtr ink = glyphs.empty() ? nullptr : crop_ink(part, dpi);
  {
    // A mark as its ink shows it (a ； read as ，), then its width.
    const std::vector<MarkShape> shapes = mark_shapes(ink.get(), glyphs, pad);
    for (size_t i = 0; i < glyphs.size(); ++i) glyphs[i].text = shaped_mark(glyphs[i].text, shapes[i]);
    std::vector<std::string> symbols;
    symbols.reserve(glyphs.size());
    for (const auto& g : glyphs) symbols.push_back(g.text);
    const std::vector<MarkWidth> widths = mark_widths(ink.get(), glyphs, pad);
    chinese_punctuation(symbols, widths);
    for (size_t i = 0; i < glyphs.size(); ++i) glyphs[i].text = std::move(symbols[i]);
  }
  auto cjk = [](const std::string& t) { return t.size() == 3 && static_cast<unsigned char>(t[0]) >= 0xE3; };
  // A comparison sign the Chinese model has no letter for (≥ ≤ come out as
  // 之 和 委 ...): a Chinese character right before the digits of a number
  // is reported for checking, not trusted.
  if (look_for_sign && glyphs.size() >= 2 && cjk(glyphs[0].text) && std::isdigit(static_cast<unsigned char>(glyphs[1].text[0])))
    *cap = std::min(*cap, kDoubtful);
  // A value: a number and its unit ("≥31个", "≤1338万元"). A unit that is
  // none of the usual ones is likely misread (个 as 小 or 全, 万 as 帮):
  // reported for checking, not trusted.
  if (look_for_sign && single_line && !unknown_unit(text_of(glyphs)).empty()) *cap = std::min(*cap, kDoubtful);
  if (look_for_sign && single_line) join_numbers(glyphs);
  if (others) {
    // Digits with something else among them ("1]3,577,400", "120,000 ”"):
    // the digits model's reading too, as another reading (not taken).
    // Not a value with its unit ("12个月"): no Chinese character in it.
    const std::string taken = text_of(glyphs);
    const std::u32string codes = decode_utf8(taken);
    const bool chinese = std::any_of(codes.begin(), codes.end(), [](char32_t c) { return c >= 0x3400 && c <= 0x9FFF; });
    if (!digits_read && !chinese && digit_count(taken) >= 2 && static_cast<size_t>(digit_count(taken)) * 2 >= codes.size())
      made(recognize(padded.get(), dpi, "eng", mode));
    *others = other_numbers(readings, taken);
  }
  // Ink no glyph was read from, in a short reading (a value, a name): a
  // character lost ("3" read from 3个: the digits model's reading won). In a
  // long line the engine's boxes drift too far to tell but at its ends (a
  // 。 lost at the end of a text).
  if (!glyphs.empty()) {
    const auto lost = lost_ink(ink.get(), glyphs, pad, glyphs.size() > kShortReading);
    if (!lost.empty()) *cap = std::min(*cap, kDoubtful);
    if (!lost.empty()) trace("unread\t%s\t%zu\t%d %d\n", text_of(glyphs).c_str(), lost.size(), lost[0].first, lost[0].second);
  }
  if (debugging()) {
    std::string each;
    for (const auto& g : glyphs) each += g.text + ":" + std::to_string(static_cast<int>(g.confidence)) + " ";
    trace("glyphs\t%s\t%.0f\t%s\n", text_of(glyphs).c_str(), *cap, each.c_str());
  }
  for (auto& g : glyphs) {
    g.x0 -= pad, g.x1 -= pad, g.y0 -= pad, g.y1 -= pad, g.line_y0 -= pad, g.line_y1 -= pad;
  }
  return glyphs;
}

// The height of the text lines in a crop (pixels): the median height of the
// bands of rows with ink, specks left out; 0 when there is no ink.
int text_height(Pix* grey_crop, int dpi) {
  const int h = static_cast<int>(pixGetHeight(grey_crop));
  PixPtr ink = crop_ink(grey_crop, dpi);
  if (!ink) return 0;
  std::vector<int> bands;
  const l_uint32* data = pixGetData(ink.get());
  const int wpl = pixGetWpl(ink.get());
  int run = 0;
  for (int y = 0; y <= h; ++y) {
    bool any = false;
    if (y < h) {
      const l_uint32* line = data + static_cast<ptrdiff_t>(y) * wpl;
      for (int i = 0; i < wpl && !any; ++i) any = line[i] != 0;
    }
    if (any) {
      ++run;
    } else if (run) {
      if (run >= speck_size(dpi) * 2) bands.push_back(run);
      run = 0;
    }
  }
  if (bands.empty()) return 0;
  std::nth_element(bands.begin(), bands.begin() + static_cast<ptrdiff_t>(bands.size() / 2), bands.end());
  return bands[bands.size() / 2];
}

// Reads one cell (or block) of the clean page image. A crop whose text is
// small in pixels (a small font, a low-resolution scan: Tesseract reads
// nothing in a line of 18 px) or large is scaled first so that its lines are
// about kLineHeight pixels high.
constexpr int kLineHeight = 0;  // off: scaling lines to 40 px measured worse (calc 150 dpi CER 2.1% -> 6.2%)
int line_target() {
  static const int v = [] {
    const char* e = std::getenv("PERFGOAL_OCR_LINE_PX");
    return e ? std::atoi(e) : kLineHeight;
  }();
  return v;
}

// The first `size` counts of a Leptonica count array (pixel counts by row or
// column) as ints, 0 past its end.
std::vector<int> ints_of(Numa* counts, int size) {
  std::vector<int> out(static_cast<size_t>(std::max(size, 0)), 0);
  for (int k = 0; k < size && k < numaGetCount(counts); ++k) {
    l_int32 v = 0;
    numaGetIValue(counts, k, &v);
    out[static_cast<size_t>(k)] = v;
  }
  return out;
}

// The text lines of a crop (extract/scan_lines: bands of rows with ink,
// touching lines cut one pitch apart), each with the rows half-way to its
// neighbours. Empty when there is one line, or when lines cannot be told
// apart (Tesseract then finds them itself).
std::vector<std::pair<int, int>> text_lines(Pix* grey_crop, int dpi) {
  const int h = static_cast<int>(pixGetHeight(grey_crop));
  PixPtr ink = crop_ink(grey_crop, dpi);
  if (!ink) return {};
  NumaPtr counts(pixCountPixelsByRow(ink.get(), nullptr));
  if (!counts) return {};
  const std::vector<int> rows = ints_of(counts.get(), h);
  // A line pitch of at least 9 pt; 6 pt in a long crop of small text.
  auto bands =
      line_bands_of_small_text(rows, std::max(8, dpi / 8), std::max(6, dpi / 12), static_cast<int>(pixGetWidth(grey_crop)));
  if (bands.size() >= 2) {
    // The last band's width: a mark's, or a faint rule's fringe across the crop.
    const auto [a, b] = bands.back();
    int width = 0;
    if (PixPtr last = crop(ink.get(), 0, a, static_cast<int>(pixGetWidth(ink.get())), b - a + 1)) {
      Pix* fg = nullptr;
      LBox* fb = nullptr;
      if (pixClipToForeground(last.get(), &fg, &fb) == 0 && fb) {
        LBoxPtr keep(fb);
        PixPtr keep_fg(fg);
        l_int32 fx, fy, fw, fh;
        boxGetGeometry(fb, &fx, &fy, &fw, &fh);
        width = fw;
      }
    }
    join_wide_last_band(bands, width);
  }
  if (bands.size() < 2) return {};
  if (debugging() && line_bands(rows, std::max(8, dpi / 8)).size() < 2) {
    static int n = 0;
    const int id = n++;
    std::string r;
    for (int v : rows) r += std::to_string(v) + ",";
    trace("smallcut\t%d\t%d\t%d\t%s\n", id, static_cast<int>(pixGetWidth(grey_crop)), h, r.c_str());
    pixWrite((debug_dir() + "/small-" + std::to_string(id) + ".png").c_str(), grey_crop, IFF_PNG);
  }
  std::vector<std::pair<int, int>> out;
  for (size_t i = 0; i < bands.size(); ++i) {
    const int top = i == 0 ? 0 : (bands[i - 1].second + bands[i].first + 1) / 2;
    const int bottom = i + 1 == bands.size() ? h : (bands[i].second + bands[i + 1].first + 1) / 2;
    out.emplace_back(top, bottom);
  }
  return out;
}

// The ink counted in each row of a crop (crop_ink: specks left out).
std::vector<int> row_ink(Pix* grey_crop, int dpi) {
  PixPtr ink = crop_ink(grey_crop, dpi);
  if (!ink) return {};
  NumaPtr counts(pixCountPixelsByRow(ink.get(), nullptr));
  if (!counts) return {};
  return ints_of(counts.get(), numaGetCount(counts.get()));
}

// The ink counted in each column of the rectangle (x, y, w, h) of a binary
// image.
std::vector<int> column_ink(Pix* binary, int x, int y, int w, int h) {
  PixPtr part = crop(binary, x, y, w, h);
  if (!part) return {};
  NumaPtr counts(pixCountPixelsByColumn(part.get()));
  if (!counts) return {};
  return ints_of(counts.get(), numaGetCount(counts.get()));
}

// The rows [top, bottom) of a crop holding its own text (extract/scan_lines:
// rows_without_edge_fragments).
std::pair<int, int> own_text_rows(Pix* grey_crop, int dpi) {
  const auto rows = row_ink(grey_crop, dpi);
  if (rows.empty()) return {0, static_cast<int>(pixGetHeight(grey_crop))};
  return rows_without_edge_fragments(rows);
}

// The text lines (line_bands) of rows [y0, y1) of a crop.
std::vector<std::pair<int, int>> text_rows(Pix* grey_crop, int dpi, int y0, int y1) {
  auto rows = row_ink(grey_crop, dpi);
  if (rows.empty() || y1 > static_cast<int>(rows.size()) || y0 >= y1) return {};
  std::vector<int> part(rows.begin() + y0, rows.begin() + y1);
  return line_bands(part, std::max(8, dpi / 8));
}

std::vector<Glyph> read_region(Pix* clean, int x, int y, int w, int h, int dpi, bool single_line, float* cap,
                               std::vector<std::string>* others = nullptr) {
  *cap = 100;
  PixPtr part = crop(clean, x, y, w, h);
  if (!part) return {};
  if (!single_line) {
    // The cut off tops (or feet) of a neighbouring row's characters at the
    // crop's edge, past the cell's rule: without them the cell holds one line
    // (a value, "≥90%"), read as one line, its sign by its shape. Read as a
    // block with them, the sign came out as 之.
    const auto [top, bottom] = own_text_rows(part.get(), dpi);
    if (top > 0 || bottom < h) {
      const int m = std::max(2, dpi / 40);
      const int y0 = std::max(0, top - m), y1 = std::min(h, bottom + m);
      const auto kept = text_rows(part.get(), dpi, y0, y1);
      if (kept.size() == 1) {
        trace("fragments\t%d %d of %d\n", y0, y1, h);
        auto glyphs = read_region(clean, x, y + y0, w, y1 - y0, dpi, y1 - y0 < dpi / 4, cap, others);
        for (auto& g : glyphs) g.y0 += y0, g.y1 += y0, g.line_y0 += y0, g.line_y1 += y0;
        return glyphs;
      }
    }
  }
  // A cell of several lines: each line read by itself (Tesseract's own
  // line finding mixed a long line of a skewed cell with the short line
  // under it: "项目报告告、、工工程程"). A crop too low for two lines of
  // text of the usual size may still hold two of small text (Calc shrinking
  // a sheet to the page: two lines 7 pt apart, read as one line of garbage).
  if (!single_line || (static_cast<int>(pixGetHeight(part.get())) >= 4 * speck_size(dpi))) {
    const auto lines = text_lines(part.get(), dpi);
    if (!lines.empty()) {
      if (single_line) trace("two lines in a low crop: %zu\n", lines.size());
      std::vector<Glyph> all;
      for (size_t i = 0; i < lines.size(); ++i) {
        const auto [y0, y1] = lines[i];
        PixPtr strip = crop(part.get(), 0, y0, w, y1 - y0);
        if (!strip) continue;
        float line_cap;
        auto glyphs = read_crop(strip.get(), dpi, true, &line_cap, false);
        *cap = std::min(*cap, line_cap);
        if (!glyphs.empty()) {
          int top = INT32_MAX, bottom = INT32_MIN;
          for (const auto& g : glyphs) top = std::min(top, g.line_y0), bottom = std::max(bottom, g.line_y1);
          trace("line %zu\tstrip %d-%d\tbox %d-%d\n", i, y0, y1, top + y0, bottom + y0);
        }
        for (auto& g : glyphs) {
          std::tie(g.line_y0, g.line_y1) = line_box_within_strip(g.line_y0, g.line_y1, y1 - y0);
          g.y0 += y0, g.y1 += y0, g.line_y0 += y0, g.line_y1 += y0;
          g.line = static_cast<int>(i);
          all.push_back(std::move(g));
        }
      }
      return all;
    }
  }
  const int target = line_target();
  const int th = target > 0 ? text_height(part.get(), dpi) : 0;
  float s = th > 0 ? static_cast<float>(target) / static_cast<float>(th) : 1.0f;
  s = std::clamp(s, 0.5f, 3.0f);
  if (s > 0.8f && s < 1.25f) return read_crop(part.get(), dpi, single_line, cap, true, others);
  PixPtr scaled(s < 1 ? pixScaleAreaMap(part.get(), s, s) : pixScaleGrayLI(part.get(), s, s));
  if (!scaled) return read_crop(part.get(), dpi, single_line, cap, true, others);
  auto glyphs = read_crop(scaled.get(), static_cast<int>(std::lround(dpi * s)), single_line, cap, true, others);
  auto back = [&](int v) { return static_cast<int>(std::lround(v / s)); };
  for (auto& g : glyphs) {
    g.x0 = back(g.x0), g.x1 = back(g.x1), g.y0 = back(g.y0), g.y1 = back(g.y1);
    g.line_y0 = back(g.line_y0), g.line_y1 = back(g.line_y1);
  }
  return glyphs;
}

struct Lines {
  std::vector<PdfRule> rules;  // in points
  PixPtr mask;                 // the lines' pixels (1 bpp), to be cleaned off
};

// Ruling lines: long thin runs of ink, found by opening the binary image with
// a long horizontal (vertical) brick.
Lines find_lines(Pix* binary, int dpi) {
  Lines out;
  const double k = 72.0 / dpi;
  const int hlen = std::max(20, dpi * 3 / 10), vlen = std::max(15, dpi / 5);
  PixPtr hor(pixOpenBrick(nullptr, binary, hlen, 1));
  PixPtr ver(pixOpenBrick(nullptr, binary, 1, vlen));
  // A rule thicker than this is not a rule (a black bar, a photo's edge).
  const int thick = std::max(4, dpi / 25);
  for (auto [pix, horizontal] : {std::pair{hor.get(), true}, std::pair{ver.get(), false}}) {
    BoxaPtr boxes(pixConnComp(pix, nullptr, 8));
    if (!boxes) continue;
    for (int i = 0; i < boxaGetCount(boxes.get()); ++i) {
      l_int32 x, y, w, h;
      boxaGetBoxGeometry(boxes.get(), i, &x, &y, &w, &h);
      if (horizontal) {
        if (h > thick) continue;
        double cy = (y + h / 2.0) * k;
        out.rules.push_back(PdfRule{x * k, cy, (x + w) * k, cy});
      } else {
        if (w > thick) continue;
        double cx = (x + w / 2.0) * k;
        out.rules.push_back(PdfRule{cx, y * k, cx, (y + h) * k});
      }
    }
  }
  out.mask.reset(pixOr(nullptr, hor.get(), ver.get()));
  // The lines' fringe (blur, JPEG) goes too.
  out.mask.reset(pixDilateBrick(nullptr, out.mask.get(), 3, 3));
  return out;
}

PixPtr to_grey(Pix* image) {
  if (pixGetDepth(image) == 8 && !pixGetColormap(image)) return PixPtr(pixClone(image));
  if (pixGetDepth(image) == 32) return PixPtr(pixConvertRGBToLuminance(image));
  return PixPtr(pixConvertTo8(image, 0));
}

// Pixels darker than the paper around them (the paper normalized to 200).
// Thin grey rules need a lenient threshold; text a stricter one.
PixPtr binarize(Pix* grey, int threshold = 140) {
  PixPtr norm(pixBackgroundNormSimple(grey, nullptr, nullptr));
  if (!norm) return PixPtr(pixThresholdToBinary(grey, threshold - 12));
  return PixPtr(pixThresholdToBinary(norm.get(), threshold));
}
constexpr int kRuleThreshold = 180;

// The page's ruling lines and its grid's cells, found on the lenient binary
// image.
struct Grid {
  PixPtr light;  // binary, the rules' threshold
  Lines lines;
  std::vector<TableCells> tables;
};

// A rule's end short of the rule it meets, continued by fainter ink: a thin
// grey rule of a 150 dpi scan is broken at the rules' threshold where it is
// lightest, and a piece shorter than a rule's least length is lost with it
// (the rule between 项目名称 and its value in a form's first row: the row
// read as one cell, `项目名称 | 新兴产业奖补…`, and the form lost). Each
// vertical rule's end is taken on to the nearest horizontal rule across its
// path (and each horizontal rule's to the nearest vertical one) at most
// `dpi / 3` away, where every row (column) between them holds ink within 2
// pixels of the rule's line at the fainter threshold; that ink is added to
// the lines' mask (it is no text). Only the rules of a table: both half an
// inch long or more (a title's bold stroke is found as a short rule).
constexpr int kFaintRuleThreshold = 195;

void extend_faint_rules(Lines& lines, Pix* faint, int dpi) {
  const double k = 72.0 / dpi;
  const int W = static_cast<int>(pixGetWidth(faint)), H = static_cast<int>(pixGetHeight(faint));
  const double reach = (dpi / 3) * k, tol = 2.0;  // points
  // Ink within 2 px of (x, y) across the rule's line: `across_x` for a vertical rule.
  auto ink_near = [&](int x, int y, bool across_x) {
    for (int d = -2; d <= 2; ++d) {
      const int px = across_x ? x + d : x, py = across_x ? y : y + d;
      if (px < 0 || py < 0 || px >= W || py >= H) continue;
      l_uint32 v = 0;
      pixGetPixel(faint, px, py, &v);
      if (v) return true;
    }
    return false;
  };
  auto inked = [&](double along, double from, double to, bool vertical) {
    const int a = static_cast<int>(std::lround(along / k));
    const int lo = static_cast<int>(std::floor(std::min(from, to) / k)), hi = static_cast<int>(std::ceil(std::max(from, to) / k));
    for (int t = lo; t <= hi; ++t)
      if (!(vertical ? ink_near(a, t, true) : ink_near(t, a, false))) return false;
    return true;
  };
  std::vector<PdfRule> added;
  const std::vector<PdfRule> rules = lines.rules;
  // Only the rules of a table: half an inch long or more, both of them (a
  // title's bold stroke is found as a short rule).
  const double least = 36;
  auto length = [](const PdfRule& r) { return std::max(r.x1 - r.x0, r.y1 - r.y0); };
  for (auto& r : lines.rules) {
    if (length(r) < least) continue;
    const bool vertical = !r.horizontal();
    const double at = vertical ? r.x0 : r.y0;  // the rule's line
    double& start = vertical ? r.y0 : r.x0;
    double& end = vertical ? r.y1 : r.x1;
    double before = -1, after = -1;  // the nearest crossing rules beyond each end
    for (const auto& c : rules) {
      if (c.horizontal() == r.horizontal() || length(c) < least) continue;
      const double cat = vertical ? c.y0 : c.x0;  // the crossing rule's line
      const double c0 = vertical ? c.x0 : c.y0, c1 = vertical ? c.x1 : c.y1;
      if (at < c0 - tol || at > c1 + tol) continue;
      if (cat < start - tol && start - cat <= reach && (before < 0 || cat > before)) before = cat;
      if (cat > end + tol && cat - end <= reach && (after < 0 || cat < after)) after = cat;
    }
    if (before >= 0 && inked(at, before, start, vertical)) {
      added.push_back(vertical ? PdfRule{at, before, at, start} : PdfRule{before, at, start, at});
      start = before;
    }
    if (after >= 0 && inked(at, end, after, vertical)) {
      added.push_back(vertical ? PdfRule{at, end, at, after} : PdfRule{end, at, after, at});
      end = after;
    }
  }
  for (const auto& a : added) trace("faint rule %.1f %.1f %.1f %.1f\n", a.x0, a.y0, a.x1, a.y1);
  for (const auto& a : added) {
    const int x0 = static_cast<int>(a.x0 / k) - 3, y0 = static_cast<int>(a.y0 / k) - 3;
    LBoxPtr b(boxCreate(x0, y0, static_cast<int>(a.x1 / k) + 4 - x0, static_cast<int>(a.y1 / k) + 4 - y0));
    PixPtr part(pixClipRectangle(faint, b.get(), nullptr));
    if (part) pixRasterop(lines.mask.get(), x0, y0, pixGetWidth(part.get()), pixGetHeight(part.get()), PIX_SRC | PIX_DST, part.get(), 0, 0);
  }
}

Grid find_grid(Pix* grey, int dpi) {
  Grid g;
  g.light = binarize(grey, kRuleThreshold);
  g.lines = find_lines(g.light.get(), dpi);
  if (PixPtr faint = binarize(grey, kFaintRuleThreshold)) extend_faint_rules(g.lines, faint.get(), dpi);
  PdfPage probe;
  probe.rules = g.lines.rules;
  g.tables = table_cells(probe);
  return g;
}

// Reads the cells of the page's grid and the text around it.
}  // namespace

// (See scan_reader.h.) The box of a cell's text in the crop (x, y, w, h) of the page, from its ink
// at the text's threshold (`strict`) widened by its ink at the rules' lenient
// one (`light`) that does not touch the cell's edge: a rule's fringe (blur,
// JPEG) passes the lenient threshold. False when the cell holds no text.
// Text in a small font scanned at a low resolution has strokes thinner than
// a pixel: they are grey, not black, and at the text's threshold fall apart
// into specks (Calc shrinking a sheet to the page: amounts, 指标值, short
// labels read as empty cells). When the strict ink is less than a small digit,
// the lenient ink alone finds the text, if there is as much of it and it is
// as high as a glyph.
bool text_box(Pix* strict, Pix* light, int x, int y, int w, int h, int dpi, int speck, int* bx, int* by, int* bw,
              int* bh) {
  const int min_ink = min_text_ink(dpi);
  bool found = false;
  PixPtr ink = crop(strict, x, y, w, h);
  Pix* fg = nullptr;
  LBox* fb = nullptr;
  if (ink && pixClipToForeground(ink.get(), &fg, &fb) == 0 && fb) {
    LBoxPtr keep(fb);
    l_int32 n = 0;
    pixCountPixels(fg, &n, nullptr);
    pixDestroy(&fg);
    l_int32 fx, fy, fw, fh;
    boxGetGeometry(fb, &fx, &fy, &fw, &fh);
    if (cell_holds_text(n, fw, fh, dpi)) {
      *bx = fx, *by = fy, *bw = fw, *bh = fh;
      found = true;
    }
  }
  PixPtr cut = light ? crop(light, x, y, w, h) : nullptr;
  PixPtr faint(cut ? pixRemoveBorderConnComps(cut.get(), 8) : nullptr);
  Pix* lfg = nullptr;
  LBox* lb = nullptr;
  if (!faint || pixClipToForeground(faint.get(), &lfg, &lb) != 0 || !lb) return found;
  LBoxPtr keep_light(lb);
  PixPtr keep_lfg(lfg);
  l_int32 lx, ly, lw, lh;
  boxGetGeometry(lb, &lx, &ly, &lw, &lh);
  if (found) {
    const int x1 = std::max(*bx + *bw, lx + lw), y1 = std::max(*by + *bh, ly + lh);
    *bx = std::min(*bx, lx), *by = std::min(*by, ly), *bw = x1 - *bx, *bh = y1 - *by;
    return true;
  }
  l_int32 n = 0;
  pixCountPixels(lfg, &n, nullptr);
  if (n < min_ink || lh < 2 * speck) return false;
  *bx = lx, *by = ly, *bw = lw, *bh = lh;
  return true;
}

namespace {

// Pieces of ruling lines in a line of text outside the grid (rule_bars:
// the vertical rules of a row too low for them to be found as rules), found
// in `letters` (its ink without specks), whitened in `clean` with a pixel's
// fringe.
void whiten_rule_bars(Pix* clean, Pix* letters, int x, int y, int w, int h) {
  PixPtr part = crop(letters, x, y, w, h);
  if (!part) return;
  Pixa* pixa = nullptr;
  BoxaPtr boxes(pixConnComp(part.get(), &pixa, 8));
  PixaPtr keep(pixa);
  if (!boxes || !pixa) return;
  std::vector<InkPart> parts;
  for (int i = 0; i < boxaGetCount(boxes.get()); ++i) {
    InkPart p;
    boxaGetBoxGeometry(boxes.get(), i, &p.x, &p.y, &p.w, &p.h);
    PixPtr one(pixaGetPix(pixa, i, L_CLONE));
    l_int32 n = 0;
    if (one) pixCountPixels(one.get(), &n, nullptr);
    p.pixels = n;
    parts.push_back(p);
  }
  for (size_t i : rule_bars(parts)) {
    const auto& p = parts[i];
    trace("rule bar\t%d,%d %dx%d\n", x + p.x, y + p.y, p.w, p.h);
    LBoxPtr b(boxCreate(x + p.x - 1, y + p.y - 1, p.w + 2, p.h + 2));
    pixSetInRectArbitrary(clean, b.get(), 255);
  }
}

void read_page_text(ScanPage& out, Pix* grey, Pix* binary, int dpi, Grid& grid) {
  const double k = 72.0 / dpi;
  PixPtr& light = grid.light;
  Lines& lines = grid.lines;
  out.page.rules = lines.rules;
  if (debugging()) {
    pixWrite((debug_dir() + "/dbg-grey.png").c_str(), grey, IFF_PNG);
    pixWrite((debug_dir() + "/dbg-binary.png").c_str(), light.get(), IFF_PNG);
    pixWrite((debug_dir() + "/dbg-lines.png").c_str(), lines.mask.get(), IFF_PNG);
    std::fprintf(stderr, "rules: %zu\n", lines.rules.size());
  }
  const auto& tables = grid.tables;
  if (tables.empty()) {
    out.problem = "no ruled grid of a form found in the image (a photo or another document?)";
    return;
  }
  // The image without its lines: they would be read as 丨 and 一.
  PixPtr clean(pixCopy(nullptr, grey));
  pixPaintThroughMask(clean.get(), lines.mask.get(), 0, 0, 0xff);
  PixPtr clean_binary(pixSubtract(nullptr, binary, lines.mask.get()));
  PixPtr clean_light(pixSubtract(nullptr, light.get(), lines.mask.get()));
  // Nor its specks: a dot far from any text made a lone "0" cell's crop
  // twice as wide, and the 0 was read as 有 or as nothing.
  if (PixPtr specks{isolated_specks(clean_light.get(), dpi)}) {
    PixPtr fringe(pixDilateBrick(nullptr, specks.get(), 3, 3));
    pixPaintThroughMask(clean.get(), fringe.get(), 0, 0, 0xff);
    pixSubtract(clean_binary.get(), clean_binary.get(), fringe.get());
    pixSubtract(clean_light.get(), clean_light.get(), fringe.get());
  }

  const int W = static_cast<int>(pixGetWidth(grey)), H = static_cast<int>(pixGetHeight(grey));
  // Specks are not text: a cell's text is found from components bigger than a speck.
  const int speck = std::max(3, dpi / 50);
  PixPtr letters_in_cells(
      pixSelectBySize(clean_binary.get(), speck, speck, 8, L_SELECT_IF_EITHER, L_SELECT_IF_GTE, nullptr));
  // The text's box is found with the rules' lenient threshold: a thin light
  // stroke (the 一 of 一级指标 in a serif font scanned at 150 dpi) falls
  // apart into specks at the text's threshold and was cut off the crop.
  PixPtr light_letters(
      pixSelectBySize(clean_light.get(), speck, speck, 8, L_SELECT_IF_EITHER, L_SELECT_IF_GTE, nullptr));
  const int inset = std::max(2, dpi / 100);
  const int line_height = dpi / 4;  // a cell lower than this holds one line of text
  for (const auto& t : tables)
    for (const auto& b : t.cells) {
      int x = static_cast<int>(b.x0 / k) + inset, y = static_cast<int>(b.y0 / k) + inset;
      int w = static_cast<int>(b.x1 / k) - inset - x, h = static_cast<int>(b.y1 / k) - inset - y;
      x = std::clamp(x, 0, W - 1), y = std::clamp(y, 0, H - 1);
      w = std::min(w, W - x), h = std::min(h, H - y);
      if (w < 4 || h < 4) continue;
      // The text's own box, found without specks; read with a margin.
      l_int32 bx, by, bw, bh;
      if (!text_box(letters_in_cells.get(), light_letters.get(), x, y, w, h, dpi, speck, &bx, &by, &bw, &bh)) {
        trace("skip cell %d,%d %dx%d\n", x, y, w, h);
        continue;
      }
      const int m = std::max(2, dpi / 40);
      const int tx = x + std::max(0, bx - m), ty = y + std::max(0, by - m);
      const int tw = std::min(x + w, x + bx + bw + m) - tx, th = std::min(y + h, y + by + bh + m) - ty;
      x = tx, y = ty, w = tw, h = th;
      float cap;
      std::vector<std::string> others;
      auto glyphs = read_region(clean.get(), x, y, w, h, dpi, h < line_height, &cap, &others);
      add_glyphs(out.page.chars, glyphs, x, y, dpi, cap);
      if (!others.empty())
        out.page.readings.push_back(OcrReadings{Box{x * k, y * k, (x + w) * k, (y + h) * k}, text_of(glyphs), std::move(others)});
    }
  // Text outside the grid: the bands above, between and below the tables.
  PixPtr outside(pixCopy(nullptr, clean_binary.get()));
  for (const auto& t : tables) {
    const int m = inset * 2;
    LBoxPtr b(boxCreate(static_cast<int>(t.outer.x0 / k) - m, static_cast<int>(t.outer.y0 / k) - m,
                        static_cast<int>((t.outer.x1 - t.outer.x0) / k) + 2 * m,
                        static_cast<int>((t.outer.y1 - t.outer.y0) / k) + 2 * m));
    pixClearInRect(outside.get(), b.get());
  }
  PixPtr letters(pixSelectBySize(outside.get(), speck, speck, 8, L_SELECT_IF_EITHER, L_SELECT_IF_GTE, nullptr));
  std::vector<std::pair<int, int>> bands;
  int top = 0;
  for (const auto& t : tables) {
    bands.emplace_back(top, static_cast<int>(t.outer.y0 / k));
    top = static_cast<int>(t.outer.y1 / k);
  }
  bands.emplace_back(top, H);
  for (auto [y0, y1] : bands) {
    if (y1 - y0 < 8) continue;
    PixPtr band = crop(letters.get(), 0, y0, W, y1 - y0);
    if (!band) continue;
    Pix* fg = nullptr;
    LBox* fb = nullptr;
    if (pixClipToForeground(band.get(), &fg, &fb) != 0 || !fb) continue;
    pixDestroy(&fg);
    LBoxPtr keep(fb);
    l_int32 bx, by, bw, bh;
    boxGetGeometry(fb, &bx, &by, &bw, &bh);
    const int m = dpi / 30;
    // The band's rows off the tables' edges (cleared of their rules' fringe).
    const int clear_top = y0 > 0 ? y0 + inset * 2 : 0, clear_bottom = y1 < H ? y1 - inset * 2 : H;
    // A line's items that wide gaps part (a sign-off's 负责人：… 联系电话：…)
    // that wrap to two lines among items of one (联系电话： over its number):
    // each such item is read by itself, the rest of the line without it, and
    // the line is a part by itself (joined to the title under it, it was
    // read as a block). Read as one line with the rest, the wrapped item's
    // two lines were interleaved (各和尖电通 for 联系电话, the phone and the
    // date lost). Items as columns from bx with their ink's rows from `first`.
    auto wrapped = [&](int first, int last) {
      const int height = last - first + 1;
      const auto parts =
          wide_gap_parts(column_ink(band.get(), bx, by + first, bw, height), std::max(dpi / 4, 3 * height));
      std::vector<InkPart> boxes;
      for (auto [a, b] : parts) {
        InkPart p{a, 0, b - a + 1, 0, 0};
        PixPtr item = crop(band.get(), bx + a, by + first, b - a + 1, height);
        Pix* ifg = nullptr;
        LBox* ib = nullptr;
        if (item && pixClipToForeground(item.get(), &ifg, &ib) == 0 && ib) {
          LBoxPtr keep_box(ib);
          PixPtr keep_fg(ifg);
          l_int32 ix, iw;
          boxGetGeometry(ib, &ix, &p.y, &iw, &p.h);
        }
        boxes.push_back(p);
      }
      std::vector<InkPart> out;
      for (size_t j : wrapped_items(boxes)) out.push_back(boxes[j]);
      return out;
    };
    // Its parts of unlike heights, each by itself (a title and the smaller
    // year line under it: read as one block, the year line was lost).
    std::vector<std::pair<int, int>> runs{{0, bh - 1}};
    if (PixPtr fg_box = crop(band.get(), bx, by, bw, bh)) {
      NumaPtr counts(pixCountPixelsByRow(fg_box.get(), nullptr));
      if (counts) {
        const std::vector<int> rows = ints_of(counts.get(), bh);
        auto alone = [&](int first, int last) { return !wrapped(first, last).empty(); };
        if (auto parted = ink_row_runs(rows, std::max(3, dpi / 25), alone); !parted.empty()) runs = std::move(parted);
      }
    }
    for (size_t i = 0; i < runs.size(); ++i) {
      // Each line with the rows half-way to its neighbours, the margin at the ends.
      const int top = i == 0 ? -m : (runs[i - 1].second + runs[i].first + 1) / 2;
      const int bottom = i + 1 == runs.size() ? bh - 1 + m : (runs[i].second + runs[i + 1].first + 1) / 2 - 1;
      int x = std::max(0, bx - m), y = std::max(0, y0 + by + top);
      int w = std::min(W - x, bw + 2 * m), h = std::min(H - y, y0 + by + bottom + 1 - y);
      if (h <= 0) continue;
      whiten_rule_bars(clean.get(), letters.get(), x, y, w, h);
      const auto apart = wrapped(runs[i].first, runs[i].second);
      PixPtr rest = apart.empty() ? nullptr : crop(clean.get(), x, y, w, h);
      for (const auto& p : apart) {
        // The item with a margin and its own rows, read by itself, then
        // whitened in the rest of the line.
        const int ix = std::max(0, bx + p.x - m), iw = std::min(W, bx + p.x + p.w + m) - ix;
        const int iy = std::max(y, y0 + by + runs[i].first + p.y - m);
        const int ih = std::min(y + h, y0 + by + runs[i].first + p.y + p.h + m) - iy;
        trace("wrapped item\t%d,%d %dx%d of line %d,%d %dx%d, rows %d-%d\n", ix, iy, iw, ih, x, y, w, h, clear_top, clear_bottom);
        float cap;
        auto glyphs = read_region(clean.get(), ix, iy, iw, ih, dpi, false, &cap);
        // Its lines' boxes moved off the table above (an item close under a
        // table, its top at the table's rule: a line box reaching into the
        // table's last row made a row of the table of it).
        for (auto& g : glyphs) {
          const int down = std::max(0, clear_top - iy - g.line_y0);
          g.line_y0 += down, g.line_y1 += down, g.y0 += down, g.y1 += down;
        }
        add_glyphs(out.page.chars, glyphs, ix, iy, dpi, cap);
        if (rest) {
          LBoxPtr b(boxCreate(ix - x, 0, iw, h));
          pixSetInRectArbitrary(rest.get(), b.get(), 255);
        }
      }
      float cap;
      auto glyphs = rest ? read_region(rest.get(), 0, 0, w, h, dpi, false, &cap)
                         : read_region(clean.get(), x, y, w, h, dpi, false, &cap);
      add_glyphs(out.page.chars, glyphs, x, y, dpi, cap);
    }
  }
  out.readable = true;
}

// Is the page upside down? A few one-line cells are read as they are and
// turned: text read upside down is read with less confidence. Each cell
// votes for the surer reading with the weight of its length; the page is
// decided by the sum, after a second cell unless the first is clear (one
// cell read upside down into confident garbage must not decide alone).
bool upside_down(Pix* grey, Pix* binary, int dpi, const std::vector<TableCells>& tables) {
  const double k = 72.0 / dpi;
  const int min_ink = min_text_ink(dpi);
  // Probes: one-line cells wide enough to hold words (a lone number such as
  // "≥90%" reads upside down as "9%08" with confidence), the inkiest first.
  struct Probe {
    int x, y, w, h, ink;
  };
  std::vector<Probe> probes;
  for (const auto& t : tables)
    for (const auto& b : t.cells) {
      int x = static_cast<int>(b.x0 / k) + 3, y = static_cast<int>(b.y0 / k) + 3;
      int w = static_cast<int>((b.x1 - b.x0) / k) - 6, h = static_cast<int>((b.y1 - b.y0) / k) - 6;
      if (w < 8 || h < 8 || h > dpi / 4 || w < 3 * h) continue;  // one line (two read as one line read as garbage both ways)
      const int ink = count_ink(binary, x, y, w, h);
      if (ink < 4 * min_ink) continue;
      probes.push_back(Probe{x, y, w, h, ink});
    }
  std::sort(probes.begin(), probes.end(), [](const Probe& a, const Probe& b) { return a.ink > b.ink; });
  if (probes.size() > 6) probes.resize(6);
  int tried = 0, votes = 0;
  for (const auto& p : probes) {
    PixPtr part = crop(grey, p.x, p.y, p.w, p.h);
    if (!part) continue;
    PixPtr padded(pixAddBorder(part.get(), 8, 0xff));
    PixPtr flipped(pixRotate180(nullptr, padded.get()));
    // Each way read as a cell is (read_crop): a reading less sure than
    // kSecondReading read again with Otsu's threshold, the surer kept. A
    // whole cell's crop of a 150 dpi scan, paper tone and noise and all,
    // read with Sauvola's threshold alone came out as garbage both ways
    // (上党经济技术开发区管理委员会 as 弥激光本帮发区党天委员匠人交三计全 with 84%,
    // upside down as RE with 89%), and the page was left upside down.
    auto read_way = [&](Pix* pix) {
      auto glyphs = recognize(pix, dpi, "chi_sim", tesseract::PSM_SINGLE_LINE);
      if (glyphs.empty() || mean_confidence(glyphs) < kSecondReading) {
        auto second = recognize(pix, dpi, "chi_sim", tesseract::PSM_SINGLE_LINE, kSecondThreshold);
        if (mean_confidence(second) > mean_confidence(glyphs)) glyphs = std::move(second);
      }
      return glyphs;
    };
    const auto up_glyphs = read_way(padded.get());
    const auto down_glyphs = read_way(flipped.get());
    const float up = mean_confidence(up_glyphs), down = mean_confidence(down_glyphs);
    // Garbage read from upside-down ideographs still gets 85% or so: a
    // probe votes for the reading clearly surer than the other, with the
    // weight of its length (a cell holding one character says little).
    const int weight = static_cast<int>(std::min<size_t>(20, std::max(up_glyphs.size(), down_glyphs.size())));
    const int vote = down > up + 5 ? weight : up > down + 5 ? -weight : 0;
    votes += vote;
    ++tried;
    trace("upside-down probe: %s %.0f | %s %.0f\n", text_of(up_glyphs).c_str(), up,
                   text_of(down_glyphs).c_str(), down);
    // Clear: a long cell read much surer one way, or two cells agreeing.
    if (tried == 1 && weight >= 8 && std::fabs(down - up) >= 10) break;
    if (tried >= 2 && std::abs(votes) >= 16) break;
  }
  return tried > 0 && votes > 0;
}

// Does the page lie on its side (turned a quarter)? A form's one-line cells
// are wide and low; on a page turned a quarter they are narrow and tall.
bool on_its_side(const std::vector<TableCells>& tables, int dpi) {
  const double k = 72.0 / dpi;
  int wide = 0, tall = 0;
  for (const auto& t : tables)
    for (const auto& b : t.cells) {
      const double w = (b.x1 - b.x0) / k, h = (b.y1 - b.y0) / k;
      if (h <= dpi / 4.0 && w >= 3 * h) ++wide;
      else if (w <= dpi / 4.0 && h >= 3 * w) ++tall;
    }
  return tall >= 4 && tall > 2 * wide;
}

}  // namespace

std::vector<PdfRule> scan_rules(Pix* grey, int dpi) {
  PixPtr g8(pixConvertTo8(grey, 0));
  return find_grid(g8.get(), dpi).lines.rules;
}

Pix* isolated_specks(Pix* binary, int dpi) {
  // A speck: a component smaller than a digit's stroke is long, with no other
  // ink within about half a character (a decimal point, a comma, a colon's
  // dots and a character's own dots lie closer to the text than that).
  const int small = std::max(4, dpi / 30), reach = std::max(6, dpi / 12);
  PixPtr dots(pixSelectBySize(binary, small, small, 8, L_SELECT_IF_BOTH, L_SELECT_IF_LT, nullptr));
  if (!dots) return nullptr;
  PixPtr rest(pixSubtract(nullptr, binary, dots.get()));
  PixPtr around(rest ? pixDilateBrick(nullptr, rest.get(), 2 * reach + 1, 2 * reach + 1) : nullptr);
  if (!around) return nullptr;
  PixPtr seeds(pixAnd(nullptr, dots.get(), around.get()));
  PixPtr kept(seeds ? pixSeedfillBinary(nullptr, seeds.get(), dots.get(), 8) : nullptr);
  if (!kept) return nullptr;
  return pixSubtract(nullptr, dots.get(), kept.get());
}

std::string ocr_engine() { return std::string("tesseract ") + tesseract::TessBaseAPI::Version() + " chi_sim"; }

ScanPage read_scan_page(Pix* image, int dpi, int number) {
  quiet_leptonica();
  ScanPage out;
  out.page.number = number;
  const int W = static_cast<int>(pixGetWidth(image)), H = static_cast<int>(pixGetHeight(image));
  out.page.width = W * 72.0 / dpi;
  out.page.height = H * 72.0 / dpi;
  out.page.image_area = out.page.width * out.page.height;
  if (dpi < 100) {
    out.problem = "the image's resolution is " + std::to_string(dpi) + " dpi, too low to read (at least 100 dpi)";
    return out;
  }
  PixPtr grey = to_grey(image);
  PixPtr binary = binarize(grey.get());
  if (!grey || !binary) {
    out.problem = "the image cannot be decoded";
    return out;
  }
  l_int32 ink = 0;
  pixCountPixels(binary.get(), &ink, nullptr);
  if (ink < static_cast<double>(W) * H * 0.002) {
    out.problem = "the page is blank";
    return out;
  }
  // Deskew: the grey image is turned by the angle found on the binary one.
  l_float32 angle = 0, conf = 0;
  if (pixFindSkew(binary.get(), &angle, &conf) == 0 && conf > 2.0 && std::fabs(angle) > 0.05) {
    const float rad = static_cast<float>(angle * M_PI / 180.0);
    PixPtr turned(pixRotate(grey.get(), rad, L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0));
    if (turned) {
      grey = std::move(turned);
      binary = binarize(grey.get());
      out.skew = angle;
    }
  }
  Grid grid = find_grid(grey.get(), dpi);
  if (on_its_side(grid.tables, dpi)) {
    // A quarter clockwise; upside_down then tells 90 from 270.
    PixPtr g(pixRotateOrth(grey.get(), 1)), b(pixRotateOrth(binary.get(), 1));
    if (g && b) {
      grey = std::move(g);
      binary = std::move(b);
      out.turned = 90;
      grid = find_grid(grey.get(), dpi);
      out.page.width = pixGetWidth(grey.get()) * 72.0 / dpi;
      out.page.height = pixGetHeight(grey.get()) * 72.0 / dpi;
    }
  }
  if (upside_down(grey.get(), binary.get(), dpi, grid.tables)) {
    grey.reset(pixRotate180(nullptr, grey.get()));
    binary.reset(pixRotate180(nullptr, binary.get()));
    out.turned += 180;
    grid = find_grid(grey.get(), dpi);
  }
  const auto t0 = std::chrono::steady_clock::now();
  read_page_text(out, grey.get(), binary.get(), dpi, grid);
  if (debugging())
  {
    std::fprintf(stderr, "page %d: cells read in %.2f s\n", number,
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    for (const auto& [key, v] : recognize_stats()) std::fprintf(stderr, "  %-24s %5d %7.2f s\n", key.c_str(), v.first, v.second);
    recognize_stats().clear();
  }
  return out;
}

namespace {

// The resolution an image says it has; where it says nothing plausible, the
// one that makes it as wide as an A4 page (portrait or landscape).
int resolution_of(Pix* pix) {
  l_int32 xres = 0, yres = 0;
  pixGetResolution(pix, &xres, &yres);
  if (xres >= 100 && xres <= 1200) return xres;
  const int w = static_cast<int>(pixGetWidth(pix)), h = static_cast<int>(pixGetHeight(pix));
  const double inches = w < h ? 8.27 : 11.69;
  return std::max(1, static_cast<int>(std::lround(w / inches)));
}

}  // namespace

// Pages read by OCR become part of the document; their problems, notes.
void add_scan_page(CellDocument& doc, std::vector<PdfPage>& pages, ScanPage&& scan, int dpi) {
  const int n = scan.page.number;
  if (!scan.readable) {
    doc.notes.push_back(ReaderNote{"page " + std::to_string(n) + " (scanned): " + scan.problem + "; not read", 0, n});
    return;
  }
  if (scan.turned == 180)
    doc.notes.push_back(ReaderNote{"page " + std::to_string(n) + " (scanned) is upside down; it was turned to be read", 0, n});
  else if (scan.turned != 0)
    doc.notes.push_back(ReaderNote{"page " + std::to_string(n) + " (scanned) lies on its side; it was turned " +
                                       std::to_string(scan.turned) + "° clockwise to be read",
                                   0, n});
  if (!doc.ocr) doc.ocr = OcrSource{"tesseract", tesseract::TessBaseAPI::Version(), "chi_sim", dpi, {}};
  doc.ocr->pages.push_back(n);
  pages.push_back(std::move(scan.page));
}

CellDocument read_image_file(const std::filesystem::path& path, const ReadOptions& options) {
  quiet_leptonica();
  CellDocument doc;
  doc.file = path.filename().string();
  doc.format = "image";
  if (options.ocr == OcrMode::never)
    throw InputError(doc.file, "an image file is read only by OCR, and --ocr never was given");
  std::vector<PixPtr> images;
  FILE* f = std::fopen(path.string().c_str(), "rb");
  if (!f) throw InputError(doc.file, "cannot open: " + std::string(std::strerror(errno)));
  l_int32 format = IFF_UNKNOWN;
  findFileFormatStream(f, &format);
  if (L_FORMAT_IS_TIFF(format)) {
    l_int32 count = 0;
    tiffGetCount(f, &count);
    std::fclose(f);
    if (count > options.limits.max_pages)
      throw InputError(doc.file, "the TIFF has " + std::to_string(count) + " pages, over the limit of " +
                                     std::to_string(options.limits.max_pages) + " (--max-pages)");
    for (int i = 0; i < count; ++i) {
      PixPtr p(pixReadTiff(path.string().c_str(), i));
      if (!p) throw InputError(doc.file, "damaged TIFF: page " + std::to_string(i + 1) + " cannot be decoded", 0, i + 1);
      images.push_back(std::move(p));
    }
  } else {
    std::fclose(f);
    PixPtr p(pixRead(path.string().c_str()));
    if (!p) throw InputError(doc.file, "the image cannot be decoded (damaged, or not PNG, JPEG or TIFF)");
    images.push_back(std::move(p));
  }
  if (images.empty()) throw InputError(doc.file, "the image file holds no image");
  std::vector<PdfPage> pages;
  int dpi = 0;
  for (size_t i = 0; i < images.size(); ++i) {
    const int n = static_cast<int>(i) + 1;
    check_deadline(options.limits, doc.file, 0, n);
    dpi = resolution_of(images[i].get());
    add_scan_page(doc, pages, read_scan_page(images[i].get(), dpi, n), dpi);
  }
  if (pages.empty()) {
    const ReaderNote& why = doc.notes.front();
    throw InputError(doc.file, why.message, 0, why.page);
  }
  doc.rows = lay_out_pages(pages);
  return doc;
}

Pix* render_pdf_page(const std::filesystem::path& path, int number, int dpi, std::string& problem) {
  std::unique_ptr<poppler::document> pdf(poppler::document::load_from_file(path.string()));
  if (!pdf) {
    problem = "Poppler cannot open the file to render it";
    return nullptr;
  }
  std::unique_ptr<poppler::page> page(pdf->create_page(number - 1));
  if (!page) {
    problem = "Poppler cannot render the page";
    return nullptr;
  }
  poppler::page_renderer renderer;
  renderer.set_image_format(poppler::image::format_gray8);
  renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
  poppler::image img = renderer.render_page(page.get(), dpi, dpi);
  if (!img.is_valid()) {
    problem = "Poppler cannot render the page";
    return nullptr;
  }
  const int w = img.width(), h = img.height();
  PixPtr pix(pixCreate(w, h, 8));
  pixSetResolution(pix.get(), dpi, dpi);
  const char* src = img.const_data();
  for (int y = 0; y < h; ++y) {
    const auto* row = reinterpret_cast<const unsigned char*>(src + static_cast<ptrdiff_t>(y) * img.bytes_per_row());
    l_uint32* line = pixGetData(pix.get()) + static_cast<ptrdiff_t>(y) * pixGetWpl(pix.get());
    for (int x = 0; x < w; ++x) SET_DATA_BYTE(line, x, row[x]);
  }
  return pix.release();
}

ScanPage read_pdf_page_by_ocr(const std::filesystem::path& path, int number, int dpi) {
  quiet_leptonica();
  ScanPage out;
  out.page.number = number;
  PixPtr pix(render_pdf_page(path, number, dpi, out.problem));
  if (!pix) return out;
  return read_scan_page(pix.get(), dpi, number);
}

}  // namespace perfgoal

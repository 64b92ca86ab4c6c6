#include "extract/pdf_layout.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <numeric>

#include "extract/ideographs.h"
#include "model/text_safety.h"

namespace perfgoal {
namespace {

// Tolerances, in points. Producers draw one rule as several pieces (a piece
// per cell side), a hair apart; rules closer than these are the same rule.
constexpr double kSamePosition = 1.5;   // two rules this close across are one
constexpr double kJoinGap = 2.0;        // pieces of one rule this far apart join
constexpr double kTouch = 2.5;          // a rule ends this close to another: they meet
constexpr double kGridPosition = 2.5;   // grid lines closer than this are one
constexpr double kMinRule = 3.0;        // shorter pieces are not rules (dots, ticks)
constexpr double kCovered = 0.5;        // a grid edge with this much rule on it is a border
constexpr double kSplitRowFoot = 15.0;  // a row cut by a page break ends within a line of the page's foot

bool is_space(char32_t c) { return c == U' ' || c == 0xA0; }

// East Asian text: ideographs, kana, CJK punctuation and full-width forms.
// Lines of such text wrap anywhere, so a line break in it is not a space.
bool is_cjk(char32_t c) {
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
         (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x3FFFF);
}

// The least confidence of OCR'd characters; -1 when none was OCR'd.
float least_confidence(const std::vector<PdfChar>& chars) {
  float least = -1;
  for (const auto& c : chars)
    if (c.confidence >= 0 && (least < 0 || c.confidence < least)) least = c.confidence;
  return least;
}

// The OCR'd characters the engine gave another choice for, in order.
std::vector<OcrDoubt> doubts_of(const std::vector<PdfChar>& chars) {
  std::vector<OcrDoubt> out;
  for (const auto& c : chars)
    if (c.alternative) out.push_back(OcrDoubt{c.code, c.alternative, c.alternative_confidence});
  return out;
}

double center_x(const PdfChar& c) { return (c.x0 + c.x1) / 2; }
double center_y(const PdfChar& c) { return (c.y0 + c.y1) / 2; }

// A rule after its pieces are joined: at `pos` (y for horizontal, x for
// vertical), from `a` to `b` along it.
struct Line {
  double pos, a, b;
};

std::vector<Line> join_pieces(std::vector<Line> pieces) {
  std::sort(pieces.begin(), pieces.end(), [](const Line& p, const Line& q) {
    return p.pos != q.pos ? p.pos < q.pos : p.a < q.a;
  });
  // Group by position, then join overlapping or nearly touching intervals.
  std::vector<Line> out;
  size_t i = 0;
  while (i < pieces.size()) {
    size_t j = i;
    double first = pieces[i].pos;
    while (j < pieces.size() && pieces[j].pos - first <= kSamePosition) ++j;
    std::vector<Line> group(pieces.begin() + static_cast<long>(i), pieces.begin() + static_cast<long>(j));
    double pos = 0;
    for (const auto& g : group) pos += g.pos;
    pos /= static_cast<double>(group.size());
    std::sort(group.begin(), group.end(), [](const Line& p, const Line& q) { return p.a < q.a; });
    Line cur{pos, group[0].a, group[0].b};
    for (size_t k = 1; k < group.size(); ++k) {
      if (group[k].a <= cur.b + kJoinGap) {
        cur.b = std::max(cur.b, group[k].b);
      } else {
        out.push_back(cur);
        cur = Line{pos, group[k].a, group[k].b};
      }
    }
    out.push_back(cur);
    i = j;
  }
  return out;
}

struct UnionFind {
  std::vector<int> parent;
  explicit UnionFind(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  int find(int x) {
    while (parent[static_cast<size_t>(x)] != x) x = parent[static_cast<size_t>(x)] = parent[static_cast<size_t>(parent[static_cast<size_t>(x)])];
    return x;
  }
  void unite(int a, int b) { parent[static_cast<size_t>(find(a))] = find(b); }
};

// Positions closer than `tolerance` are one; returns the sorted clusters' means.
std::vector<double> cluster_positions(std::vector<double> v, double tolerance) {
  std::sort(v.begin(), v.end());
  std::vector<double> out;
  size_t i = 0;
  while (i < v.size()) {
    size_t j = i;
    double sum = 0;
    while (j < v.size() && v[j] - v[i] <= tolerance) sum += v[j++];
    out.push_back(sum / static_cast<double>(j - i));
    i = j;
  }
  return out;
}

// Share of [a, b] covered by the lines at `pos` (within kGridPosition).
double coverage(const std::vector<Line>& lines, double pos, double a, double b) {
  std::vector<std::pair<double, double>> parts;
  for (const auto& l : lines)
    if (std::fabs(l.pos - pos) <= kGridPosition) {
      double lo = std::max(a, l.a), hi = std::min(b, l.b);
      if (hi > lo) parts.emplace_back(lo, hi);
    }
  std::sort(parts.begin(), parts.end());
  double covered = 0, end = a;
  for (auto [lo, hi] : parts) {
    lo = std::max(lo, end);
    if (hi > lo) covered += hi - lo;
    end = std::max(end, hi);
  }
  return b > a ? covered / (b - a) : 0;
}

// One table: its grid and the merged cells on it.
struct Table {
  std::vector<double> xs, ys;  // grid lines, sorted
  struct Region {
    int r0, r1, c0, c1;  // inclusive grid rows and columns
    std::vector<PdfChar> chars;
  };
  std::vector<Region> regions;
  std::vector<int> region_of;  // per grid cell (r * columns + c)
  int columns() const { return static_cast<int>(xs.size()) - 1; }
  int rows() const { return static_cast<int>(ys.size()) - 1; }
  bool contains(double x, double y) const {
    return x >= xs.front() - 0.5 && x <= xs.back() + 0.5 && y >= ys.front() - 0.5 && y <= ys.back() + 0.5;
  }
  Region& region_at(double x, double y) {
    auto index = [](const std::vector<double>& v, double p) {
      int k = static_cast<int>(std::upper_bound(v.begin(), v.end(), p) - v.begin()) - 1;
      return std::clamp(k, 0, static_cast<int>(v.size()) - 2);
    };
    int r = index(ys, y), c = index(xs, x);
    return regions[static_cast<size_t>(region_of[static_cast<size_t>(r * columns() + c)])];
  }
};

std::vector<Table> find_tables(const PdfPage& page) {
  std::vector<Line> h, v;
  for (const auto& r : page.rules) {
    if (r.horizontal()) {
      if (r.x1 - r.x0 >= kMinRule) h.push_back(Line{(r.y0 + r.y1) / 2, r.x0, r.x1});
    } else if (r.y1 - r.y0 >= kMinRule) {
      v.push_back(Line{(r.x0 + r.x1) / 2, r.y0, r.y1});
    }
  }
  h = join_pieces(std::move(h));
  v = join_pieces(std::move(v));
  // Rules that meet are one table.
  UnionFind uf(h.size() + v.size());
  for (size_t i = 0; i < h.size(); ++i)
    for (size_t j = 0; j < v.size(); ++j)
      if (v[j].pos >= h[i].a - kTouch && v[j].pos <= h[i].b + kTouch && h[i].pos >= v[j].a - kTouch &&
          h[i].pos <= v[j].b + kTouch)
        uf.unite(static_cast<int>(i), static_cast<int>(h.size() + j));
  std::map<int, std::pair<std::vector<Line>, std::vector<Line>>> groups;
  for (size_t i = 0; i < h.size(); ++i) groups[uf.find(static_cast<int>(i))].first.push_back(h[i]);
  for (size_t j = 0; j < v.size(); ++j) groups[uf.find(static_cast<int>(h.size() + j))].second.push_back(v[j]);

  std::vector<Table> tables;
  for (auto& [root, lines] : groups) {
    auto& [hs, vs] = lines;
    // One horizontal rule is enough where the vertical ones run on past it:
    // a row alone at the top of a page, its top border left on the page
    // before (below: the open row's ends stand for the missing border).
    if (hs.empty() || vs.size() < 2) continue;
    Table t;
    std::vector<double> xs, ys;
    for (const auto& l : vs) xs.push_back(l.pos);
    for (const auto& l : hs) ys.push_back(l.pos);
    t.xs = cluster_positions(xs, kGridPosition);
    t.ys = cluster_positions(ys, kGridPosition);
    if (t.xs.size() < 2) continue;
    // A row cut by a page break may be drawn open, its top border left on
    // the page before (or its bottom one on the next): the vertical rules
    // run on past the outer horizontal rule. Where most of them do, the row
    // ends where they end.
    {
      int above = 0, below = 0;
      double top = t.ys.front(), bottom = t.ys.back();
      for (const auto& l : vs) {
        if (l.a < t.ys.front() - kTouch) { ++above; top = std::min(top, l.a); }
        if (l.b > t.ys.back() + kTouch) { ++below; bottom = std::max(bottom, l.b); }
      }
      if (above * 2 > static_cast<int>(vs.size())) t.ys.insert(t.ys.begin(), top);
      if (below * 2 > static_cast<int>(vs.size())) t.ys.push_back(bottom);
    }
    if (t.ys.size() < 2) continue;
    const int R = t.rows(), C = t.columns();
    UnionFind cells(static_cast<size_t>(R * C));
    for (int r = 0; r < R; ++r)
      for (int c = 0; c < C; ++c) {
        const double top = t.ys[static_cast<size_t>(r)], bottom = t.ys[static_cast<size_t>(r) + 1];
        const double left = t.xs[static_cast<size_t>(c)], right = t.xs[static_cast<size_t>(c) + 1];
        if (c + 1 < C && coverage(vs, right, top, bottom) < kCovered) cells.unite(r * C + c, r * C + c + 1);
        if (r + 1 < R && coverage(hs, bottom, left, right) < kCovered) cells.unite(r * C + c, (r + 1) * C + c);
      }
    std::map<int, int> region_index;
    t.region_of.resize(static_cast<size_t>(R * C));
    for (int r = 0; r < R; ++r)
      for (int c = 0; c < C; ++c) {
        int root_cell = cells.find(r * C + c);
        auto [it, fresh] = region_index.emplace(root_cell, static_cast<int>(t.regions.size()));
        if (fresh) t.regions.push_back(Table::Region{r, r, c, c, {}});
        Table::Region& g = t.regions[static_cast<size_t>(it->second)];
        g.r0 = std::min(g.r0, r);
        g.r1 = std::max(g.r1, r);
        g.c0 = std::min(g.c0, c);
        g.c1 = std::max(g.c1, c);
        t.region_of[static_cast<size_t>(r * C + c)] = it->second;
      }
    tables.push_back(std::move(t));
  }
  std::sort(tables.begin(), tables.end(), [](const Table& a, const Table& b) { return a.ys.front() < b.ys.front(); });
  return tables;
}

// Characters grouped into lines (top to bottom), each sorted left to right.
std::vector<std::vector<PdfChar>> lines_of(std::vector<PdfChar> chars) {
  std::stable_sort(chars.begin(), chars.end(),
                   [](const PdfChar& a, const PdfChar& b) { return center_y(a) < center_y(b); });
  std::vector<std::vector<PdfChar>> lines;
  double top = 0, bottom = 0;
  for (const auto& c : chars) {
    double h = std::max(c.y1 - c.y0, 0.1);
    bool same = false;
    if (!lines.empty()) {
      double overlap = std::min(bottom, c.y1) - std::max(top, c.y0);
      same = overlap >= 0.5 * std::min(h, bottom - top) || std::fabs(center_y(c) - (top + bottom) / 2) < 0.25 * h;
    }
    if (same) {
      lines.back().push_back(c);
      top = std::min(top, c.y0);
      bottom = std::max(bottom, c.y1);
    } else {
      lines.push_back({c});
      top = c.y0;
      bottom = c.y1;
    }
  }
  for (auto& l : lines)
    std::stable_sort(l.begin(), l.end(), [](const PdfChar& a, const PdfChar& b) { return a.x0 < b.x0; });
  return lines;
}

// One line's text: explicit spaces kept (one for a run), a space for a wide
// gap between letters or digits, none between East Asian characters.
void append_line(std::string& out, const std::vector<PdfChar>& line) {
  const PdfChar* prev = nullptr;
  bool pending_space = false;
  for (const auto& c : line) {
    if (is_space(c.code)) {
      if (prev) pending_space = true;
      continue;
    }
    if (prev) {
      // A character drawn twice over itself (fake bold) is one character.
      // (Not for OCR'd characters: their boxes are estimates, and "000" is three.)
      if (c.confidence < 0 && c.code == prev->code && std::fabs(c.x0 - prev->x0) < 0.3 * std::max(c.size, 1.0))
        continue;
      double gap = c.x0 - prev->x1;
      bool wide = gap > 0.25 * std::max({c.size, prev->size, 1.0});
      if (pending_space || (wide && !(is_cjk(prev->code) && is_cjk(c.code)))) out += ' ';
    }
    append_utf8(out, c.code);
    prev = &c;
    pending_space = false;
  }
}

char32_t last_code(const std::vector<PdfChar>& line) {
  for (auto it = line.rbegin(); it != line.rend(); ++it)
    if (!is_space(it->code)) return it->code;
  return 0;
}
char32_t first_code(const std::vector<PdfChar>& line) {
  for (const auto& c : line)
    if (!is_space(c.code)) return c.code;
  return 0;
}

bool is_digit(char32_t c) { return c >= U'0' && c <= U'9'; }

// Is a line break between these two characters a space of the text?
bool wrap_is_space(char32_t a, char32_t b) {
  if (!a || !b || is_cjk(a) || is_cjk(b)) return false;
  if (is_digit(a) || is_digit(b)) return false;  // a number cut by the cell's width
  return true;
}

// Splits a line of text outside tables into stretches at wide gaps (two
// ideographs' width), which is how columns without rules are told apart.
Box box_of(const std::vector<PdfChar>& chars) {
  Box b{chars.front().x0, chars.front().y0, chars.front().x1, chars.front().y1};
  for (const auto& c : chars) {
    b.x0 = std::min(b.x0, c.x0);
    b.y0 = std::min(b.y0, c.y0);
    b.x1 = std::max(b.x1, c.x1);
    b.y1 = std::max(b.y1, c.y1);
  }
  return b;
}

// `ems`: the least gap, in ems, that parts cells; a gap that holds a space
// of the text parts them only when it is as wide as 1.5 em.
std::vector<std::vector<PdfChar>> split_at_gaps(const std::vector<PdfChar>& line, double ems = 1.5) {
  std::vector<std::vector<PdfChar>> parts;
  const PdfChar* prev = nullptr;
  bool spaced = false;
  for (const auto& c : line) {
    if (is_space(c.code) || c.code == 0x3000) {
      if (!parts.empty()) parts.back().push_back(c);
      spaced = true;
      continue;
    }
    const double em = std::max({c.size, prev ? prev->size : 0.0, 1.0});
    if (!prev || c.x0 - prev->x1 > std::max(ems, spaced ? 1.5 : 0.0) * em) parts.emplace_back();
    parts.back().push_back(c);
    prev = &c;
    spaced = false;
  }
  return parts;
}

// A page without rules: its lines are cut into stretches at gaps; stretches
// are put together into cells (a stretch right under another, at the pitch of
// wrapped lines rather than the wider pitch of rows, starting at the same x
// and no wider, goes on its text), and cells into rows (cells that share most
// of their height: labels are often centred beside a taller text).
struct Stretch {
  std::vector<PdfChar> chars;
  Box box;
  double size = 0;
};

std::vector<std::pair<double, Row>> rows_without_rules(std::vector<PdfChar> chars, int page,
                                                       const std::function<int(double)>& column_of) {
  std::vector<Stretch> stretches;
  for (auto& line : lines_of(std::move(chars)))
    for (auto& part : split_at_gaps(line, 0.55)) {
      Stretch st;
      st.box = box_of(part);
      for (const auto& c : part) st.size = std::max(st.size, c.size);
      st.chars = std::move(part);
      stretches.push_back(std::move(st));
    }
  std::stable_sort(stretches.begin(), stretches.end(),
                   [](const Stretch& a, const Stretch& b) { return a.box.y0 < b.box.y0; });
  struct Pile {
    std::vector<PdfChar> chars;
    Box box, first, last;  // all; its first and last line
    double size;
  };
  std::vector<Pile> cells;
  for (auto& st : stretches) {
    const double em = std::max(st.size, 1.0);
    Pile* home = nullptr;
    for (auto& c : cells) {
      double pitch = (st.box.y0 + st.box.y1) / 2 - (c.last.y0 + c.last.y1) / 2;
      if (pitch <= 0 || pitch > 1.6 * em) continue;
      if (std::fabs(st.box.x0 - c.first.x0) > 1.5) continue;
      // Wrapped lines are about as wide as each other (a line may give up a
      // character or two to a comma that cannot start the next one).
      if (st.box.x1 > c.box.x1 + 1.5 * em) continue;   // wider than the text above
      if (c.last.x1 < c.box.x1 - 1.5 * em) continue;   // the text above ended short: its cell is done
      home = &c;
    }
    if (home) {
      home->chars.insert(home->chars.end(), st.chars.begin(), st.chars.end());
      home->last = st.box;
      home->box = Box{std::min(home->box.x0, st.box.x0), home->box.y0, std::max(home->box.x1, st.box.x1), st.box.y1};
    } else {
      cells.push_back(Pile{std::move(st.chars), st.box, st.box, st.box, st.size});
    }
  }
  // Rows: cells sharing at least 60% of the lower one's height.
  std::sort(cells.begin(), cells.end(), [](const Pile& a, const Pile& b) { return a.box.y0 < b.box.y0; });
  std::vector<std::pair<double, Row>> out;
  std::vector<std::pair<double, double>> spans;  // each row's vertical extent
  for (auto& c : cells) {
    Cell cell;
    cell.text = join_cell_text(c.chars);
    if (cell.text.empty()) continue;
    cell.confidence = least_confidence(c.chars);
    cell.doubts = doubts_of(c.chars);
    cell.box = c.box;
    cell.column = column_of(c.box.x0);
    cell.page = page;
    size_t best = out.size();
    double best_share = 0.6;
    for (size_t r = 0; r < out.size(); ++r) {
      double overlap = std::min(spans[r].second, c.box.y1) - std::max(spans[r].first, c.box.y0);
      double shorter = std::min(spans[r].second - spans[r].first, c.box.y1 - c.box.y0);
      if (shorter > 0 && overlap / shorter >= best_share) {
        best_share = overlap / shorter;
        best = r;
      }
    }
    if (best == out.size()) {
      Row row;
      row.page = page;
      out.emplace_back(c.box.y0, std::move(row));
      spans.emplace_back(c.box.y0, c.box.y1);
    }
    out[best].second.cells.push_back(std::move(cell));
    spans[best] = {std::min(spans[best].first, c.box.y0), std::max(spans[best].second, c.box.y1)};
  }
  // A label centred on a group of rows can fall between two of them: a row
  // of fewer cells that overlaps a neighbour and takes no column of it goes
  // with it (the row above first: in a group of two, that is its first row).
  auto disjoint = [](const Row& a, const Row& b) {
    for (const auto& c : a.cells)
      for (const auto& d : b.cells)
        if (c.column == d.column) return false;
    return true;
  };
  std::vector<std::pair<double, Row>> kept;
  std::vector<std::pair<double, double>> kept_spans;
  for (size_t r = 0; r < out.size(); ++r) {
    Row& row = out[r].second;
    if (!kept.empty() && kept_spans.back().second > spans[r].first &&
        row.cells.size() < kept.back().second.cells.size() && disjoint(row, kept.back().second)) {
      auto& above = kept.back().second.cells;
      above.insert(above.end(), row.cells.begin(), row.cells.end());
      kept_spans.back().second = std::max(kept_spans.back().second, spans[r].second);
      continue;
    }
    if (r + 1 < out.size() && spans[r].second > spans[r + 1].first &&
        row.cells.size() < out[r + 1].second.cells.size() && disjoint(row, out[r + 1].second)) {
      auto& below = out[r + 1].second.cells;
      below.insert(below.end(), row.cells.begin(), row.cells.end());
      out[r + 1].first = std::min(out[r + 1].first, out[r].first);
      spans[r + 1].first = std::min(spans[r + 1].first, spans[r].first);
      continue;
    }
    kept.push_back(std::move(out[r]));
    kept_spans.push_back(spans[r]);
  }
  out = std::move(kept);
  for (auto& [top, row] : out)
    std::sort(row.cells.begin(), row.cells.end(), [](const Cell& a, const Cell& b) { return a.box->x0 < b.box->x0; });
  return out;
}

// The document's column numbering: every grid x position seen, clustered.
struct Columns {
  std::vector<double> xs;
  int of(double x) const {
    if (xs.empty()) return static_cast<int>(std::lround(x / 6.0));
    auto it = std::lower_bound(xs.begin(), xs.end(), x);
    size_t k = static_cast<size_t>(it - xs.begin());
    if (k == xs.size() || (k > 0 && x - xs[k - 1] < xs[k] - x)) --k;
    return static_cast<int>(k);
  }
  // The column a stretch of text starting at x lies in.
  int containing(double x) const {
    if (xs.empty()) return static_cast<int>(std::lround(x / 6.0));
    auto it = std::upper_bound(xs.begin(), xs.end(), x + kGridPosition);
    return std::max(0, static_cast<int>(it - xs.begin()) - 1);
  }
};

// Is `next`, the first row on a page, the rest of `last`, the last row of the
// page before, cut by the page break? Producers such as LibreOffice split a
// tall row: its cells go on at the top of the next page. Such a row runs to
// the foot of the page (within a line: it is cut between lines), every cell
// of the rest continues a cell of the row (same columns), and a cell of the row that only
// spans that row (a label) has nothing left for the next page. A new row
// would have its own label there.
// Text goes on in a cell only where it filled its last line there: a cell
// whose last line ends short of its right edge (room for more than a
// character or two, besides the padding) had ended, and the text below it is
// another row's. `filled` lists the (column, span) of the last row's cells
// whose last line is full.
bool continues_split_row(const Row& last, double last_bottom, double foot, const Row& next,
                         const std::vector<std::pair<int, int>>& filled) {
  if (last_bottom < foot - kSplitRowFoot) return false;
  auto counterpart = [](const Row& row, const Cell& c) -> const Cell* {
    for (const auto& o : row.cells)
      if (o.column == c.column && o.column_span == c.column_span) return &o;
    return nullptr;
  };
  for (const auto& c : next.cells) {
    if (!counterpart(last, c)) return false;
    if (std::find(filled.begin(), filled.end(), std::make_pair(c.column, c.column_span)) == filled.end()) return false;
  }
  for (const auto& c : last.cells)
    if (c.row_span == 1 && !counterpart(next, c)) return true;
  return false;
}

void merge_split_row(Row& last, const Row& next) {
  for (const auto& c : next.cells)
    for (auto& o : last.cells)
      if (o.column == c.column && o.column_span == c.column_span) {
        char32_t a = 0, b = 0;
        // The last code point of o.text and the first of c.text, for the join rule.
        for (size_t i = o.text.size(); i > 0; --i)
          if ((static_cast<unsigned char>(o.text[i - 1]) & 0xC0) != 0x80) {
            a = decode_utf8(o.text, i - 1).value;
            break;
          }
        if (!c.text.empty()) b = decode_utf8(c.text, 0).value;
        if (wrap_is_space(a, b)) o.text += ' ';
        o.text += c.text;
        if (c.confidence >= 0 && (o.confidence < 0 || c.confidence < o.confidence)) o.confidence = c.confidence;
        o.doubts.insert(o.doubts.end(), c.doubts.begin(), c.doubts.end());
      }
}

}  // namespace

std::string join_cell_text(std::vector<PdfChar> chars) {
  std::string out;
  auto lines = lines_of(std::move(chars));
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) {
      // A line break is a space only between words of letters, which wrap
      // at spaces; East Asian text and long numbers wrap anywhere.
      if (wrap_is_space(last_code(lines[i - 1]), first_code(lines[i])) && !out.empty() && out.back() != ' ')
        out += ' ';
    }
    append_line(out, lines[i]);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  size_t lead = 0;
  while (lead < out.size() && out[lead] == ' ') ++lead;
  return out.substr(lead);
}

namespace {

// Does the last line of a cell's text fill the cell's width [left, right]:
// is there no room for another character or two (a character that may not
// start a line takes one along) besides the padding? Text set in letters
// wraps at spaces, leaving more room: a line ending in a letter counts as full.
bool last_line_filled(const std::vector<PdfChar>& chars, double left, double right) {
  auto lines = lines_of(chars);
  if (lines.empty()) return false;
  const PdfChar *first = nullptr, *last = nullptr;
  double em = 1;
  for (const auto& c : lines.back()) {
    if (is_space(c.code)) continue;
    if (!first) first = &c;
    last = &c;
    em = std::max(em, c.size);
  }
  if (!first) return false;
  const char32_t l = last->code;
  if ((l >= U'a' && l <= U'z') || (l >= U'A' && l <= U'Z')) return true;
  constexpr double kPadding = 6.0;  // both sides together
  return (right - left) - (last->x1 - first->x0) < 2 * em + kPadding;
}

}  // namespace

std::vector<TableCells> table_cells(const PdfPage& page) {
  std::vector<TableCells> out;
  for (const auto& t : find_tables(page)) {
    TableCells tc;
    tc.outer = Box{t.xs.front(), t.ys.front(), t.xs.back(), t.ys.back()};
    for (const auto& g : t.regions)
      tc.cells.push_back(Box{t.xs[static_cast<size_t>(g.c0)], t.ys[static_cast<size_t>(g.r0)],
                             t.xs[static_cast<size_t>(g.c1) + 1], t.ys[static_cast<size_t>(g.r1) + 1]});
    out.push_back(std::move(tc));
  }
  return out;
}

std::vector<Row> lay_out_pages(const std::vector<PdfPage>& pages) {
  std::vector<std::vector<Table>> tables(pages.size());
  std::vector<double> all_xs;
  for (size_t p = 0; p < pages.size(); ++p) {
    tables[p] = find_tables(pages[p]);
    for (const auto& t : tables[p]) all_xs.insert(all_xs.end(), t.xs.begin(), t.xs.end());
  }
  Columns columns{cluster_positions(all_xs, kGridPosition)};

  // The foot of the page body: where the lowest table ends. A row split by a
  // page break runs down to it.
  // Its head: where the highest table starts. Text beyond them (page
  // numbers, running headers) does not stand between a row and its rest.
  double foot = 0, head = std::numeric_limits<double>::max();
  for (const auto& page_tables : tables)
    for (const auto& t : page_tables) {
      foot = std::max(foot, t.ys.back());
      head = std::min(head, t.ys.front());
    }

  std::vector<Row> out;
  // The previous page's last row, when it is the last grid row of a table.
  struct Tail {
    bool present = false;
    size_t index = 0;    // in `out`
    double bottom = 0;   // the table's bottom
    std::vector<std::pair<int, int>> filled;  // its cells whose last line is full
  };
  Tail tail;
  std::vector<Cell> carried;  // the previous page's bottom cells, when its table ran to the foot
  for (size_t p = 0; p < pages.size(); ++p) {
    const PdfPage& page = pages[p];
    std::vector<Table>& page_tables = tables[p];
    std::vector<PdfChar> free_chars;
    for (const auto& c : page.chars) {
      double cx = center_x(c), cy = center_y(c);
      Table* home = nullptr;
      for (auto& t : page_tables)
        if (t.contains(cx, cy)) {
          home = &t;
          break;
        }
      if (home)
        home->region_at(cx, cy).chars.push_back(c);
      else
        free_chars.push_back(c);
    }
    // Rows of this page with their top, to be put in reading order.
    struct Placed {
      double top;
      Row row;
      const Table* table = nullptr;
      int grid_row = -1;
      std::vector<std::pair<int, int>> filled;  // (column, span) of cells whose last line is full
    };
    std::vector<Placed> rows;
    std::vector<Cell> bottom_cells;  // of this page's lowest table: cells down to its last grid row
    std::vector<Cell> carried_here;  // cut merged cells going on at the top of this page
    for (const auto& t : page_tables) {
      const bool first_table = &t == &page_tables.front(), last_table = &t == &page_tables.back();
      std::vector<Row> grid_rows(static_cast<size_t>(t.rows()));
      std::vector<std::vector<std::pair<int, int>>> grid_filled(static_cast<size_t>(t.rows()));
      for (const auto& g : t.regions) {
        std::string text = g.chars.empty() ? std::string() : join_cell_text(g.chars);
        double left = t.xs[static_cast<size_t>(g.c0)], right = t.xs[static_cast<size_t>(g.c1) + 1];
        Cell cell;
        if (!g.chars.empty()) cell.confidence = least_confidence(g.chars), cell.doubts = doubts_of(g.chars);
        cell.column = columns.of(left);
        cell.column_span = std::max(1, columns.of(right) - cell.column);
        cell.row_span = g.r1 - g.r0 + 1;
        bool carry = false;
        if (text.empty() && first_table && g.r0 == 0) {
          // A merged cell cut by the page break goes on at the top of this
          // page as an empty box: it is the same cell, its text the same.
          for (const auto& c : carried)
            if (c.column == cell.column && c.column_span == cell.column_span && (c.row_span > 1 || cell.row_span > 1)) {
              text = c.text;
              carry = true;
            }
        }
        if (text.empty()) continue;
        cell.text = std::move(text);
        cell.page = page.number;
        cell.box = Box{left, t.ys[static_cast<size_t>(g.r0)], right, t.ys[static_cast<size_t>(g.r1) + 1]};
        if (carry) {
          carried_here.push_back(std::move(cell));
          continue;
        }
        if (last_table && g.r1 == t.rows() - 1 && t.ys.back() >= foot - kSplitRowFoot) bottom_cells.push_back(cell);
        if (g.r1 == t.rows() - 1 && last_line_filled(g.chars, left, right))
          grid_filled[static_cast<size_t>(g.r0)].emplace_back(cell.column, cell.column_span);
        grid_rows[static_cast<size_t>(g.r0)].cells.push_back(std::move(cell));
      }
      for (size_t r = 0; r < grid_rows.size(); ++r) {
        Row& row = grid_rows[r];
        if (row.cells.empty()) continue;
        std::sort(row.cells.begin(), row.cells.end(), [](const Cell& a, const Cell& b) { return a.column < b.column; });
        row.page = page.number;
        rows.push_back(Placed{t.ys[r], std::move(row), &t, static_cast<int>(r), std::move(grid_filled[r])});
      }
    }
    if (page_tables.empty()) {
      for (auto& [top, row] : rows_without_rules(std::move(free_chars), page.number,
                                                 [&](double x) { return columns.containing(x); }))
        rows.push_back(Placed{top, std::move(row), nullptr, -1, {}});
      free_chars.clear();
    }
    for (const auto& line : lines_of(std::move(free_chars))) {
      Row row;
      row.page = page.number;
      for (const auto& part : split_at_gaps(line)) {
        std::string text = join_cell_text(part);
        if (text.empty()) continue;
        Cell cell;
        cell.text = std::move(text);
        cell.confidence = least_confidence(part);
        cell.doubts = doubts_of(part);
        cell.box = box_of(part);
        cell.column = columns.containing(cell.box->x0);
        cell.page = page.number;
        row.cells.push_back(std::move(cell));
      }
      if (row.cells.empty()) continue;
      double top = row.cells.front().box->y0;
      for (const auto& c : row.cells) top = std::min(top, c.box->y0);
      rows.push_back(Placed{top, std::move(row), nullptr, -1, {}});
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Placed& a, const Placed& b) { return a.top < b.top; });
    // The first row of the page body, after any running header.
    size_t body = 0;
    while (body < rows.size() && !rows[body].table && rows[body].top < head - kGridPosition) ++body;
    size_t merged = rows.size();
    // A cell of the last row that ends there (a label of that row alone) but
    // whose column goes on here as a merged box over several rows: the page
    // broke between rows of a merged group, not inside a row.
    // And the next row has a cell in each of the last row's other columns: a
    // whole row of its own (a cut row goes on only where its text overflowed).
    auto group_goes_on = [&](const Row& last, const Row& next) {
      bool goes_on = false;
      for (const auto& o : last.cells) {
        bool merged_on = false;
        for (const auto& c : carried_here)
          if (c.row_span > 1 && o.column == c.column && o.row_span == 1) merged_on = true;
        bool continued = false;
        for (const auto& n : next.cells)
          if (n.column == o.column && n.column_span == o.column_span) continued = true;
        if (merged_on)
          goes_on = true;
        else if (!continued)
          return false;
      }
      return goes_on;
    };
    if (tail.present && body < rows.size() && rows[body].table && rows[body].grid_row == 0 &&
        !group_goes_on(out[tail.index], rows[body].row) && continues_split_row(out[tail.index], tail.bottom, foot, rows[body].row, tail.filled)) {
      merge_split_row(out[tail.index], rows[body].row);
      merged = body;
    }
    // A row that only goes on from the page before keeps its cells there;
    // otherwise the cut merged cells label this page's first row too.
    if (merged == rows.size() && !carried_here.empty()) {
      Placed* first = nullptr;
      for (auto& r : rows)
        if (r.table == &page_tables.front() && r.grid_row == 0) first = &r;
      if (!first) {
        Row row;
        row.page = page.number;
        rows.insert(rows.begin() + static_cast<long>(body),
                    Placed{page_tables.front().ys.front(), std::move(row), &page_tables.front(), 0, {}});
        first = &rows[body];
        merged = rows.size();  // still no row joined to the page before
      }
      for (auto& c : carried_here) first->row.cells.push_back(std::move(c));
      std::sort(first->row.cells.begin(), first->row.cells.end(),
                [](const Cell& a, const Cell& b) { return a.column < b.column; });
    }
    carried = std::move(bottom_cells);
    tail = Tail{};
    for (size_t k = 0; k < rows.size(); ++k) {
      if (k == merged) continue;
      out.push_back(std::move(rows[k].row));
      // The last row of the page body, before any running footer.
      if (rows[k].table && rows[k].grid_row == rows[k].table->rows() - 1)
        tail = Tail{true, out.size() - 1, rows[k].table->ys.back(), rows[k].filled};
      else if (rows[k].table || rows[k].top <= foot)
        tail = Tail{};
    }
  }
  attach_readings(out, pages);
  return out;
}

void attach_readings(std::vector<Row>& rows, const std::vector<PdfPage>& pages) {
  auto bare = [](std::string t) {
    std::erase(t, ' ');
    return t;
  };
  for (const auto& page : pages)
    for (const auto& r : page.readings) {
      const double cx = (r.box.x0 + r.box.x1) / 2, cy = (r.box.y0 + r.box.y1) / 2;
      const std::string text = bare(r.text);
      for (auto& row : rows)
        for (auto& c : row.cells)
          if (c.page == page.number && c.box && c.box->x0 <= cx && cx <= c.box->x1 && c.box->y0 <= cy &&
              cy <= c.box->y1 && bare(c.text.str()) == text)
            c.alternatives = r.others;
    }
}

}  // namespace perfgoal

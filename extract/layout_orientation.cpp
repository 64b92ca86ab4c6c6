#include "extract/layout_orientation.h"

#include <algorithm>
#include <iterator>
#include <cstdint>
#include <optional>

namespace perfgoal {

bool printed_backwards(const LayoutPage& lines, const IsLabel& is_label, bool after_backwards) {
  int forward = 0, backward = 0, texts = 0;
  for (const auto& line : lines) {
    const std::vector<char32_t>& chars = line.second;
    size_t i = 0;
    while (i < chars.size()) {
      while (i < chars.size() && chars[i] == U' ') ++i;
      std::vector<char32_t> run;  // a stretch, single spaces dropped
      while (i < chars.size() && !(chars[i] == U' ' && (i + 1 >= chars.size() || chars[i + 1] == U' '))) {
        if (chars[i] != U' ') run.push_back(chars[i]);
        ++i;
      }
      if (!run.empty()) ++texts;
      if (run.size() < 3) continue;
      if (is_label(run)) ++forward;
      std::reverse(run.begin(), run.end());
      if (is_label(run)) ++backward;
    }
  }
  if (after_backwards) return forward == 0 && texts > 0;
  return backward >= 3 && forward < backward;
}

void turn_page(LayoutPage& lines, const IsLabel& is_label) {
  auto has_text = [](const std::pair<int, std::vector<char32_t>>& l) {
    return std::any_of(l.second.begin(), l.second.end(), [](char32_t c) { return c != U' '; });
  };
  const auto first = std::find_if(lines.begin(), lines.end(), has_text);
  const auto last = std::find_if(lines.rbegin(), lines.rend(), has_text).base();
  if (first >= last) return;
  size_t width = 0;
  for (auto it = first; it != last; ++it) width = std::max(width, it->second.size());
  std::vector<std::vector<char32_t>> turned;
  for (auto it = std::make_reverse_iterator(last); it != std::make_reverse_iterator(first); ++it) {
    const std::vector<char32_t>& chars = it->second;
    std::vector<char32_t> out(width, U' ');
    size_t i = 0;
    while (i < chars.size()) {
      while (i < chars.size() && chars[i] == U' ') ++i;
      if (i >= chars.size()) break;
      const size_t start = i;
      while (i < chars.size() && !(chars[i] == U' ' && (i + 1 >= chars.size() || chars[i + 1] == U' '))) ++i;
      // chars[start, i): a stretch; mostly one space apart?
      int apart = 0, together = 0;
      for (size_t k = start; k + 1 < i; ++k) {
        if (chars[k] == U' ') continue;
        if (chars[k + 1] == U' ') ++apart;
        else ++together;
      }
      const bool collapsed = apart >= 3 && apart >= 2 * together;
      // chars[k]: a character with a space or the stretch's end on each side, no
      // digit or Latin letter (a value of its own: `0 金资政财级省`).
      auto alone = [&](size_t k) {
        const char32_t c = chars[k];
        if ((c >= U'0' && c <= U'9') || ((c | 0x20) >= U'a' && (c | 0x20) <= U'z')) return false;
        return c != U' ' && (k == start || chars[k - 1] == U' ') && (k + 1 >= i || chars[k + 1] == U' ');
      };
      std::vector<char32_t> stretch;
      for (size_t k = start; k < i; ++k) {
        if (chars[k] == U' ' && collapsed) continue;
        // A space next to a character standing alone: pdftotext took that glyph for a word of its own
        // (`元 万005`, `比 分 百59 ≥`: 500万元, ≥95百分比), no space of the text.
        if (chars[k] == U' ' && ((k > start && alone(k - 1)) || (k + 1 < i && alone(k + 1)))) continue;
        stretch.push_back(chars[k]);
      }
      std::reverse(stretch.begin(), stretch.end());
      const auto at = out.begin() + static_cast<std::ptrdiff_t>(width - i);
      std::copy(stretch.begin(), stretch.end(), at);
      if (stretch.size() < i - start && is_label) {
        // Its spaces dropped, a label and its value one space apart became one
        // text: parted again after the label (or before it, at the end), two
        // spaces apart within the room the dropped spaces left.
        const size_t room = i - start, n = stretch.size();
        size_t head = 0, tail = 0;
        for (size_t k = n - 1; k >= 2 && !head; --k)
          if (is_label(std::vector<char32_t>(stretch.begin(), stretch.begin() + static_cast<std::ptrdiff_t>(k)))) head = k;
        for (size_t k = n - 1; k >= 2 && !head && !tail; --k)
          if (is_label(std::vector<char32_t>(stretch.end() - static_cast<std::ptrdiff_t>(k), stretch.end()))) tail = k;
        if (head && n + 2 <= room) {
          std::fill(at, at + static_cast<std::ptrdiff_t>(room), U' ');
          std::copy(stretch.begin(), stretch.begin() + static_cast<std::ptrdiff_t>(head), at);
          std::copy(stretch.begin() + static_cast<std::ptrdiff_t>(head), stretch.end(), at + static_cast<std::ptrdiff_t>(head + 2));
        } else if (tail && n + 2 <= room) {
          std::fill(at, at + static_cast<std::ptrdiff_t>(room), U' ');
          std::copy(stretch.begin(), stretch.end() - static_cast<std::ptrdiff_t>(tail), at);
          std::copy(stretch.end() - static_cast<std::ptrdiff_t>(tail), stretch.end(),
                    at + static_cast<std::ptrdiff_t>(room - tail));
        }
      }
      if (stretch.size() < i - start) {
        // Its spaces dropped, an amount closed up with the name before it
        // (`%001 率 格 合 收 验 目 项`: 项目验收合格率100%): set off again by two
        // spaces, room left. The amount: digits (a point among them), then `%`
        // or up to three ideographs (万元, 平方米), after an ideograph.
        auto ideograph = [](char32_t c) { return c >= 0x4E00 && c <= 0x9FFF; };
        const auto end = at + static_cast<std::ptrdiff_t>(i - start);
        auto e = end;
        while (e != at && *std::prev(e) == U' ') --e;
        auto d = e;
        int unit = 0;
        while (d != at && unit < 3 && ideograph(*std::prev(d))) --d, ++unit;
        if (unit == 0 && d != at && (*std::prev(d) == U'%' || *std::prev(d) == U'％')) --d;
        const auto digits = d;
        while (d != at && ((*std::prev(d) >= U'0' && *std::prev(d) <= U'9') || *std::prev(d) == U'.')) --d;
        if (d != digits && *d != U'.' && d != at && ideograph(*std::prev(d)) && end - e >= 2) {
          std::move_backward(d, e, e + 2);
          *d = U' ';
          *(d + 1) = U' ';
        }
      }
    }
    while (!out.empty() && out.back() == U' ') out.pop_back();
    turned.push_back(std::move(out));
  }
  for (size_t k = 0; k < turned.size(); ++k) (first + static_cast<std::ptrdiff_t>(k))->second = std::move(turned[k]);
}

namespace {

// A character as labels are compared: full-width brackets and colons folded to ASCII.
char32_t fold(char32_t c) {
  if (c == U'（') return U'(';
  if (c == U'）') return U')';
  if (c == U'：') return U':';
  return c;
}

}  // namespace

uint64_t WrappedLabels::char_hash(char32_t c) {
  if (fold(c) == U':' || c == U' ') return 0;
  uint64_t x = static_cast<uint64_t>(fold(c)) + 0x9E3779B97F4A7C15ULL;  // splitmix64
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

WrappedLabels::WrappedLabels(const std::vector<std::u32string>& labels) {
  for (const auto& l : labels) {
    std::u32string key;
    uint64_t h = 0;
    for (char32_t c : l)
      if (fold(c) != U':' && c != U' ') {
        key.push_back(fold(c));
        h += char_hash(c);
      }
    if (key.size() >= 2) by_chars_[h].push_back(std::move(key));
  }
}

std::vector<char32_t> WrappedLabels::unshuffle(const std::vector<char32_t>& text) const {
  // The text's characters but colons (a label's colon may be dropped or kept), folded.
  std::vector<size_t> at;
  std::u32string x;
  uint64_t h = 0;
  for (size_t k = 0; k < text.size(); ++k)
    if (fold(text[k]) != U':') {
      at.push_back(k);
      x.push_back(fold(text[k]));
      h += char_hash(text[k]);
    }
  const auto found = by_chars_.find(h);
  if (found == by_chars_.end() || x.empty()) return {};
  for (const auto& key : found->second) {
    if (key.size() != x.size() || key.front() != x.front()) continue;
    const size_t n = key.size();
    for (size_t s = 1; s < n; ++s) {
      // Is x an interleaving of a = key[0, s) and b = key[s, n)? can[i][j]: x[0, i+j) is one of a[0, i), b[0, j).
      const size_t na = s, nb = n - s;
      std::vector<std::vector<char>> can(na + 1, std::vector<char>(nb + 1, 0));
      can[0][0] = 1;
      for (size_t i = 0; i <= na; ++i)
        for (size_t j = 0; j <= nb; ++j) {
          if (i == 0 && j == 0) continue;
          const char32_t c = x[i + j - 1];
          can[i][j] = (i > 0 && can[i - 1][j] && key[i - 1] == c) || (j > 0 && can[i][j - 1] && key[s + j - 1] == c);
        }
      if (!can[na][nb]) continue;
      // Back along one interleaving: which of the text's characters are the first line's.
      std::vector<bool> first(x.size(), false);
      for (size_t i = na, j = nb; i + j > 0;) {
        if (i > 0 && can[i - 1][j] && key[i - 1] == x[i + j - 1]) {
          first[i + j - 1] = true;
          --i;
        } else {
          --j;
        }
      }
      // The label: the first line's characters, then the second's (a colon goes with the character before it).
      std::vector<char32_t> a, b;
      size_t xi = 0;
      bool in_first = true;
      for (size_t k = 0; k < text.size(); ++k) {
        if (xi < at.size() && at[xi] == k) in_first = first[xi++];
        (in_first ? a : b).push_back(text[k]);
      }
      a.insert(a.end(), b.begin(), b.end());
      return a;
    }
  }
  return {};
}

void rejoin_wrapped_labels(LayoutPage& lines, const WrappedLabels& labels) {
  constexpr size_t kMaxChars = 40;  // a label's characters, at most
  constexpr size_t kNear = 4;       // columns between the starts of a label's two texts, at most
  // The text of a line (parted from the next by two spaces or more) from
  // column `from` on: where its characters (single spaces dropped) stand.
  // `on`: and the texts after it on its line, up to kMaxChars.
  auto text_at = [](const std::vector<char32_t>& chars, size_t from, bool on) {
    std::vector<size_t> at;
    size_t i = from;
    while (i < chars.size() && chars[i] == U' ') ++i;
    while (i < chars.size() && (on || !(chars[i] == U' ' && (i + 1 >= chars.size() || chars[i + 1] == U' ')))) {
      if (chars[i] != U' ') at.push_back(i);
      if (at.size() >= kMaxChars && on) break;
      ++i;
    }
    return at;
  };
  // Where the texts of a line start.
  auto starts_of = [](const std::vector<char32_t>& chars) {
    std::vector<size_t> out;
    for (size_t i = 0; i < chars.size(); ++i)
      if (chars[i] != U' ' && (i == 0 || (chars[i - 1] == U' ' && (i < 2 || chars[i - 2] == U' ')))) out.push_back(i);
    return out;
  };
  auto chars_of = [](const std::vector<char32_t>& line, const std::vector<size_t>& at, size_t n) {
    std::vector<char32_t> out;
    for (size_t k = 0; k < n; ++k) out.push_back(line[at[k]]);
    return out;
  };
  // The label of a text of `upper` (t1) and a text of `lower` from its start on
  // (t2), rejoined: true when one was found and written.
  auto rejoin = [&](std::vector<char32_t>& upper, std::vector<char32_t>& lower, const std::vector<size_t>& t1,
                    const std::vector<size_t>& t2, const std::vector<size_t>& t2_alone, bool upper_whole = true) {
    if (t1.empty() || t2.empty()) return false;
    // A text that is a label whole is a cell of its own.
    if ((upper_whole && !labels.unshuffle(chars_of(upper, t1, t1.size())).empty()) ||
        !labels.unshuffle(chars_of(lower, t2_alone, t2_alone.size())).empty())
      return false;
    std::vector<uint64_t> h1(1, 0), h2(1, 0);  // hashes of the texts' starts
    for (size_t k = 0; k < t1.size() && k < kMaxChars; ++k) h1.push_back(h1.back() + WrappedLabels::char_hash(upper[t1[k]]));
    for (size_t k = 0; k < t2.size() && k < kMaxChars; ++k) h2.push_back(h2.back() + WrappedLabels::char_hash(lower[t2[k]]));
    std::vector<char32_t> label;
    size_t n1 = 0, n2 = 0;
    for (size_t i = h1.size() - 1; i >= 1 && label.empty(); --i)
      for (size_t j = std::min(h2.size() - 1, kMaxChars - i); j >= 1 && label.empty(); --j) {
        if (i + j < 4) break;
        if (!labels.has(h1[i] + h2[j])) continue;
        std::vector<char32_t> both = chars_of(upper, t1, i);
        const std::vector<char32_t> rest = chars_of(lower, t2, j);
        both.insert(both.end(), rest.begin(), rest.end());
        label = labels.unshuffle(both);
        n1 = i;
        n2 = j;
      }
    if (label.empty()) return false;
    const size_t column = std::min(t1.front(), t2.front());
    for (size_t k = 0; k < n1; ++k) upper[t1[k]] = U' ';
    for (size_t k = 0; k < n2; ++k) lower[t2[k]] = U' ';
    for (auto* line : {&upper, &lower})
      while (!line->empty() && line->back() == U' ') line->pop_back();
    // The label at the column, on the line its value starts on (the upper
    // one when both or neither hold more), the value two spaces after it at least.
    auto& on = upper.size() <= column && lower.size() > column ? lower : upper;
    const size_t end = column + label.size();
    auto next = std::find_if(on.begin() + static_cast<std::ptrdiff_t>(std::min(column, on.size())), on.end(),
                             [](char32_t c) { return c != U' '; });
    if (next != on.end() && static_cast<size_t>(next - on.begin()) < end + 2)
      on.insert(next, end + 2 - static_cast<size_t>(next - on.begin()), U' ');
    if (on.size() < end) on.resize(end, U' ');
    std::copy(label.begin(), label.end(), on.begin() + static_cast<std::ptrdiff_t>(column));
    return true;
  };
  for (size_t l = 0; l + 1 < lines.size(); ++l) {
    if (lines[l + 1].first != lines[l].first + 1) continue;
    auto& upper = lines[l].second;
    auto& lower = lines[l + 1].second;
    // The first texts of both lines: the lower line's characters from its
    // first text on (its first text may hold only the start of the label's
    // rest: 保证项目 / 度、措  施实施的制 …).
    if (rejoin(upper, lower, text_at(upper, 0, false), text_at(lower, 0, true), text_at(lower, 0, false))) continue;
    {
      // On one line: a label's rest printed left of its start (政   资   金   其中：中央财 0).
      auto& line = lines[l].second;
      const std::vector<size_t> st = starts_of(line);
      for (size_t u = 1; u < st.size(); ++u) {
        // The texts just left of this one, a few columns apart: one, two, … of them.
        std::vector<size_t> run;
        bool found = false;
        for (size_t from = u; from > 0 && !found; --from) {
          const std::vector<size_t> t = text_at(line, st[from - 1], false);
          if (t.empty() || st[from] - (t.back() + 1) > kNear + 1 || run.size() + t.size() > 10) break;
          run.insert(run.begin(), t.begin(), t.end());
          found = rejoin(line, line, text_at(line, st[u], false), run, run);
        }
        if (found) break;
      }
    }
    // Any other text of the upper line with the lower line's text that starts
    // nearest it (年度 over 额  ：资金总13,577,400: 年度资金总额：).
    const std::vector<size_t> up = starts_of(upper);
    for (size_t u = 0; u < up.size(); ++u) {
      const std::vector<size_t> down = starts_of(lower);
      size_t best = SIZE_MAX, gap = kNear + 1;
      for (size_t d : down) {
        const size_t g = d > up[u] ? d - up[u] : up[u] - d;
        if (g < gap) gap = g, best = d;
      }
      if (best == SIZE_MAX || (u == 0 && best == down.front())) continue;  // tried above
      // The upper text may be a label of its own (年度) that is the start of a longer one.
      if (rejoin(upper, lower, text_at(upper, up[u], false), text_at(lower, best, true), text_at(lower, best, false), false))
        break;
    }
  }
}

void turn_backwards_titles(LayoutPage& lines, const std::vector<std::u32string>& titles) {
  if (titles.empty()) return;
  for (auto& [number, chars] : lines) {
    auto b = std::find_if(chars.begin(), chars.end(), [](char32_t c) { return c != U' '; });
    auto e = std::find_if(chars.rbegin(), chars.rend(), [](char32_t c) { return c != U' '; }).base();
    if (b >= e) continue;
    const std::u32string forward(b, e);
    if (forward.find(U"  ") != std::u32string::npos) continue;  // more than one text
    const std::u32string backward(forward.rbegin(), forward.rend());
    for (const auto& t : titles)
      if (backward.find(t) != std::u32string::npos && forward.find(t) == std::u32string::npos) {
        std::reverse(b, e);
        break;
      }
  }
}

namespace {

// The texts of a line parted by spaces (one or more): (start, characters).
std::vector<std::pair<size_t, std::vector<char32_t>>> words_of(const std::vector<char32_t>& chars) {
  std::vector<std::pair<size_t, std::vector<char32_t>>> out;
  for (size_t i = 0; i < chars.size();) {
    if (chars[i] == U' ') {
      ++i;
      continue;
    }
    out.emplace_back(i, std::vector<char32_t>{});
    while (i < chars.size() && chars[i] != U' ') out.back().second.push_back(chars[i++]);
  }
  return out;
}

// An amount of money: digits, thousands parted by commas, perhaps a fraction.
bool is_money(const std::vector<char32_t>& t) {
  if (t.empty() || t.front() < U'0' || t.front() > U'9') return false;
  bool dot = false;
  for (char32_t c : t) {
    if (c == U'.' && !dot) dot = true;
    else if (!(c >= U'0' && c <= U'9') && !(c == U',' && !dot)) return false;
  }
  return t.back() != U',' && t.back() != U'.';
}

}  // namespace

void values_below_labels(LayoutPage& lines, const IsLabel& is_label) {
  if (!is_label) return;
  const size_t n = lines.size();
  std::vector<int> kind(n, 0);  // 1: labels only, 2: an amount only
  std::vector<size_t> end(n, 0), at(n, 0);  // labels: where the last ends; amount: where it starts
  for (size_t l = 0; l < n; ++l) {
    const auto words = words_of(lines[l].second);
    if (words.empty()) continue;
    if (words.size() == 1 && is_money(words[0].second)) {
      kind[l] = 2;
      at[l] = words[0].first;
      continue;
    }
    bool labels = true;
    for (const auto& w : words) labels = labels && w.second.size() >= 2 && is_label(w.second);
    if (labels) {
      kind[l] = 1;
      end[l] = words.back().first + words.back().second.size();
    }
  }
  auto starts_near = [&](size_t l, size_t x) {
    for (const auto& w : words_of(lines[l].second))
      if (w.first + 1 >= x && w.first <= x + 1) return true;
    return false;
  };
  for (size_t l = 0; l < n;) {
    if (kind[l] != 1) {
      ++l;
      continue;
    }
    size_t a = l;
    while (a < n && kind[a] == 1 && lines[a].first == lines[l].first + static_cast<int>(a - l)) ++a;
    size_t b = a;
    while (b < n && kind[b] == 2 && lines[b].first == lines[a - 1].first + 1 + static_cast<int>(b - a)) ++b;
    const size_t labels = a - l, amounts = b - a;
    bool fits = labels == amounts;
    for (size_t k = 0; fits && k < amounts; ++k)
      fits = at[a + k] + 1 >= at[a] && at[a + k] <= at[a] + 1 && at[a + k] >= end[l + k] + 2;
    // The column is the values': the line above the labels or the one below the amounts has a text there.
    fits = fits && ((l > 0 && lines[l - 1].first + 1 == lines[l].first && starts_near(l - 1, at[a])) ||
                    (b < n && lines[b].first == lines[b - 1].first + 1 && starts_near(b, at[a])));
    if (fits)
      for (size_t k = 0; k < amounts; ++k) {
        auto& from = lines[a + k].second;
        auto& to = lines[l + k].second;
        const auto words = words_of(from);
        if (to.size() < at[a + k]) to.resize(at[a + k], U' ');
        to.resize(at[a + k]);
        to.insert(to.end(), words[0].second.begin(), words[0].second.end());
        from.clear();
      }
    l = b > l ? b : l + 1;
  }
}

namespace {

// The positions of the characters `keep` accepts that stand alone on the
// line: a space or the line's end on each side (a glyph pdftotext printed as
// a word of its own).
template <class Keep>
std::vector<size_t> standing_alone(const std::vector<char32_t>& chars, Keep keep) {
  std::vector<size_t> out;
  for (size_t k = 0; k < chars.size(); ++k)
    if (keep(chars[k]) && (k == 0 || chars[k - 1] == U' ') && (k + 1 >= chars.size() || chars[k + 1] == U' '))
      out.push_back(k);
  return out;
}

}  // namespace

void join_spaced_labels(LayoutPage& lines, const IsLabel& is_label) {
  constexpr size_t max_gap = 4;  // spaces between two characters of one spread label
  for (auto& line : lines) {
    std::vector<char32_t>& chars = line.second;
    // Single characters: a character with a space (or the line's end) on each side.
    const std::vector<size_t> singles = standing_alone(chars, [](char32_t c) { return c != U' '; });
    size_t a = 0;
    while (a < singles.size()) {
      // The run of singles from a, each at most max_gap spaces from the one before.
      size_t b = a + 1;
      while (b < singles.size() && singles[b] - singles[b - 1] - 1 <= max_gap) ++b;
      size_t i = a;
      while (i + 3 <= b) {
        size_t found = 0;
        for (size_t j = b; j >= i + 3 && !found; --j) {
          std::vector<char32_t> t;
          for (size_t k = i; k < j; ++k) t.push_back(chars[singles[k]]);
          if (is_label(t)) found = j;
        }
        if (!found) {
          ++i;
          continue;
        }
        const size_t at = singles[i];
        std::vector<char32_t> t;
        for (size_t k = i; k < found; ++k) {
          t.push_back(chars[singles[k]]);
          chars[singles[k]] = U' ';
        }
        std::copy(t.begin(), t.end(), chars.begin() + static_cast<std::ptrdiff_t>(at));
        i = found;
      }
      a = b;
    }
  }
}

void join_spaced_numbers(LayoutPage& lines) {
  auto numeric = [](char32_t c) { return (c >= U'0' && c <= U'9') || c == U'-' || c == U':' || c == U'.' || c == U'/'; };
  for (auto& line : lines) {
    std::vector<char32_t>& chars = line.second;
    for (size_t k = 0; k < chars.size(); ++k) {
      if (chars[k] != U'：' && chars[k] != U':') continue;
      size_t start = k + 1;
      while (start < chars.size() && chars[start] == U' ') ++start;
      // The run: pieces of numeric characters, one space between two.
      size_t end = start, pieces = 0;
      bool runs_on = false;
      while (end < chars.size() && numeric(chars[end])) {
        size_t e = end;
        while (e < chars.size() && numeric(chars[e])) ++e;
        runs_on = e < chars.size() && chars[e] != U' ';  // a piece that runs on into other text: no number
        if (runs_on) break;
        ++pieces;
        end = e;
        if (end + 1 < chars.size() && chars[end] == U' ' && numeric(chars[end + 1])) ++end;
        else break;
      }
      if (pieces < 2 || runs_on) continue;
      std::vector<char32_t> digits;
      for (size_t i = start; i < end; ++i)
        if (chars[i] != U' ') digits.push_back(chars[i]);
      std::fill(chars.begin() + static_cast<std::ptrdiff_t>(start), chars.begin() + static_cast<std::ptrdiff_t>(end), U' ');
      std::copy(digits.begin(), digits.end(), chars.begin() + static_cast<std::ptrdiff_t>(start));
      k = end - 1;
    }
  }
}

void join_spaced_text(LayoutPage& lines) {
  constexpr size_t max_gap = 4;  // spaces between two characters of one spread text
  auto ideograph = [](char32_t c) { return c >= 0x4E00 && c <= 0x9FFF; };
  for (auto& line : lines) {
    std::vector<char32_t>& chars = line.second;
    const std::vector<size_t> singles = standing_alone(chars, ideograph);  // ideographs standing alone
    size_t a = 0;
    while (a < singles.size()) {
      size_t b = a + 1;
      while (b < singles.size() && singles[b] - singles[b - 1] - 1 >= 2 && singles[b] - singles[b - 1] - 1 <= max_gap) ++b;
      if (b - a >= 3) {
        // The run's characters together at its first one's column; a text
        // right after its last one (at most max_gap spaces) joins it too.
        std::vector<char32_t> t;
        for (size_t k = a; k < b; ++k) {
          t.push_back(chars[singles[k]]);
          chars[singles[k]] = U' ';
        }
        size_t next = singles[b - 1] + 1;
        while (next < chars.size() && chars[next] == U' ') ++next;
        if (next < chars.size() && next - singles[b - 1] - 1 <= max_gap && ideograph(chars[next]))
          while (next < chars.size() && chars[next] != U' ') {
            t.push_back(chars[next]);
            chars[next++] = U' ';
          }
        std::copy(t.begin(), t.end(), chars.begin() + static_cast<std::ptrdiff_t>(singles[a]));
      }
      a = b;
    }
  }
}

void part_glued_categories(LayoutPage& lines, const IsLabel& is_category, const IsLabel& is_header,
                           const IsLabel& ends_table) {
  constexpr size_t min_len = 4, max_len = 7;  // 数量指标 … 服务对象满意度
  // The indicator table's lines: from the page's top (a table gone on from the page before) or a line holding
  // a header word (一级指标, 三级指标), up to a line holding a long text's or a goal's label or a title.
  auto holds = [](const std::vector<char32_t>& chars, const IsLabel& is) {
    for (size_t i = 0; i < chars.size();) {
      while (i < chars.size() && chars[i] == U' ') ++i;
      size_t e = i;
      while (e < chars.size() && chars[e] != U' ') ++e;
      if (e > i && is(std::vector<char32_t>(chars.begin() + static_cast<std::ptrdiff_t>(i),
                                            chars.begin() + static_cast<std::ptrdiff_t>(e))))
        return true;
      i = e;
    }
    return false;
  };
  bool in_table = true;
  for (auto& line : lines) {
    if (holds(line.second, is_header)) in_table = true;
    else if (holds(line.second, ends_table)) in_table = false;
    if (!in_table) continue;
    const std::vector<char32_t>& chars = line.second;
    std::vector<char32_t> out;
    out.reserve(chars.size() + 8);
    size_t owed = 0;  // spaces added on this line, to be taken from the next run of spaces
    size_t i = 0;
    while (i < chars.size()) {
      if (chars[i] == U' ') {
        size_t e = i;
        while (e < chars.size() && chars[e] == U' ') ++e;
        size_t run = e - i;
        // Keep two spaces at least where the run parts two texts; a run ending the line is dropped.
        const size_t take = e < chars.size() ? std::min(owed, run > 2 ? run - 2 : 0) : 0;
        owed -= take;
        run -= take;
        if (e < chars.size()) out.insert(out.end(), run, U' ');
        i = e;
        continue;
      }
      size_t found = 0;
      for (size_t len = std::min(max_len, chars.size() - i); len >= min_len && !found; --len) {
        const std::vector<char32_t> t(chars.begin() + static_cast<std::ptrdiff_t>(i),
                                      chars.begin() + static_cast<std::ptrdiff_t>(i + len));
        if (std::find(t.begin(), t.end(), U' ') == t.end() && is_category(t)) found = len;
      }
      const bool before = found && i > 0 && chars[i - 1] != U' ';
      const bool after = found && i + found < chars.size() && chars[i + found] != U' ';
      if (!before && !after) {
        out.push_back(chars[i++]);
        continue;
      }
      if (before) out.insert(out.end(), 2, U' '), owed += 2;
      out.insert(out.end(), chars.begin() + static_cast<std::ptrdiff_t>(i),
                 chars.begin() + static_cast<std::ptrdiff_t>(i + found));
      if (after) out.insert(out.end(), 2, U' '), owed += 2;
      i += found;
    }
    line.second = std::move(out);
  }
}

}  // namespace perfgoal

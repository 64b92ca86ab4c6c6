#include "extract/scan_lines.h"

#include <algorithm>
#include <cstdint>

namespace perfgoal {

namespace {

// Runs of rows with ink, as [first, last] rows.
std::vector<std::pair<int, int>> runs_of_rows_with_ink(const std::vector<int>& row_ink) {
  std::vector<std::pair<int, int>> runs;
  for (int y = 0; y < static_cast<int>(row_ink.size()); ++y) {
    if (row_ink[static_cast<size_t>(y)] <= 0) continue;
    if (!runs.empty() && runs.back().second == y - 1) runs.back().second = y;
    else runs.emplace_back(y, y);
  }
  return runs;
}

// Each run `too_low(height)` holds for joins the nearer of its neighbours
// (the smaller gap; the one above on a tie), while there are two runs or more.
template <class TooLow>
void join_to_nearer(std::vector<std::pair<int, int>>& runs, TooLow too_low) {
  for (size_t i = 0; i < runs.size() && runs.size() > 1;) {
    if (!too_low(runs[i].second - runs[i].first + 1)) {
      ++i;
      continue;
    }
    const int up = i > 0 ? runs[i].first - runs[i - 1].second : INT32_MAX;
    const int down = i + 1 < runs.size() ? runs[i + 1].first - runs[i].second : INT32_MAX;
    if (up <= down) runs[i - 1].second = runs[i].second;
    else runs[i + 1].first = runs[i].first;
    runs.erase(runs.begin() + static_cast<std::ptrdiff_t>(i));
  }
}

}  // namespace

int line_pitch(const std::vector<int>& row_ink, int min_pitch) {
  const int h = static_cast<int>(row_ink.size());
  const int max_lag = h * 2 / 3;
  if (min_pitch < 1 || max_lag <= min_pitch) return 0;
  double mean = 0;
  for (int v : row_ink) mean += v;
  mean /= h;
  std::vector<double> d(row_ink.size());
  double energy = 0;
  for (int y = 0; y < h; ++y) d[static_cast<size_t>(y)] = row_ink[static_cast<size_t>(y)] - mean, energy += d[static_cast<size_t>(y)] * d[static_cast<size_t>(y)];
  if (energy <= 0) return 0;
  // Normalized autocorrelation: the overlap's share of the energy.
  std::vector<double> r(static_cast<size_t>(max_lag) + 2, -1);
  double best = 0;
  for (int lag = min_pitch - 1; lag <= max_lag + 1 && lag < h; ++lag) {
    double s = 0;
    for (int y = 0; y + lag < h; ++y) s += d[static_cast<size_t>(y)] * d[static_cast<size_t>(y + lag)];
    r[static_cast<size_t>(lag)] = s / energy * h / (h - lag);
    if (lag >= min_pitch && lag <= max_lag) best = std::max(best, r[static_cast<size_t>(lag)]);
  }
  // Lines repeat: a pitch explains a good share of the rows' variation.
  if (best < 0.3) return 0;
  for (int lag = min_pitch; lag <= max_lag; ++lag) {
    const double v = r[static_cast<size_t>(lag)];
    if (v >= 0.8 * best && v >= r[static_cast<size_t>(lag - 1)] && v >= r[static_cast<size_t>(lag + 1)]) return lag;
  }
  return 0;
}

std::vector<std::pair<int, int>> line_bands(const std::vector<int>& row_ink, int min_pitch) {
  std::vector<std::pair<int, int>> bands = runs_of_rows_with_ink(row_ink);
  if (bands.empty()) return {};
  // Lines that touch: a band higher than one and a half pitches is cut at
  // the row with least ink about one pitch below where its line starts,
  // where that row holds clearly less ink than the band's rows do.
  const int pitch = line_pitch(row_ink, min_pitch);
  if (pitch > 0) {
    std::vector<std::pair<int, int>> cut;
    for (auto [a, b] : bands) {
      if ((b - a + 1) * 2 <= pitch * 3) {
        cut.emplace_back(a, b);
        continue;
      }
      std::vector<int> ink(row_ink.begin() + a, row_ink.begin() + b + 1);
      std::nth_element(ink.begin(), ink.begin() + static_cast<std::ptrdiff_t>(ink.size() / 2), ink.end());
      const int typical = ink[ink.size() / 2];
      int y = a;
      while ((b - y + 1) * 2 > pitch * 3) {
        const int lo = std::max(a + 1, y + pitch * 6 / 10), hi = std::min(b - 1, y + pitch * 14 / 10);
        int m = lo;
        for (int i = lo; i <= hi; ++i)
          if (row_ink[static_cast<size_t>(i)] < row_ink[static_cast<size_t>(m)]) m = i;
        if (lo > hi || row_ink[static_cast<size_t>(m)] * 2 > typical) return {};  // no gap to cut at
        cut.emplace_back(y, m - 1);
        y = m + 1;
      }
      cut.emplace_back(y, b);
    }
    bands = std::move(cut);
  }
  // Low bands join the nearer neighbour; a low last band at least half the
  // tallest band's height under the band above is a line of its own: a lone
  // mark wrapped to a line (the 。 ending a paragraph, under its last line;
  // the caller tells it from a faint rule's fringe by its width).
  // Joined to the line above, it was read with it as one line, and the line
  // came out as garbage (为促进上党区城市路网结构的不断完善、 as 2: dev 761-300).
  int tallest = 0;
  for (auto [a, b] : bands) tallest = std::max(tallest, b - a + 1);
  std::vector<std::pair<int, int>> wrapped_mark;
  if (bands.size() >= 3) {
    const auto [a, b] = bands.back();
    // Where a line would be: its foot about a line pitch (the feet of the
    // two lines above apart) under the last line's (a speck under a cell's
    // one line is no line of its own).
    const size_t n = bands.size();
    const int pitch = n >= 3 ? bands[n - 2].second - bands[n - 3].second : 0, step = b - bands[n - 2].second;
    if ((b - a + 1) * 2 < tallest && (a - bands[n - 2].second - 1) * 2 >= tallest && pitch > 0 &&
        step * 10 >= pitch * 6 && step * 10 <= pitch * 14) {
      wrapped_mark.push_back(bands.back());
      bands.pop_back();
    }
  }
  join_to_nearer(bands, [tallest](int height) { return height * 2 < tallest; });
  bands.insert(bands.end(), wrapped_mark.begin(), wrapped_mark.end());
  if (bands.size() < 2) return bands;
  // A band much higher than the others holds lines that could not be cut.
  std::vector<int> heights;
  for (auto [a, b] : bands) heights.push_back(b - a + 1);
  std::sort(heights.begin(), heights.end());
  const int median = heights[heights.size() / 2];
  for (int hh : heights)
    if (hh * 10 > median * 17) return {};
  return bands;
}

void join_wide_last_band(std::vector<std::pair<int, int>>& bands, int last_band_width) {
  if (bands.size() < 2) return;
  int tallest = 0;
  for (auto [a, b] : bands) tallest = std::max(tallest, b - a + 1);
  const auto [a, b] = bands.back();
  if ((b - a + 1) * 2 >= tallest || last_band_width <= tallest) return;
  bands[bands.size() - 2].second = b;
  bands.pop_back();
}

std::pair<int, int> rows_without_edge_fragments(const std::vector<int>& row_ink) {
  const int h = static_cast<int>(row_ink.size());
  const std::vector<std::pair<int, int>> bands = runs_of_rows_with_ink(row_ink);
  std::pair<int, int> keep{0, h};
  if (bands.size() < 2) return keep;
  int tallest = 0;
  for (auto [a, b] : bands) tallest = std::max(tallest, b - a + 1);
  auto fragment = [&](size_t i, size_t neighbour) {
    const int height = bands[i].second - bands[i].first + 1;
    const int gap = i < neighbour ? bands[neighbour].first - bands[i].second - 1 : bands[i].first - bands[neighbour].second - 1;
    return height * 3 < tallest && gap * 2 >= tallest;
  };
  if (fragment(0, 1)) keep.first = bands[1].first;
  if (fragment(bands.size() - 1, bands.size() - 2)) keep.second = bands[bands.size() - 2].second + 1;
  if (keep.first >= keep.second) return {0, h};
  return keep;
}

std::vector<std::pair<int, int>> wide_gap_parts(const std::vector<int>& column_ink, int min_gap) {
  std::vector<std::pair<int, int>> parts;
  for (auto [a, b] : runs_of_rows_with_ink(column_ink)) {
    if (!parts.empty() && a - parts.back().second - 1 < min_gap) parts.back().second = b;
    else parts.emplace_back(a, b);
  }
  return parts;
}

std::vector<std::size_t> wrapped_items(const std::vector<InkPart>& items) {
  std::vector<std::size_t> out;
  if (items.size() < 2) return out;
  std::vector<int> heights;
  for (const auto& p : items) heights.push_back(p.h);
  std::sort(heights.begin(), heights.end());
  const int typical = heights[(heights.size() - 1) / 2];
  if (typical <= 0) return out;
  for (std::size_t i = 0; i < items.size(); ++i)
    if (items[i].h * 2 >= typical * 3) out.push_back(i);
  return out;
}

std::vector<std::pair<int, int>> ink_row_runs(const std::vector<int>& row_ink, int min_height,
                                              const std::function<bool(int, int)>& alone) {
  std::vector<std::pair<int, int>> runs = runs_of_rows_with_ink(row_ink);
  join_to_nearer(runs, [min_height](int height) { return height < min_height; });
  // Neighbours of alike heights stay one part (read as before: lines that
  // wrap beside others, a sign-off's 联系电话： over its number); a line less
  // than two thirds as high as its neighbour is a part of its own.
  std::vector<std::pair<int, int>> parts;
  int last_height = 0;
  bool last_alone = false;
  for (auto [a, b] : runs) {
    const int height = b - a + 1;
    const bool own = alone && alone(a, b);
    if (!parts.empty() && !own && !last_alone && height * 3 >= last_height * 2 && last_height * 3 >= height * 2) {
      parts.back().second = b;
    } else {
      parts.emplace_back(a, b);
    }
    last_height = height;
    last_alone = own;
  }
  return parts;
}

namespace {

// Cuts the band [a, b] at its row with least ink, where that row is nearly
// blank (a twentieth of the band's median row) and both parts are at least
// `least` rows high; the parts cut again the same way.
void cut_at_valleys(const std::vector<int>& row_ink, int a, int b, int least,
                    std::vector<std::pair<int, int>>& out) {
  const int lo = a + least, hi = b - least;
  if (lo <= hi) {
    std::vector<int> ink(row_ink.begin() + a, row_ink.begin() + b + 1);
    std::nth_element(ink.begin(), ink.begin() + static_cast<std::ptrdiff_t>(ink.size() / 2), ink.end());
    const int typical = ink[ink.size() / 2];
    int m = lo;
    for (int i = lo; i <= hi; ++i)
      if (row_ink[static_cast<size_t>(i)] < row_ink[static_cast<size_t>(m)]) m = i;
    if (row_ink[static_cast<size_t>(m)] * 20 <= typical) {
      cut_at_valleys(row_ink, a, m - 1, least, out);
      cut_at_valleys(row_ink, m + 1, b, least, out);
      return;
    }
  }
  out.emplace_back(a, b);
}

}  // namespace

std::vector<std::pair<int, int>> line_bands_of_small_text(const std::vector<int>& row_ink, int min_pitch,
                                                          int small_pitch, int width) {
  auto bands = line_bands(row_ink, min_pitch);
  if (bands.size() >= 2 || small_pitch >= min_pitch || small_pitch < 1) return bands;
  int top = -1, bottom = -1;
  for (int y = 0; y < static_cast<int>(row_ink.size()); ++y)
    if (row_ink[static_cast<size_t>(y)] > 0) {
      if (top < 0) top = y;
      bottom = y;
    }
  const int high = bottom - top + 1;
  if (top < 0 || high < 2 * small_pitch || width < 8 * high) return bands;
  // Each line at least as high as a glyph of a 6 pt pitch: 6/10 of it.
  const int least = small_pitch * 6 / 10;
  std::vector<std::pair<int, int>> cut;
  cut_at_valleys(row_ink, top, bottom, least, cut);
  // A part whose ink is thinner than such a glyph is no line of text: the
  // fringe of a faint rule above or below a line (a few rows of a little ink
  // across the crop, parted from the line by blank rows), which read as a
  // line of its own came out as Latin letters ("FEEDRRRT..."). It joins
  // the part above it (the first part: the one below).
  auto ink_height = [&](std::pair<int, int> part) {
    int first = -1, last = -1;
    for (int y = part.first; y <= part.second; ++y)
      if (row_ink[static_cast<size_t>(y)] > 0) {
        if (first < 0) first = y;
        last = y;
      }
    return first < 0 ? 0 : last - first + 1;
  };
  for (size_t i = 0; i < cut.size() && cut.size() > 1;) {
    if (ink_height(cut[i]) >= least) {
      ++i;
      continue;
    }
    if (i > 0) cut[i - 1].second = cut[i].second;
    else cut[i + 1].first = cut[i].first;
    cut.erase(cut.begin() + static_cast<std::ptrdiff_t>(i));
  }
  return cut.size() >= 2 ? cut : bands;
}

std::vector<size_t> rule_bars(const std::vector<InkPart>& parts) {
  if (parts.size() < 3) return {};
  std::vector<int> heights;
  for (const auto& p : parts) heights.push_back(p.h);
  std::nth_element(heights.begin(), heights.begin() + static_cast<std::ptrdiff_t>(heights.size() / 2), heights.end());
  const int median = heights[heights.size() / 2];
  std::vector<size_t> bars;
  for (size_t i = 0; i < parts.size(); ++i) {
    const auto& p = parts[i];
    if (p.w * 6 <= p.h && p.pixels * 10 >= p.w * p.h * 6 && p.h * 2 >= median * 3) bars.push_back(i);
  }
  return bars;
}

std::pair<int, int> line_box_within_strip(int top, int bottom, int height) {
  const int t = std::clamp(top, 0, std::max(height, 0));
  return {t, std::clamp(bottom, t, std::max(height, t))};
}

}  // namespace perfgoal

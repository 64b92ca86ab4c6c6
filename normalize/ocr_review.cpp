#include "normalize/ocr_review.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "model/text_safety.h"
#include "normalize/text_order.h"

namespace perfgoal {
namespace {

// OCR's usual stand-ins for brackets: 〈 ( ［ for （, 〉 ) ］ for ）.
std::string fold_ocr(const std::string& key) {
  std::string out;
  for (char32_t c : decode_utf8(key)) {
    if (c == U'〈' || c == U'［' || c == U'[' || c == U'{' || c == U'《') c = U'(';
    if (c == U'〉' || c == U'］' || c == U']' || c == U'}' || c == U'》') c = U')';
    if (c == U'；' || c == U';') c = U':';
    append_utf8(out, c);
  }
  return out;
}

// Is `c` a Chinese character (a CJK unified ideograph, extension A on)?
bool is_ideograph(char32_t c) { return c >= 0x3400 && c <= 0x9FFF; }

// The number of Chinese characters (CJK unified ideographs) in `text`.
size_t ideographs(const std::u32string& text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), is_ideograph));
}

// The stretch of `text` closest to `word` (Sellers' approximate matching):
// its edit distance, start and end.
struct Window {
  size_t distance, start, end;
};
Window best_window(const std::u32string& word, const std::u32string& text) {
  const size_t n = text.size();
  std::vector<size_t> prev(n + 1, 0), cur(n + 1), prev_start(n + 1), cur_start(n + 1);
  for (size_t j = 0; j <= n; ++j) prev_start[j] = j;
  for (size_t i = 1; i <= word.size(); ++i) {
    cur[0] = i;
    cur_start[0] = 0;
    for (size_t j = 1; j <= n; ++j) {
      size_t sub = prev[j - 1] + (word[i - 1] == text[j - 1] ? 0 : 1), del = prev[j] + 1, ins = cur[j - 1] + 1;
      if (sub <= del && sub <= ins) {
        cur[j] = sub, cur_start[j] = prev_start[j - 1];
      } else if (del <= ins) {
        cur[j] = del, cur_start[j] = prev_start[j];
      } else {
        cur[j] = ins, cur_start[j] = cur_start[j - 1];
      }
    }
    std::swap(prev, cur);
    std::swap(prev_start, cur_start);
  }
  Window best{word.size() + 1, 0, 0};
  for (size_t j = 0; j <= n; ++j)
    if (prev[j] <= best.distance) best = Window{prev[j], prev_start[j], j};  // the longer of equals
  return best;
}

}  // namespace

size_t edit_distance(const std::u32string& a, const std::u32string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string colon_after_label(std::string_view text, const std::vector<std::string>& labels) {
  size_t lead = 0;
  while (lead < text.size() && text[lead] == ' ') ++lead;
  for (const auto& key : labels) {
    if (key.size() < 12 || text.compare(lead, key.size(), key) != 0) continue;  // 4 ideographs or more
    size_t p = lead + key.size();
    for (;;) {
      if (p < text.size() && (text[p] == ' ' || text[p] == ',' || text[p] == ';'))
        ++p;
      else if (text.compare(p, 3, "\xEF\xBC\x8C") == 0 || text.compare(p, 3, "\xEF\xBC\x9B") == 0)  // ， ；
        p += 3;
      else
        break;
    }
    if (p == lead + key.size() || p >= text.size() || !std::isdigit(static_cast<unsigned char>(text[p]))) continue;
    return std::string(text.substr(0, lead + key.size())) + "\xEF\xBC\x9A" + std::string(text.substr(p));
  }
  return {};
}

std::string snap_inline_label(std::string_view text, const std::vector<std::string>& labels) {
  const std::u32string codes = decode_utf8(text);
  const size_t colon = codes.find_first_of(U":：");
  if (colon == std::u32string::npos) return std::string(text);
  const std::u32string rest = codes.substr(colon + 1);
  if (std::all_of(rest.begin(), rest.end(), [](char32_t c) { return c == U' ' || c == U'　'; })) return std::string(text);
  const std::string prefix = encode_utf8(codes.substr(0, colon));
  const std::string key = label_key(prefix);
  const std::u32string k = decode_utf8(key);
  if (k.size() < 4 || std::find(labels.begin(), labels.end(), key) != labels.end()) return std::string(text);
  const size_t allowed = k.size() / 4;
  const std::string* best = nullptr;
  size_t best_distance = allowed + 1;
  bool tie = false;
  for (const auto& w : labels) {
    const std::u32string u = decode_utf8(w);
    if (u.size() + allowed < k.size() || k.size() + allowed < u.size() || ideographs(k) > ideographs(u)) continue;
    const size_t d = edit_distance(k, u);
    if (d < best_distance) best = &w, best_distance = d, tie = false;
    else if (d == best_distance) tie = true;
  }
  if (!best || tie) return std::string(text);
  // The prefix's own white space and the colon stay as read.
  size_t lead = 0;
  while (lead < colon && (codes[lead] == U' ' || codes[lead] == U'　')) ++lead;
  size_t end = colon;
  while (end > lead && (codes[end - 1] == U' ' || codes[end - 1] == U'　')) --end;
  return encode_utf8(codes.substr(0, lead)) + *best + encode_utf8(codes.substr(end));
}

namespace {

// A reading of three characters one character off exactly one of `words`
// (the known words of three characters, each a key of `word_set`), in a row
// holding at least `words_in_row` cells read as one of `word_set`'s words:
// that word. Three characters are too few to snap anywhere; the row's other
// words say what kind of row it is.
void snap_three_character_words(Row& row, const std::set<std::string>& word_set, const std::vector<std::u32string>& words,
                                int words_in_row) {
  int known = 0;
  for (const auto& c : row.cells) known += word_set.count(label_key(c.text)) > 0 ? 1 : 0;
  if (known < words_in_row) return;
  for (auto& c : row.cells) {
    if (c.confidence < 0 || c.text.size() > kMaxLabelBytes) continue;
    const std::string key = label_key(c.text);
    const std::u32string k = decode_utf8(key);
    if (k.size() != 3 || word_set.count(key) || ideographs(k) != 3) continue;
    const std::u32string* found = nullptr;
    bool tie = false;
    for (const auto& w : words)
      if (edit_distance(k, w) == 1) tie = tie || found, found = &w;
    if (!found || tie) continue;
    c.text = encode_utf8(*found);
    c.confidence = 100;  // a known word: nothing for a person to check
  }
}

// The fields' labels of three characters (项目其 for 项目期), in a row holding
// another field's label as read (项目属性 | 一次性项目 | 项目其 | 1年): a
// form's rows of labels hold no free text of three characters but a value,
// and a value a character off a label is none (an indicator named 项目数 is
// no 项目期).
void snap_short_labels(Row& row, const std::set<std::string>& label_set, const std::vector<std::u32string>& short_labels) {
  snap_three_character_words(row, label_set, short_labels, 1);
}

// The indicator table's header words of three characters (指标什 for 指标值),
// in a row holding two other header words as read (一级指标 | 二级指标 |
// 三级指标 | 指标什): a row of two header words is the table's header row,
// which holds no value; a name in an indicator's row stays as read.
void snap_short_headers(Row& row, const std::set<std::string>& header_set, const std::vector<std::u32string>& short_headers) {
  snap_three_character_words(row, header_set, short_headers, 2);
}

}  // namespace

std::vector<Row> snap_ocr_labels(const std::vector<Row>& rows, const std::vector<FormTemplate>& templates) {
  // Every known word: label key -> the text a cell gets.
  std::map<std::string, std::string> words;
  // The categories' words (一级 二级指标), each a canonical name.
  std::set<std::string> categories;
  for (const auto& t : templates) {
    for (const auto& [key, field] : t.labels) words.emplace(key, key);
    for (const auto& [key, role] : t.indicator_header) words.emplace(key, key);
    for (const auto& key : t.indicator_section) words.emplace(key, key);
    for (const auto& [key, name] : t.level1_keys) words.emplace(key, name), categories.insert(key);
    for (const auto& [key, name] : t.level2_keys) words.emplace(key, name), categories.insert(key);
  }
  // Two words as close to a reading that are one word spelt with other
  // punctuation are no tie (保证项目实施的制度、措施 and 保证项目实施的制度措施
  // for 制度`措施); words apart in a letter are (项目资金(元), 项目资金(万元)).
  struct Known {
    std::u32string key;
    const std::string* text;
    std::u32string letters;  // the key without its punctuation
    bool category;
  };
  std::vector<Known> known;
  for (const auto& [key, text] : words) {
    std::u32string k = decode_utf8(key), letters;
    for (char32_t c : k)
      if (is_ideograph(c) || (c < 0x80 && std::isalnum(static_cast<int>(c)))) letters += c;
    known.push_back(Known{k, &text, letters, categories.count(key) > 0});
  }

  std::vector<std::u32string> titles;
  for (const auto& t : templates)
    for (const auto& title : t.title) titles.push_back(decode_utf8(title));
  // The fields' labels (not header words or categories), for a label read
  // with its value in one cell.
  std::set<std::string> label_set;
  for (const auto& t : templates)
    for (const auto& [key, field] : t.labels) label_set.insert(key);
  const std::vector<std::string> labels(label_set.begin(), label_set.end());
  // The sign-off's labels: the fields a form prints with their values in
  // one cell (负责人：张三 填报日期：2025…), for a colon misread there.
  std::set<std::string> sign_off_set;
  for (const auto& t : templates) sign_off_set.insert(t.sign_off_keys.begin(), t.sign_off_keys.end());
  const std::vector<std::string> sign_off_labels(sign_off_set.begin(), sign_off_set.end());

  // The fields' labels of three characters (项目期, 负责人), for a reading a
  // character off them in a row of labels (snap_short_labels).
  std::vector<std::u32string> short_labels;
  for (const auto& key : labels)
    if (decode_utf8(key).size() == 3) short_labels.push_back(decode_utf8(key));

  // The indicator table's header words (一级指标, 指标值), and those of three
  // characters, for a header word misread in the header row.
  std::set<std::string> header_set;
  for (const auto& t : templates)
    for (const auto& [key, role] : t.indicator_header) header_set.insert(key);
  std::vector<std::u32string> short_headers;
  for (const auto& key : header_set)
    if (decode_utf8(key).size() == 3) short_headers.push_back(decode_utf8(key));

  std::vector<Row> out = rows;
  for (auto& row : out) {
    for (auto& c : row.cells) {
      if (c.confidence < 0) continue;
      // A label followed by a semicolon ("填报日期；2024..."): OCR's reading of
      // the colon that a label takes.
      for (const auto& [key, text] : words)
        for (const char* semi : {"\xEF\xBC\x9B", ";"}) {
          const std::string wrong = key + semi;
          for (size_t p = c.text.find(wrong); p != std::string::npos; p = c.text.find(wrong, p + key.size()))
            c.text.replace(p, wrong.size(), key + "\xEF\xBC\x9A");
        }
      if (std::string fixed = colon_after_label(c.text, sign_off_labels); !fixed.empty()) c.text = std::move(fixed);
      // The title: the template's words found in the cell with a misread
      // character or two (one in four) read as those words.
      bool title = false;
      for (const auto& t : templates)
        for (const auto& w : t.title) title = title || c.text.find(w) != std::string::npos;
      if (!title) {
        const std::u32string text = decode_utf8(c.text);
        for (const auto& w : titles) {
          auto [d, start, end] = best_window(w, text);
          if (w.size() >= 4 && d <= w.size() / 4) {
            c.text = encode_utf8(text.substr(0, start)) + encode_utf8(w) + encode_utf8(text.substr(end));
            break;
          }
        }
      }
      if (std::string snapped = snap_inline_label(c.text, labels); snapped != std::string_view(c.text)) c.text = std::move(snapped);
      if (c.text.size() > kMaxLabelBytes) continue;
      const std::string key = label_key(c.text);
      if (words.count(key)) continue;  // already a known word
      const std::u32string k = decode_utf8(fold_ocr(key));
      // A cell ending in a colon (or OCR's semicolon for one) is a label.
      std::u32string whole = decode_utf8(c.text);
      while (!whole.empty() && whole.back() == U' ') whole.pop_back();
      const bool colon = !whole.empty() && std::u32string(U":：;；").find(whole.back()) != std::u32string::npos;
      if (k.size() < 4) continue;
      const size_t allowed = k.size() / 4;
      size_t best = allowed + 1;
      const std::string* best_text = nullptr;
      const std::u32string* best_letters = nullptr;
      bool tie = false;
      for (const auto& [w, text, letters, category] : known) {
        if (w.size() + allowed < k.size() || k.size() + allowed < w.size()) continue;
        // Not a reading holding an ideograph more than a label or a header
        // word: those share their words with free text (项目总资金, an
        // indicator's name, is no misread 项目资金). A category (一级 二级
        // 指标) is one of a few names, and OCR does add a character now and
        // then (可和持续影响).
        // A stray character after the whole word (年度资金总额最) is still the
        // word, as is a cell ending in a label's colon (年度资金总人额；).
        if (ideographs(k) > ideographs(w) && !category && !colon && k.compare(0, w.size(), w) != 0) continue;
        size_t d = edit_distance(k, w);
        if (d < best) {
          best = d, best_text = text, best_letters = &letters, tie = false;
        } else if (d == best && best_text && *text != *best_text && letters != *best_letters) {
          tie = true;
        }
      }
      if (!best_text || tie || best > allowed) continue;
      c.text = *best_text;
      c.confidence = 100;  // a known word: nothing for a person to check
    }
    snap_short_labels(row, label_set, short_labels);
    snap_short_headers(row, header_set, short_headers);
  }
  return out;
}

namespace {

// " (page 2, box 56,300–200,320 pt from the top left)": where the cell is.
std::string where_of(const Cell& c) {
  char where[96] = "";
  if (c.box)
    std::snprintf(where, sizeof where, " (page %d, box %.0f,%.0f–%.0f,%.0f pt from the top left)", c.page, c.box->x0,
                  c.box->y0, c.box->x1, c.box->y1);
  return where;
}

// The start of the message of a finding made from the engine's other
// choices for a character (doubted_characters).
constexpr std::string_view kChoiceMessage = "OCR's engine had another choice close for a character";

bool by_choice(const Finding& f) { return f.rule == "ocr-uncertain" && f.message.starts_with(kChoiceMessage); }

// One ocr-uncertain finding per record and field: the first reason given.
// A finding by the engine's choices gives way to any other reason
// (drop_choices_reported_otherwise).
bool reported(const std::vector<Finding>& findings, int record, const std::string& field) {
  for (const auto& f : findings)
    if (f.rule == "ocr-uncertain" && f.record == record && f.field == field && !by_choice(f)) return true;
  return false;
}

}  // namespace

std::string doubtful_reading(const std::string& text, const std::string& field) {
  // Judged without the spaces OCR leaves between glyphs ("服务2 以行业").
  std::u32string t = decode_utf8(text);
  std::erase(t, U' ');
  if (t.empty()) return {};
  auto digit = [](char32_t c) { return c >= U'0' && c <= U'9'; };
  // What no field starts with: the label's colon, a comma, a closing mark.
  static const std::u32string kNoStart = U"：:，,。、；;)）]】》|";
  if (kNoStart.find(t[0]) != std::u32string::npos) return "it starts with «" + encode_utf8(t.substr(0, 1)) + "»";
  // Square brackets that do not pair up, a bar: OCR's readings of a 1 or a stroke.
  int square = 0, bars = 0;
  for (char32_t c : t) {
    square += c == U'[' || c == U'【' || c == U'［' ? 1 : c == U']' || c == U'】' || c == U'］' ? -1 : 0;
    bars += c == U'|';
  }
  if (square != 0 || bars > 0) return "a bracket or bar that pairs with nothing";
  // An opening bracket twice over (（（原招商…): one is a speck or a stroke.
  static const std::u32string kOpen = U"（(《“";
  for (size_t i = 0; i + 1 < t.size(); ++i)
    if (t[i] == t[i + 1] && kOpen.find(t[i]) != std::u32string::npos) return "an opening mark twice over";
  // A quote mark next to the punctuation it should close or open before:
  // “、 or ，” (the marks were given in turn, and one was misread).
  static const std::u32string kStops = U"、，。；：";
  for (size_t i = 0; i + 1 < t.size(); ++i)
    if ((t[i] == U'“' && kStops.find(t[i + 1]) != std::u32string::npos) ||
        (t[i + 1] == U'”' && kStops.find(t[i]) != std::u32string::npos))
      return "its quote marks do not pair up";
  // Quote marks, book-title marks or round brackets that do not pair up: one
  // was lost or a speck was read as one (全部是“新能源汽车, 山西长治）). A
  // closing bracket after a number or at the start is a list's (1）, 二)).
  {
    static const std::u32string kNumerals = U"一二三四五六七八九十";
    int quotes = 0, titles = 0;
    std::u32string open;  // the round brackets open, in turn
    bool stray_close = false, mixed = false;
    for (size_t i = 0; i < t.size(); ++i) {
      const char32_t c = t[i];
      quotes += c == U'“' ? 1 : c == U'”' ? -1 : 0;
      titles += c == U'《' ? 1 : c == U'》' ? -1 : 0;
      if (c == U'（' || c == U'(') open += c;
      if (c == U'）' || c == U')') {
        if (!open.empty()) {
          // (1） : a bracket of one width closed by one of the other, one of them misread.
          mixed = mixed || (open.back() == U'(') != (c == U')');
          open.pop_back();
        } else if (i > 0 && !digit(t[i - 1]) && kNumerals.find(t[i - 1]) == std::u32string::npos) {
          stray_close = true;
        }
      }
    }
    if (quotes != 0 || titles != 0 || !open.empty() || stray_close) return "its quote marks or brackets do not pair up";
    if (mixed) return "a bracket closed by one of the other width";
  }
  // A comma, semicolon or colon printed in both widths (，and , ；and ;):
  // a form's text keeps one, and the reader's choice of width was wrong for
  // one of them (the printed ， read as , or the other way). Not between
  // digits (1,000  10:30).
  for (const auto& [half, full] : {std::pair{U',', U'，'}, std::pair{U';', U'；'}, std::pair{U':', U'：'}}) {
    bool halves = false, fulls = false;
    for (size_t i = 0; i < t.size(); ++i) {
      fulls = fulls || t[i] == full;
      halves = halves || (t[i] == half && !(i > 0 && i + 1 < t.size() && digit(t[i - 1]) && digit(t[i + 1])));
    }
    if (halves && fulls)
      return "«" + encode_utf8(std::u32string(1, full)) + "» and «" + encode_utf8(std::u32string(1, half)) +
             "» both (one of them read in the wrong width?)";
  }
  // Two stops in a row (，，  ；，  .，): a speck read as one, or one read twice.
  static const std::u32string kStopsAndDots = U"、，。；：,;.";
  for (size_t i = 0; i + 1 < t.size(); ++i)
    if (kStops.find(t[i]) != std::u32string::npos || kStops.find(t[i + 1]) != std::u32string::npos)
      if (kStopsAndDots.find(t[i]) != std::u32string::npos && kStopsAndDots.find(t[i + 1]) != std::u32string::npos)
        return "two stops in a row";
  // Marks that Chinese text does not use (* ~ ^ _ ` \ @): specks; a hyphen
  // before a Chinese character, at the start or after another: a 一 read as
  // a dash (-次性项目; 6月-12月 is a range).
  static const std::u32string kStray = U"*~^_`\\@";
  for (size_t i = 0; i < t.size(); ++i) {
    if (kStray.find(t[i]) != std::u32string::npos) return "a mark Chinese text does not use";
    if (t[i] == U'-' && (i == 0 || is_ideograph(t[i - 1])) && i + 1 < t.size() && is_ideograph(t[i + 1]))
      return "a dash before a Chinese character (一?)";
    // The other way round: a 一 right before a digit (2021年9月—2022年1月
    // read as 9月一2022年: the Chinese model has no —, and Chinese text
    // does not put its numeral before Arabic digits).
    if (t[i] == U'一' && i + 1 < t.size() && digit(t[i + 1])) return "a 一 before a digit (a dash?)";
  }
  // A colon at the end: the next label's, read into this field (一次性项目：);
  // a comma, 、 or semicolon: no text of a form ends on one (a speck, or 。 misread).
  static const std::u32string kNoEnd = U"：:，,、；;";
  if (kNoEnd.find(t.back()) != std::u32string::npos) return "it ends with «" + encode_utf8(t.substr(t.size() - 1)) + "»";
  // A text that ends in a Latin full stop after a Chinese character: a 。 misread.
  if (t.size() >= 2 && t.back() == U'.' && is_ideograph(t[t.size() - 2])) return "it ends in «.» (。?)";
  // An amount or a value whose number starts with 0 and another digit
  // (≥0000吨 for ≥70000吨, 00% for 100%): a digit lost.
  const bool number_field = field.starts_with("funds.") || field.ends_with(".value");
  if (number_field)
    for (size_t i = 0; i + 1 < t.size(); ++i)
      if (digit(t[i])) {
        if (t[i] == U'0' && digit(t[i + 1])) return "its number starts with 0";
        break;
      }
  // A value whose number follows one of the Chinese model's readings of ≥ or
  // ≤ (二 之 和 委: it has no letter for them), as in 完善二90% (two rows'
  // cells read as one); or whose unit is followed by digits (125万7: 元 read
  // as 7).
  if (field.ends_with(".value")) {
    // A strict sign before a number (>31个): forms state targets with ≥ or
    // ≤ (no form of the dev sets' gold has > or <), and the scan reader
    // tells ≥ from > by the bar under it, which a faint scan loses.
    if ((t[0] == U'>' || t[0] == U'<' || t[0] == U'＞' || t[0] == U'＜') && t.size() > 1 && digit(t[1]))
      return "a strict sign before its number (≥ or ≤ with its bar lost?)";
    static const std::u32string kSignReadings = U"二之和委";
    const size_t first = static_cast<size_t>(std::find_if(t.begin(), t.end(), digit) - t.begin());
    if (first > 0 && first < t.size() && kSignReadings.find(t[first - 1]) != std::u32string::npos)
      return "a Chinese character where a sign stands (≥ ≤?)";
    size_t i = 0;
    static const std::u32string kSigns = U"≥≤><=";
    while (i < t.size() && kSigns.find(t[i]) != std::u32string::npos) ++i;
    const size_t number = i;
    while (i < t.size() && (digit(t[i]) || t[i] == U'.' || t[i] == U',')) ++i;
    const size_t unit = i;
    while (i < t.size() && (is_ideograph(t[i]) || t[i] == U'%')) ++i;
    const size_t tail = i;
    while (i < t.size() && digit(t[i])) ++i;
    if (unit > number && tail > unit && tail - unit <= 2 && i > tail && i == t.size()) return "digits after its unit";
    // A comparison sign before a bare number: a target with a sign has its
    // unit or % (≥8590 for ≥85%: the % read as digits).
    if (number > 0 && unit > number && unit == t.size()) return "a sign before a number without its unit or %";
  }
  // A list whose items (一是 二是, 1、 2、, （1） （2）) are separated
  // by both ； and ，: a form keeps one, and a ； read as ， (or the other way)
  // is the usual confident misreading of a list.
  {
    static const std::u32string kNumerals = U"一二三四五六七八九十";
    auto item_at = [&](size_t i) {
      if (i + 1 < t.size() && kNumerals.find(t[i]) != std::u32string::npos && t[i + 1] == U'是') return true;
      if ((t[i] == U'（' || t[i] == U'(') && i + 1 < t.size() && digit(t[i + 1])) return true;
      size_t j = i;
      while (j < t.size() && j < i + 2 && digit(t[j])) ++j;
      return j > i && j < t.size() && (t[j] == U'、' || t[j] == U'.' || t[j] == U'．') && !(j + 1 < t.size() && digit(t[j + 1]));
    };
    bool comma = false, semicolon = false;
    for (size_t i = 1; i < t.size(); ++i)
      if (item_at(i)) {
        comma = comma || t[i - 1] == U'，' || t[i - 1] == U',';
        semicolon = semicolon || t[i - 1] == U'；' || t[i - 1] == U';';
      }
    if (comma && semicolon) return "its list's items are separated by both ； and ，";
  }
  // A numbered list with some numbers followed by their point and some not
  // (1.面向…2以行业…3.在…): the point lost, or a speck read as one.
  // Each number of a list, where it stands: 1 2 3 in the text's order.
  std::vector<std::pair<int, size_t>> dotted, bare;
  for (size_t i = 0; i < t.size(); ++i) {
    if (!digit(t[i]) || (i > 0 && (digit(t[i - 1]) || t[i - 1] == U'.' || t[i - 1] == U'-'))) continue;
    if (i + 1 >= t.size() || digit(t[i + 1])) continue;
    const int n = static_cast<int>(t[i] - U'0');
    if (t[i + 1] == U'.' || t[i + 1] == U'、' || t[i + 1] == U'．') {
      if (i + 2 < t.size() && digit(t[i + 2])) continue;  // 1.5
      dotted.emplace_back(n, i);
    } else if (is_ideograph(t[i + 1]) && (i == 0 || is_ideograph(t[i - 1]) || kStops.find(t[i - 1]) != std::u32string::npos)) {
      bare.emplace_back(n, i);
    }
  }
  // With one number of the list dotted, only numbers that start the text
  // or follow a stop count (1提交…；2区财政局…；3.提请…).
  auto starts_item = [&](size_t at) { return at == 0 || kStops.find(t[at - 1]) != std::u32string::npos; };
  if (!dotted.empty())
    for (const auto& b : bare)
      for (const auto& d : dotted)
        if ((dotted.size() >= 2 || starts_item(b.second)) &&
            ((b.first == d.first + 1 && b.second > d.second) || (b.first + 1 == d.first && b.second < d.second)))
          return "its list is numbered with and without points";
  // A list none of whose numbers has its point or 、 (1提交…；2区财政局…):
  // the points lost, each read with confidence. Items start the text or
  // follow a stop, and count on (1, 2).
  // A number before a unit counts something (1年内完成；2年内验收).
  static const std::u32string kCounted = U"年月日天个次万元人家条项处所座米吨亩期批";
  auto item = [&](const std::pair<int, size_t>& b) {
    return starts_item(b.second) && kCounted.find(t[b.second + 1]) == std::u32string::npos;
  };
  if (dotted.empty())
    for (size_t a = 0; a < bare.size(); ++a)
      for (size_t b = a + 1; b < bare.size(); ++b)
        if (item(bare[a]) && item(bare[b]) && bare[b].first == bare[a].first + 1)
          return "its list's numbers have no point after them";
  return {};
}

std::string doubted_characters(const std::vector<OcrDoubt>& doubts, const std::string& text, float at_least) {
  std::u32string t = decode_utf8(text);
  auto digit = [](char32_t c) { return c >= U'0' && c <= U'9'; };
  auto letter = [](char32_t c) { return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z'); };
  const bool chinese = std::any_of(t.begin(), t.end(), is_ideograph);
  static const std::u32string kSigns = U"≥≤><=＞＜";
  std::vector<const OcrDoubt*> kept;
  for (const auto& d : doubts) {
    if (d.confidence < at_least || t.find(d.read) == std::u32string::npos) continue;
    // A Chinese character with another one close behind it (公草 for 公墓);
    // a digit whose other choice is a sign or another digit (290% for ≥90%);
    // a letter in Chinese text (22b0万元: a speck).
    const bool kind = (is_ideograph(d.read) && is_ideograph(d.alternative)) ||
                      (digit(d.read) && (digit(d.alternative) || kSigns.find(d.alternative) != std::u32string::npos)) ||
                      (letter(d.read) && chinese);
    if (kind) kept.push_back(&d);
  }
  std::stable_sort(kept.begin(), kept.end(), [](const OcrDoubt* a, const OcrDoubt* b) { return a->confidence > b->confidence; });
  std::string out;
  for (size_t i = 0; i < kept.size() && i < 3; ++i) {
    if (i) out += ", ";
    out += "«" + encode_utf8(std::u32string(1, kept[i]->read)) + "» or «" + encode_utf8(std::u32string(1, kept[i]->alternative)) +
           "» " + std::to_string(static_cast<int>(std::lround(kept[i]->confidence))) + "%";
  }
  return out;
}

void drop_choices_reported_otherwise(std::vector<Finding>& findings) {
  std::set<std::pair<int, std::string>> named;
  for (const auto& f : findings)
    if (f.rule == "ocr-uncertain" && !by_choice(f)) named.emplace(f.record, f.field);
  std::erase_if(findings, [&](const Finding& f) { return by_choice(f) && named.count({f.record, f.field}); });
}

float uncertain_below(const std::string& text) {
  return decode_utf8(text).size() >= kOcrLongText ? kOcrUncertainLong : kOcrUncertain;
}

void flag_uncertain(const Cell& c, const std::string& field, const std::string& file, int record,
                    std::vector<Finding>& findings, const std::string* reading) {
  flag_out_of_order(c, field, file, record, findings, reading);
  if (c.confidence < 0 || reported(findings, record, field)) return;
  const std::string text = reading ? *reading : c.text.str();
  if (c.confidence < uncertain_below(text)) {
    findings.push_back(Finding{"ocr-uncertain", Severity::warning,
                               "OCR is unsure of this reading (confidence " +
                                   std::to_string(static_cast<int>(std::lround(c.confidence))) +
                                   "%): check «" + text_head(text, 40) + "» against the scan" + where_of(c),
                               Location{file, c.line, c.page}, record, field});
    return;
  }
  const std::string why = doubtful_reading(text, field);
  if (!why.empty()) {
    findings.push_back(Finding{"ocr-uncertain", Severity::warning,
                               "OCR's reading looks misread (" + why + "): check «" + text_head(text, 40) +
                                   "» against the scan" + where_of(c),
                               Location{file, c.line, c.page}, record, field});
    return;
  }
  const std::string doubted = doubted_characters(c.doubts, text, kOcrCloseChoice);
  if (doubted.empty()) return;
  findings.push_back(Finding{"ocr-uncertain", Severity::warning,
                             std::string(kChoiceMessage) + " (" + doubted + "): check «" +
                                 text_head(text, 40) + "» against the scan" + where_of(c),
                             Location{file, c.line, c.page}, record, field});
}

void flag_label_read(const Cell& c, const std::string& field, const std::map<std::string, std::string>& labels,
                     const std::string& file, int record, std::vector<Finding>& findings, const std::string* reading) {
  if (c.confidence < 0) return;
  std::string text = reading ? *reading : c.text.str();
  std::erase(text, ' ');
  for (const auto& [key, label_field] : labels) {
    // Labels of four characters or more (12 bytes of UTF-8: not 年度, which a
    // text may start with), of another field, with text after them.
    // A sign-off value also where another sign-off label follows it
    // (0355-8478769填报日期2025-01-17: the label's colon lost, and the cell
    // was not cut there).
    const bool sign_offs = field.starts_with("sign_off.") && label_field.starts_with("sign_off.");
    const size_t at = sign_offs ? text.find(key) : (text.starts_with(key) ? 0 : std::string::npos);
    if (key.size() < 12 || label_field == field || at == std::string::npos || text.size() == at + key.size()) continue;
    if (!reported(findings, record, field))
      findings.push_back(Finding{"ocr-uncertain", Severity::warning,
                                 "OCR's reading " + std::string(at == 0 ? "starts with" : "holds") + " the label «" +
                                     key + "» (its colon misread?): check «" + text_head(text, 40) +
                                     "» against the scan" + where_of(c),
                                 Location{file, c.line, c.page}, record, field});
    if (!reported(findings, record, label_field))
      findings.push_back(Finding{"ocr-uncertain", Severity::warning,
                                 "«" + key + "» was read into another field's cell as «" + text_head(text, 40) +
                                     "»: check it against the scan" + where_of(c),
                                 Location{file, c.line, c.page}, record, label_field});
    return;
  }
}

std::optional<int> years_in_detail(const std::string& detail) {
  std::u32string t = decode_utf8(detail);
  std::erase(t, U' ');
  size_t i = 0;
  int years = 0;
  while (i < t.size() && i < 3 && t[i] >= U'0' && t[i] <= U'9') years = years * 10 + static_cast<int>(t[i++] - U'0');
  if (i == 0 || i >= t.size() || t[i] != U'年') return std::nullopt;
  return years;
}

void flag_period_disagreement(const Cell* attribute_cell, const std::optional<std::string>& detail,
                              const Cell* period_cell, std::optional<int> years, const std::string& file, int record,
                              std::vector<Finding>& findings) {
  if (!attribute_cell || !period_cell || attribute_cell->confidence < 0 || period_cell->confidence < 0) return;
  if (!detail || !years) return;
  const auto said = years_in_detail(*detail);
  if (!said || *said == *years) return;
  const std::string both = "项目属性 says «" + *detail + "» and 项目期 " + std::to_string(*years) +
                           " years: one of them is likely misread (a bar read as 1?)";
  if (!reported(findings, record, "project.attribute_detail"))
    findings.push_back(Finding{"ocr-uncertain", Severity::warning,
                               both + ": check «" + text_head(*detail, 40) + "» against the scan" + where_of(*attribute_cell),
                               Location{file, attribute_cell->line, attribute_cell->page}, record,
                               "project.attribute_detail"});
  if (!reported(findings, record, "project.period_years"))
    findings.push_back(Finding{"ocr-uncertain", Severity::warning,
                               both + ": check «" + text_head(period_cell->text, 40) + "» against the scan" +
                                   where_of(*period_cell),
                               Location{file, period_cell->line, period_cell->page}, record, "project.period_years"});
}

void flag_lost_detail(const Cell* attribute_cell, const std::optional<std::string>& detail, const std::string& file,
                      int record, std::vector<Finding>& findings) {
  if (!attribute_cell || attribute_cell->confidence < 0 || reported(findings, record, "project.attribute_detail")) return;
  // A detail read, but doubtful of itself (（1年结束: a bracket that pairs with nothing).
  const std::string why = detail ? doubtful_reading(*detail, "project.attribute_detail") : std::string();
  if (detail && why.empty()) return;
  if (!detail && !reported(findings, record, "project.attribute")) return;
  findings.push_back(Finding{"ocr-uncertain", Severity::warning,
                             (detail ? "OCR's reading of the 项目属性 detail looks misread (" + why + "): check «" +
                                           text_head(*detail, 40) + "»"
                                     : "no 项目属性 detail was read from the doubtful cell «" +
                                           text_head(attribute_cell->text, 40) + "»: check it") +
                                 " against the scan" + where_of(*attribute_cell),
                             Location{file, attribute_cell->line, attribute_cell->page}, record,
                             "project.attribute_detail"});
}

bool halves_disagree(const std::string& a, const std::string& b) {
  const std::u32string x = decode_utf8(fold_ocr(label_key(a))), y = decode_utf8(fold_ocr(label_key(b)));
  if (x == y || x.size() < 3 || y.size() < 3) return false;
  // One cut short (a long name that did not fit its cell): not a misreading.
  const std::u32string& shorter = x.size() < y.size() ? x : y;
  const std::u32string& longer = x.size() < y.size() ? y : x;
  if (longer.compare(0, shorter.size(), shorter) == 0) return false;
  const size_t allowed = std::max<size_t>(1, std::min(x.size(), y.size()) / 4);
  if (edit_distance(x, y) <= allowed) return true;
  // The same characters in another order (格工率程质量合 beside 工程质量合格率):
  // OCR put one half's glyphs out of order.
  std::u32string xs = x, ys = y;
  std::sort(xs.begin(), xs.end());
  std::sort(ys.begin(), ys.end());
  return xs == ys;
}

void flag_disagreeing_halves(const Cell& c, const Cell& other, const std::string& field, const std::string& file,
                             int record, std::vector<Finding>& findings) {
  if (c.confidence < 0 || other.confidence < 0 || !halves_disagree(c.text.str(), other.text.str())) return;
  if (reported(findings, record, field)) return;
  findings.push_back(Finding{"ocr-uncertain", Severity::warning,
                             "OCR read this name as «" + text_head(c.text, 40) + "» and the same row's other half as «" +
                                 text_head(other.text, 40) + "»: check it against the scan" + where_of(c),
                             Location{file, c.line, c.page}, record, field});
}

}  // namespace perfgoal

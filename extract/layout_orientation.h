// Which way a page of `pdftotext -layout` text reads, and turning it the
// right way round. pdftotext prints some pages backwards: Chromium's pages
// with Noto CJK (Type 3 fonts) turned by /Rotate 90/180/270 come out right
// to left, bottom to top, each line mirrored within the page's width, the
// characters of many stretches one space apart (`服 交 公 大 扩,`). Such a
// page is found by its labels (the templates' label keys read reversed and
// not forward) and turned back before the text reader finds its columns.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace perfgoal {

// One page of layout text: its lines, each (1-based line number, characters).
using LayoutPage = std::vector<std::pair<int, std::vector<char32_t>>>;

// Is this text (one stretch of a line, single spaces dropped) a label of the
// form? The text reader's label keys answer it.
using IsLabel = std::function<bool(const std::vector<char32_t>&)>;

// Is this page printed backwards? Three reversed labels or more, and fewer
// the right way round.
// `after_backwards`: the page before was printed backwards (pdftotext prints
// every page of such a PDF so): a page with text and no label the right way
// round is backwards too (a form's last rows and sign-off, their labels
// closed up with their values: `明晓王：人责负`).
bool printed_backwards(const LayoutPage& lines, const IsLabel& is_label, bool after_backwards = false);

// Turns a page printed backwards back: its lines in the other order (their
// numbers kept in order; blank lines before the first text and after the last
// stay where they are), each line mirrored within the page's width, so that a
// stretch ends where its mirror image starts and the columns line up again.
// In a stretch (parted by two spaces) whose characters are mostly one space
// apart those spaces are dropped (pdftotext took each character for a word of
// its own); so is any space next to a character standing alone (one space or
// the stretch's end on each side: `元 万005` turns to 500万元, `比 分 百59 ≥`
// to ≥95百分比), a glyph pdftotext took for a word of its own in a stretch of
// words, but a digit or Latin letter (a value: `0 金资政财级省`, 省级财政资金
// 0); no character is added. Such a stretch that starts (or ends)
// with a label (`is_label`, may be empty) is parted there again, two spaces
// apart, and so is an amount at its end after an ideograph (digits, then %
// or up to three ideographs: `%001 率 格 合 收 验 目 项` turns to 项目验收合格率
// and 100% two spaces apart) (a label and its value one space apart: `码 代 门 部 管 主` … `- 9 0 4`). What pdftotext interleaved (characters of
// neighbouring lines whose boxes overlap, merged by their place along the
// line) stays interleaved: no order of the text gives a value back (the
// merge depends on where each glyph's box fell; rejoin_wrapped_labels finds
// the form's labels again, whose characters are known).
void turn_page(LayoutPage& lines, const IsLabel& is_label = {});

// The labels of a form's fields, to be found again in text where pdftotext
// shuffled the characters of a label's two lines (its wrapped cell): each
// line's characters stay in their order, the two lines' are merged
// (保证项目 + 度、措施 + 实施的制, 主管 + 代码 + 部门及: the second line's
// characters set among the first's by their place along the line, as on
// pages turned back, whose glyph boxes overlap).
class WrappedLabels {
 public:
  // `labels`: as label_key writes them (brackets and colons folded to ASCII).
  explicit WrappedLabels(const std::vector<std::u32string>& labels);
  // `text` in the order of the label whose two lines (its characters up to
  // some place, then the rest) it merges, the first line's first character
  // first; empty when it is no such label.
  std::vector<char32_t> unshuffle(const std::vector<char32_t>& text) const;
  // A multiset of characters hashes to the sum of its characters' hashes
  // (folded as labels are compared; a colon, which a label may drop, 0).
  static uint64_t char_hash(char32_t c);
  // Might characters of this hash (summed) be a label's?
  bool has(uint64_t hash) const { return by_chars_.count(hash) > 0; }

 private:
  std::unordered_map<uint64_t, std::vector<std::u32string>> by_chars_;  // labels, colons dropped, by char_hash sum
};

// On a page turned back (turn_page): a label wrapped over two lines whose
// lines pdftotext printed shuffled, or at columns that do not line up, or
// its first line glued to its value (`保证项目实施的制1、对参与…` over
// `度、措施`, `保证项目度、措` over `施实施的制 集中资源…`, `主管` over
// `代码部门及`): the first text of a line and the first text of the next,
// their starts taken together, that `labels` unshuffle to a label are
// replaced by the label, whole, on the first line at the column of the
// two texts further left, its value (the rest of the line) two spaces after
// it at least; the rest of the next line stays where it stands. So are any
// other text of a line and the next line's text that starts nearest it, at
// most four columns away (`年度` over `额  ：资金总13,577,400`; the upper text
// may be a label of its own there), and a text with the texts just left of
// it on its line, a few columns apart (`政   资   金   其中：中央财 0`: the
// label's rest printed before its start).
void rejoin_wrapped_labels(LayoutPage& lines, const WrappedLabels& labels);

// A line of one text that is a form's title printed backwards (pdftotext
// prints the title of some pages turned by /Rotate right to left:
// 表标目效绩出支目项…) is turned back, in place; the rest of the page reads
// the right way round. `titles`: the templates' titles (role "title").
void turn_backwards_titles(LayoutPage& lines, const std::vector<std::u32string>& titles);

// Values pdftotext printed below their labels: lines that hold labels only
// (each text parted by spaces a label: `项目资金（元） 省级财政资金`,
// `市县（区）财政资金`), followed at once by as many lines that hold an
// amount of money only (`0`, `5,300,000`), one under the other, in the
// column where the line above the labels or the line below the amounts has
// a text too (the labels' values: Chromium draws a tall merged label's
// lines and its neighbours' as one block, and pdftotext prints the block's
// labels, then their values). Each amount is moved, in order, to its
// label's line at its column (the lines it leaves stay, blank). `is_label`:
// the labels of fields (not the indicator table's category labels, whose
// rows' values may stand alone on the line below).
void values_below_labels(LayoutPage& lines, const IsLabel& is_label);

// Labels pdftotext printed letter-spaced, each character a word of its own
// two to four spaces from the next (`数   量  指   标`, `填 报 日 期 ：`:
// Chromium's pages turned by /Rotate, where a tall cell's label is drawn
// spread out), which the columns would cut apart (`数 量` glued to the value
// before, `标` to the name after): a run of three single characters or more,
// at most four spaces apart, that reads a label (`is_label`) is written
// together at the column of its first character (the columns it leaves
// blank). The longest such run from the left is taken first; no character is
// added or dropped.
void join_spaced_labels(LayoutPage& lines, const IsLabel& is_label);

// On a page turned back (turn_page): a number pdftotext printed in pieces one
// space apart after a label's colon (`填报日期：  202 50207 221 557`,
// `联系电话： 0 355 -52 9 826 6`: each glyph a word of its own, spaces set
// where the boxes fell) is written together, at its first character: a run
// of two pieces or more, each of digits and - : . / only, single spaces
// between them, the text before the run a colon (spaces between). Its
// characters stay in their order; the spaces dropped go after it.
void join_spaced_numbers(LayoutPage& lines);

// On a page turned back (turn_page): text pdftotext printed letter-spaced,
// each ideograph a word of its own two to four spaces from the next (`补   种
// 补   植  面积`: a tall cell's text drawn spread out), which the columns would
// cut apart: a run of three such ideographs or more, with a text right after
// the last (at most four spaces, starting with an ideograph), is written
// together at its first character's column. No character is added or dropped.
void join_spaced_text(LayoutPage& lines);

// On a page turned back (turn_page), in its indicator tables (from the
// page's top, a table gone on from the page before, or a line holding a
// header word, `is_header`: 一级指标, 三级指标, up to a line holding a text
// that `ends_table`: a long text's or a goal's label, 项目概况, 总体目标, or a
// form's title; long texts and goals may hold such words, an indicator may
// be named like another field's label, 项目资金): a category label
// (`is_category`: 数量指标, 社会效益, 服务对象满意度) that the dropped spaces
// closed up with the text before or after it (`≤4886.22万元数量指标项目总投资`,
// `社会效益交通事故下降率≤10%`: the next column's text, or the column
// before's, glued to it) is set off again by two spaces on the glued side,
// the longest label from the left first; the spaces added are taken from the
// next run of spaces on the line (two kept), so the texts further right stay
// at their columns where there is room. No character is added but spaces,
// none dropped.
void part_glued_categories(LayoutPage& lines, const IsLabel& is_category, const IsLabel& is_header,
                           const IsLabel& ends_table);

}  // namespace perfgoal

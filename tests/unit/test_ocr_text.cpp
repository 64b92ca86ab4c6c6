#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "extract/ocr_text.h"

using namespace perfgoal;

namespace {

// A reading as OCR gives it, one symbol (code point) an element.
std::vector<std::string> symbols(const std::string& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

std::string punctuated(const std::string& reading) {
  auto v = symbols(reading);
  chinese_punctuation(v);
  std::string out;
  for (const auto& s : v) out += s;
  return out;
}

}  // namespace

TEST_CASE("OCR punctuation: ASCII marks next to Chinese text are the full-width ones printed") {
  CHECK(punctuated("资金(元):100") == "资金（元）：100");
  CHECK(punctuated("道路桥梁;涵洞") == "道路桥梁；涵洞");
  CHECK(punctuated("〈试行〉办法") == "（试行）办法");
}

TEST_CASE("OCR punctuation: a comma between digits stays a thousands comma") {
  CHECK(punctuated("总额5,300,000元") == "总额5,300,000元");
}

TEST_CASE("OCR punctuation: a comma stays as read, ASCII or full-width (the form may print either)") {
  CHECK(punctuated("2009年,县委、县政府") == "2009年,县委、县政府");
  CHECK(punctuated("道路，桥梁") == "道路，桥梁");
  CHECK(punctuated("道路,桥梁,涵洞，隧道") == "道路,桥梁,涵洞，隧道");
}

TEST_CASE("OCR punctuation: in a reading holding more full-width commas, a comma beside Chinese text is full-width") {
  CHECK(punctuated("道路，桥梁,涵洞，隧道") == "道路，桥梁，涵洞，隧道");
  // a thousands comma stays
  CHECK(punctuated("道路，桥梁，共5,300米") == "道路，桥梁，共5,300米");
}

TEST_CASE("OCR punctuation: readings without Chinese text are left as read") {
  CHECK(punctuated("5,300,000") == "5,300,000");
  CHECK(punctuated("(a):b;\"c\"") == "(a):b;\"c\"");
  CHECK(punctuated("]2") == "]2");
}

TEST_CASE("OCR punctuation: quote marks open and close in turn") {
  CHECK(punctuated("落实\"放管服\"要求\"一网通办\"") == "落实“放管服”要求“一网通办”");
}

TEST_CASE("OCR punctuation: a document's number with a square bracket is printed with 〔 〕") {
  CHECK(punctuated("发改投资[2006]1325号") == "发改投资〔2006〕1325号");
  CHECK(punctuated("发改投资【2006)1325号") == "发改投资〔2006〕1325号");
  // printed with （ ）: stays so
  CHECK(punctuated("晋政发（2020）23号") == "晋政发（2020）23号");
}

TEST_CASE("OCR punctuation: a bracket closing 《 is 》, one closing （ is ）") {
  CHECK(punctuated("《长治市管理办法)") == "《长治市管理办法》");
  CHECK(punctuated("《办法（试行))") == "《办法（试行）》");
  CHECK(punctuated("合格率（%)") == "合格率（%）");
}

TEST_CASE("OCR punctuation: a closing square bracket, bar, l or I before a digit or 年 is a 1, not inside brackets") {
  CHECK(punctuated("第]0次") == "第10次");
  CHECK(punctuated("l年内完成") == "1年内完成");
  CHECK(punctuated("共|2个") == "共12个");
  CHECK(punctuated("共I个月") == "共1个月");
  // a closing bracket after an open one stays a bracket
  CHECK(punctuated("[2]号文") == "[2]号文");
}

TEST_CASE("OCR punctuation: a closing square bracket or bar before a unit's first character is a 1") {
  CHECK(punctuated("]处") == "1处");
  CHECK(punctuated("≤]条") == "≤1条");
  CHECK(punctuated("|家") == "1家");
  CHECK(punctuated("]平方米") == "1平方米");
  // not before a character that starts no unit, nor closing an open bracket
  CHECK(punctuated("]号") == "]号");
  CHECK(punctuated("[见附件]处理") == "[见附件]处理");
}

TEST_CASE("OCR punctuation: an exclamation mark before 年 or a digit is a 1, unless it ends Chinese text") {
  CHECK(punctuated("!年") == "1年");
  CHECK(punctuated("共!2个") == "共!2个");  // after Chinese text: a sentence's end, left as read
  CHECK(punctuated("!0次") == "10次");
  CHECK(punctuated("!好") == "!好");  // nothing a 1 is printed before
}

TEST_CASE("OCR punctuation: a closing square bracket right after an opening bracket is a 1") {
  CHECK(punctuated("一次性项目（]年结束）") == "一次性项目（1年结束）");
  CHECK(punctuated("一次性项目(]年结束)") == "一次性项目（1年结束）");
  CHECK(punctuated("（]2个）") == "（12个）");
  CHECK(punctuated("（】）") == "（】）");  // no digit or 年 after it: left as read
}

TEST_CASE("OCR units: a value's unit that is none of the usual ones is reported") {
  CHECK(unknown_unit("≥31个") == "");
  CHECK(unknown_unit("≤1338万元") == "");
  CHECK(unknown_unit("95%") == "");
  CHECK(unknown_unit("=5,300,000元") == "");
  CHECK(unknown_unit("≥3小") == "小");
  CHECK(unknown_unit("1338帮元") == "帮元");
  // not a value: no number, or no unit, or digits in the unit
  CHECK(unknown_unit("群众满意") == "");
  CHECK(unknown_unit("≥95") == "");
  CHECK(unknown_unit("2025年12月") == "");
}

TEST_CASE("OCR sign: the digits after a comparison sign start as a number does") {
  CHECK(number_after_sign("90%"));
  CHECK(number_after_sign("1,000吨"));
  CHECK(number_after_sign("0.5"));
  CHECK(number_after_sign("0"));
  CHECK(number_after_sign("13,380,000.00"));
  CHECK(number_after_sign("5328米"));
  // the sign's box took the number's first digit (7,000,000 with its 7 taken for >)
  CHECK_FALSE(number_after_sign("000,000"));
  CHECK_FALSE(number_after_sign("0000吨"));
  CHECK_FALSE(number_after_sign("00,000"));
  // thousands groups that cannot be
  CHECK_FALSE(number_after_sign("1,00"));
  CHECK_FALSE(number_after_sign("1000,000"));
  CHECK_FALSE(number_after_sign("个"));
  CHECK_FALSE(number_after_sign(""));
}

TEST_CASE("OCR sign: digits in a reading are counted") {
  CHECK(digit_count("≥10000吨") == 5);
  CHECK(digit_count("之1,000") == 4);
  CHECK(digit_count("个") == 0);
}

TEST_CASE("OCR sign: a digit read inside another digit's box is no digit of its own") {
  // ≥4家 read as ">14家" (711-300): the 1 at 62-66 lies inside the 4 at 62-78.
  CHECK(digits_on_own_ink({">", "1", "4", "家"}, {32, 62, 62, 84}, {52, 66, 78, 114}) == 1);
  // ≥31个 read as ">31个": two digits side by side.
  CHECK(digits_on_own_ink({">", "3", "1", "个"}, {10, 30, 46, 60}, {20, 44, 54, 80}) == 2);
  // Two digits on the very same box: one counts.
  CHECK(digits_on_own_ink({"1", "1"}, {5, 5}, {9, 9}) == 1);
  // A number read as one glyph counts its digits.
  CHECK(digits_on_own_ink({"≥", "1,000", "吨"}, {0, 20, 60}, {18, 58, 80}) == 4);
}

TEST_CASE("OCR numbers: a value's digits, with separators between digits, are one run") {
  const std::vector<int> one_line(12, 0);
  using Runs = std::vector<std::pair<size_t, size_t>>;
  CHECK(number_runs(symbols("35000万元"), one_line) == Runs{{0, 5}});
  CHECK(number_runs(symbols("≥1,200人"), one_line) == Runs{{1, 6}});
  CHECK(number_runs(symbols("≤6805.4万元"), one_line) == Runs{{1, 7}});
  // a separator not between digits ends the run; a lone digit is no run
  CHECK(number_runs(symbols("12,个3"), one_line) == Runs{{0, 2}});
  CHECK(number_runs(symbols("1处"), one_line) == Runs{});
  // a number joined before counts as digits
  CHECK(number_runs({"≥", "5,300", "0", "元"}, one_line) == Runs{{1, 3}});
}

TEST_CASE("OCR numbers: digits on two lines are two runs") {
  CHECK(number_runs(symbols("1234"), {0, 0, 1, 1}) == std::vector<std::pair<size_t, size_t>>{{0, 2}, {2, 4}});
}

TEST_CASE("OCR sign: a 2 only the digits model read before a value is a sign it took for a digit") {
  CHECK(sign_read_as_digit("80%", "280%"));
  CHECK(sign_read_as_digit("95.5%", "295.5%"));
  CHECK_FALSE(sign_read_as_digit("80%", "80%"));       // the same reading
  CHECK_FALSE(sign_read_as_digit("00%", "100%"));      // a 1 the Chinese model lost
  CHECK_FALSE(sign_read_as_digit("80%", "180%"));
  CHECK_FALSE(sign_read_as_digit("5,000", "25,000"));  // an amount: a 2 the Chinese model lost
  CHECK_FALSE(sign_read_as_digit("90", "290"));
}

TEST_CASE("OCR values: a sign, a number and a usual unit make a well-formed value") {
  CHECK(well_formed_value("1年"));
  CHECK(well_formed_value("≥110人"));
  CHECK(well_formed_value("≤300万元"));
  CHECK(well_formed_value("5,300,000"));
  CHECK(well_formed_value("98.5%"));
  CHECK_FALSE(well_formed_value("年"));       // the 1 lost
  CHECK_FALSE(well_formed_value("L汪"));
  CHECK_FALSE(well_formed_value("1汪"));      // no usual unit
  CHECK_FALSE(well_formed_value("00,000"));   // thousands groups wrong
  CHECK_FALSE(well_formed_value("12."));
  CHECK_FALSE(well_formed_value(""));
}

TEST_CASE("OCR punctuation: a mark's space between its neighbours' ink") {
  // A line 36 px high: 通 [0,34) , [40,45) 知 [52,86); the mark's box as
  // the engine estimates it, a little off.
  const std::vector<InkRun> line{{0, 34, 0, 36}, {40, 45, 28, 36}, {52, 86, 0, 36}};
  CHECK(mark_space(line, 38, 46, 36, MarkKind::comma) == 18);
  // a character drawn in two runs (川's strokes) around a full-width mark
  const std::vector<InkRun> wide{{0, 14, 0, 36}, {20, 34, 0, 36}, {42, 50, 26, 36}, {76, 90, 0, 36}, {96, 110, 0, 36}};
  CHECK(mark_space(wide, 40, 52, 36, MarkKind::comma) == 42);
  // a character's narrow part (纟 of 缩) is no comma: it is as high as the line
  const std::vector<InkRun> radical{{0, 34, 0, 36}, {70, 84, 0, 36}, {88, 110, 0, 36}};
  CHECK(mark_space(radical, 66, 80, 36, MarkKind::comma) == -1);
  CHECK(mark_space(radical, 66, 80, 36, MarkKind::stop) == -1);
  // a semicolon: below the line's top, not as high as it
  const std::vector<InkRun> semicolon{{0, 34, 0, 36}, {40, 45, 8, 34}, {52, 86, 0, 36}};
  CHECK(mark_space(semicolon, 38, 46, 36, MarkKind::stop) == 18);
  CHECK(mark_space(semicolon, 38, 46, 36, MarkKind::comma) == -1);
  // a bracket is as high as the line
  const std::vector<InkRun> paren{{0, 34, 0, 36}, {40, 46, 0, 38}, {52, 86, 0, 36}};
  CHECK(mark_space(paren, 38, 46, 36, MarkKind::bracket) == 18);
  CHECK(mark_space(paren, 38, 46, 36, MarkKind::stop) == -1);
  // no narrow run near the box, or the mark first or last: not measured
  CHECK(mark_space({{0, 34, 0, 36}, {40, 74, 0, 36}, {80, 114, 0, 36}}, 38, 46, 36, MarkKind::comma) == -1);
  CHECK(mark_space({{0, 6, 28, 36}, {12, 46, 0, 36}}, 0, 6, 36, MarkKind::comma) == -1);
  CHECK(mark_space(line, 38, 46, 0, MarkKind::comma) == -1);
}

TEST_CASE("OCR punctuation: a mark's width from its space and the line's height") {
  CHECK(mark_width(18, 36) == MarkWidth::half);
  CHECK(mark_width(42, 36) == MarkWidth::full);
  CHECK(mark_width(30, 36) == MarkWidth::unknown);  // in between
  CHECK(mark_width(-1, 36) == MarkWidth::unknown);
}

TEST_CASE("OCR punctuation: a mark of measured width is the form of that width") {
  auto with_widths = [](const std::string& reading, const std::vector<MarkWidth>& widths) {
    auto v = symbols(reading);
    chinese_punctuation(v, widths);
    std::string out;
    for (const auto& s : v) out += s;
    return out;
  };
  const auto H = MarkWidth::half, F = MarkWidth::full, U = MarkWidth::unknown;
  // 骨灰堂(公墓): the rules would make （公墓）
  CHECK(with_widths("灰堂(公墓)建", {U, U, H, U, U, H, U}) == "灰堂(公墓)建");
  CHECK(with_widths("灰堂(公墓)建", {}) == "灰堂（公墓）建");
  // full-width read as ASCII, and ASCII read as full-width
  CHECK(with_widths("字(2021)1号", {U, F, U, U, U, U, F, U, U}) == "字（2021）1号");
  CHECK(with_widths("行；保", {U, H, U}) == "行;保");
  CHECK(with_widths("策，鼓", {U, H, U}) == "策,鼓");
  CHECK(with_widths("策,鼓", {U, F, U}) == "策，鼓");
  // unknown widths: the rules
  CHECK(with_widths("道路;涵洞", {U, U, U, U, U}) == "道路；涵洞");
}

TEST_CASE("OCR reading: ink no glyph's box reaches is ink lost in reading") {
  // 项目总资金 read as 项目资金: 总's ink [80,114) lies between 目's and 资's boxes.
  const std::vector<std::pair<int, int>> runs{{0, 34}, {40, 74}, {80, 114}, {120, 154}, {160, 194}};
  const std::vector<std::pair<int, int>> boxes{{0, 34}, {40, 74}, {120, 154}, {160, 194}};
  CHECK(unread_ink(runs, boxes, 36) == std::vector<std::pair<int, int>>{{80, 114}});
  // boxes a little off (the engine's estimates) still reach their ink
  const std::vector<std::pair<int, int>> off{{2, 30}, {44, 78}, {84, 110}, {118, 150}, {164, 198}};
  CHECK(unread_ink(runs, off, 36).empty());
  // a 。 lost at the line's end
  CHECK(unread_ink({{0, 34}, {40, 74}, {82, 90}}, {{0, 34}, {40, 74}}, 36) == std::vector<std::pair<int, int>>{{82, 90}});
}

TEST_CASE("OCR values: a value misread after its number is taken from another reading with the same number") {
  CHECK(leading_digits("≤385774万7") == "385774");
  CHECK(leading_digits("之90%") == "90");
  CHECK(leading_digits("1,250万元") == "1250");
  CHECK(leading_digits("完成") == "");
  CHECK(leading_digits("(2024年度)") == "");  // a bracket is no sign
  // the unit misread, or digits after it: the well-formed reading of the same number
  CHECK(value_read_better("125浪交", "125万元"));
  CHECK(value_read_better("125万7", "125万元"));
  CHECK(value_read_better("≤385774万7", "≤3857.74万元"));
  CHECK(value_read_better("之90%", ">90%"));  // a sign the Chinese model has no letter for
  // not another number, not a reading much shorter or longer, not a value read well
  CHECK_FALSE(value_read_better("125浪交", "12576"));
  CHECK_FALSE(value_read_better("125浪交", "126万元"));
  CHECK_FALSE(value_read_better("2025年7月底完成", "2025年"));
  CHECK_FALSE(value_read_better("125万元", "125万元"));
  CHECK_FALSE(value_read_better("过90%", "90%"));  // the sign lost
  CHECK(leading_digits(",000,000") == "");  // a separator starts no number
  CHECK_FALSE(value_read_better("完成", "1年"));
}

TEST_CASE("OCR values: 百分比 is a usual unit, as the value reader reads it") {
  CHECK(unknown_unit("95百分比").empty());
  CHECK(well_formed_value("≥95百分比"));
  CHECK(value_read_better("之95百分比", ">95百分比"));
}

TEST_CASE("OCR cells: a lone small digit is text, a speck or a rule's remnant is not") {
  // the ink of a small digit at 300 dpi (60 pixels) or more
  CHECK(cell_holds_text(60, 30, 30, 300));
  // a 0 of a form printed small: 12 x 16 pixels, 52 of ink
  CHECK(cell_holds_text(52, 12, 16, 300));
  // too little ink, too low a box, a thin upright remnant, a box higher than a line
  CHECK_FALSE(cell_holds_text(25, 12, 16, 300));
  CHECK_FALSE(cell_holds_text(52, 20, 8, 300));
  CHECK_FALSE(cell_holds_text(52, 3, 16, 300));
  CHECK_FALSE(cell_holds_text(52, 12, 60, 300));
}

TEST_CASE("OCR punctuation: a mark's shape from the rows of its ink") {
  // Lines 35 rows high (scans of 722 at 150 and 300 dpi): a ； read as ，.
  CHECK(mark_shape({{18, 23}, {27, 35}}, 36) == MarkShape::semicolon);
  CHECK(mark_shape({{21, 24}, {30, 36}}, 36) == MarkShape::semicolon);
  // A colon: two dots alike (负责人：, read as ; or ，).
  CHECK(mark_shape({{18, 22}, {27, 31}}, 35) == MarkShape::colon);
  CHECK(mark_shape({{18, 24}, {28, 33}}, 36) == MarkShape::colon);
  // In between: unknown.
  CHECK(mark_shape({{20, 26}, {29, 36}}, 39) == MarkShape::unknown);
  // A comma (one part at the foot), a character's stroke, a dot too high.
  CHECK(mark_shape({{28, 35}}, 36) == MarkShape::unknown);
  CHECK(mark_shape({{3, 8}, {14, 34}}, 35) == MarkShape::unknown);
  CHECK(mark_shape({{9, 13}, {23, 29}}, 36) == MarkShape::unknown);
  CHECK(mark_shape({}, 36) == MarkShape::unknown);
}

TEST_CASE("OCR punctuation: a mark read as its shape, in the width read") {
  CHECK(shaped_mark("，", MarkShape::semicolon) == "；");
  CHECK(shaped_mark(",", MarkShape::semicolon) == ";");
  CHECK(shaped_mark("；", MarkShape::colon) == "：");
  CHECK(shaped_mark(";", MarkShape::colon) == ":");
  CHECK(shaped_mark("，", MarkShape::unknown) == "，");
  CHECK(shaped_mark("、", MarkShape::semicolon) == "、");
  CHECK(shaped_mark("中", MarkShape::colon) == "中");
}

TEST_CASE("OCR punctuation: a mark's width is measured against its characters' height") {
  // A line of characters 34 rows high whose ink reaches 54 rows (a stroke
  // of the next line): the characters' height (scan 724 at 150 dpi, a
  // ， taking 39 columns read as half-width against 54).
  std::vector<InkRun> runs;
  for (int i = 0; i < 6; ++i) runs.push_back(InkRun{i * 40, i * 40 + 30, 2, 36});
  runs.push_back(InkRun{250, 254, 27, 36});  // a comma
  runs.push_back(InkRun{300, 302, 50, 54});  // the stroke below
  CHECK(character_height(runs, 54) == 34);
  CHECK(mark_width(39, character_height(runs, 54)) == MarkWidth::full);
  CHECK(mark_width(39, 54) == MarkWidth::half);
  // The line's own height where it is about its characters'.
  CHECK(character_height(runs, 36) == 36);
  CHECK(character_height({}, 36) == 36);
}

TEST_CASE("OCR digits: a digit at a number's end less than half as tall as its line's digits is a speck") {
  // 45人 read as 145人: the 1 a dot by the 4's foot (box 8 px high, the digits 30)
  const std::vector<std::string> read = {"1", "4", "5", "人"};
  const std::vector<int> one_line = {0, 0, 0, 0};
  CHECK(speck_digits(read, {8, 30, 29, 31}, one_line) == std::vector<bool>{true, false, false, false});
  // full height, it is a 1 (145人)
  CHECK(speck_digits(read, {28, 30, 29, 31}, one_line) == std::vector<bool>{false, false, false, false});
  // a lone digit, or one other full-height digit only: nothing to judge by
  CHECK(speck_digits({"1", "人"}, {8, 30}, {0, 0}) == std::vector<bool>{false, false});
  CHECK(speck_digits({"1", "4", "人"}, {8, 30, 30}, {0, 0, 0}) == std::vector<bool>{false, false, false});
  // inside a number (a separator misread?), or its last digit (Tesseract's
  // box of the last 0 of 100百分比 came out short): not judged here
  CHECK(speck_digits({"4", "1", "5", "0"}, {30, 8, 30, 30}, {0, 0, 0, 0}) == std::vector<bool>{false, false, false, false});
  CHECK(speck_digits({"1", "0", "0", "百"}, {30, 30, 12, 31}, {0, 0, 0, 0}) == std::vector<bool>{false, false, false, false});
  // digits of another line do not count
  CHECK(speck_digits({"1", "4", "5"}, {8, 30, 30}, {0, 1, 1}) == std::vector<bool>{false, false, false});
}

TEST_CASE("OCR readings: two thresholds that differ by a bar right after a digit") {
  // 1年 read as 1]年 at one threshold (the bar a 1 to chinese_punctuation: 11年)
  CHECK(bar_after_digit_added(symbols("1]年"), symbols("1年")));
  CHECK(bar_after_digit_added(symbols("≥1|个"), symbols("≥1个")));
  // not the other way round, not a bar before the digit, not other glyphs
  CHECK_FALSE(bar_after_digit_added(symbols("1年"), symbols("1]年")));
  CHECK_FALSE(bar_after_digit_added(symbols("]1年"), symbols("1年")));
  CHECK_FALSE(bar_after_digit_added(symbols("11年"), symbols("1年")));
  CHECK_FALSE(bar_after_digit_added(symbols("1]年"), symbols("1]年")));
  CHECK_FALSE(bar_after_digit_added(symbols("1]个"), symbols("1年")));
}

TEST_CASE("OCR readings: the two models disagree on a %") {
  // 2个 read as 2 by the Chinese model, as 2% by the digits model; and the other way
  CHECK(percent_disputed("2", "2%"));
  CHECK(percent_disputed("2%", "2"));
  CHECK(percent_disputed("95 %", "95"));
  // both saw it, or the numbers differ, or no %: nothing
  CHECK_FALSE(percent_disputed("95%", "95%"));
  CHECK_FALSE(percent_disputed("95%", "96"));
  CHECK_FALSE(percent_disputed("2个", "2"));
  CHECK_FALSE(percent_disputed("%", ""));
}


TEST_CASE("scan values: digits after a misread unit are not the number's") {
  // ≤1598.31万元 read as "<1598.31力7" (the number joined into one glyph).
  CHECK(number_digits_read({"<", "1598.31", "力", "7"}, {0, 20, 120, 150}, {18, 110, 145, 170}) == 6);
  // 125万元 read as "125万7": three digits.
  CHECK(number_digits_read({"1", "2", "5", "万", "7"}, {0, 10, 20, 30, 50}, {9, 19, 29, 49, 60}) == 3);
}

TEST_CASE("scan values: a digit read inside another's box is counted once") {
  // ≥4家 read as ">14家": the 1 at 62-66 inside the 4 at 62-78.
  CHECK(number_digits_read({">", "1", "4", "家"}, {40, 62, 62, 80}, {58, 66, 78, 110}) == 1);
}

TEST_CASE("scan values: a reading that starts with no number counts all its digits") {
  // A sign read as two glyphs ("三芭98.31态2"): its digits are all there is.
  CHECK(number_digits_read({"三", "芭", "9", "8", ".", "3", "1", "态", "2"}, {0, 20, 40, 50, 60, 65, 75, 85, 100},
                           {18, 38, 49, 59, 64, 74, 84, 99, 110}) == 5);
  // A sign read as a 2 before a percentage: the 2 is one of its digits.
  CHECK(number_digits_read({"2", "9", "0", "%"}, {0, 10, 20, 30}, {9, 19, 29, 45}) == 3);
}

TEST_CASE("scan values: the digits model reads a value's unit as a digit") {
  CHECK(unit_read_as_digits("2个", "24"));
  CHECK(unit_read_as_digits("≥3家", "34"));
  CHECK(unit_read_as_digits("12个月", "1214"));
  // The same number, or another one: no unit read as digits.
  CHECK_FALSE(unit_read_as_digits("2个", "2"));
  CHECK_FALSE(unit_read_as_digits("2个", "74"));
  // A percentage (the digits model knows %), a bare number, a misread unit.
  CHECK_FALSE(unit_read_as_digits("2%", "24"));
  CHECK_FALSE(unit_read_as_digits("2", "24"));
  CHECK_FALSE(unit_read_as_digits("有", "0"));
  CHECK_FALSE(unit_read_as_digits("2小", "24"));
}

TEST_CASE("scan values: ink wider than the digits read holds more than them") {
  // 2个 at 300 dpi: ink 58 px across, 32 high, read as "2".
  CHECK(wider_than_digits(58, 32, 1));
  // A lone 2 (18 px wide), 100 (3 digits, 60 px), 1,000,000 (7 digits).
  CHECK_FALSE(wider_than_digits(18, 30, 1));
  CHECK_FALSE(wider_than_digits(60, 30, 3));
  CHECK_FALSE(wider_than_digits(150, 30, 7));
  // 45人 read as "45": a character's width more than two digits.
  CHECK(wider_than_digits(75, 30, 2));
  CHECK_FALSE(wider_than_digits(40, 0, 1));
}

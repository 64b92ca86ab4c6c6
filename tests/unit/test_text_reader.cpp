#include <doctest/doctest.h>

#include <string>
#include <unordered_map>
#include <unordered_set>

#include "extract/text_reader.h"
#include "model/errors.h"

using namespace perfgoal;

TEST_CASE("text reader: tabs give grid columns, empty cells are skipped but counted") {
  CellDocument d = cells_from_text("项目名称\t\t八义镇\t\t\n\t\t其中：中央财政资金\t0\r\n", "t.txt");
  REQUIRE(d.rows.size() == 2);
  REQUIRE(d.rows[0].cells.size() == 2);
  CHECK(d.rows[0].cells[0].text == "项目名称");
  CHECK(d.rows[0].cells[0].column == 0);
  CHECK(d.rows[0].cells[1].text == "八义镇");
  CHECK(d.rows[0].cells[1].column == 2);
  CHECK(d.rows[0].cells[1].line == 1);
  REQUIRE(d.rows[1].cells.size() == 2);
  CHECK(d.rows[1].cells[0].column == 2);
  CHECK(d.rows[1].cells[1].text == "0");  // the CR of CRLF is not part of the cell
  CHECK(d.rows[1].line == 2);
}

TEST_CASE("text reader: blank lines keep the line numbering") {
  CellDocument d = cells_from_text("\n\n标题\n\n(2025年度)\n", "t.txt");
  REQUIRE(d.rows.size() == 2);
  CHECK(d.rows[0].line == 3);
  CHECK(d.rows[1].line == 5);
}

TEST_CASE("text reader: space-aligned layout text splits on runs of spaces, by display column") {
  CellDocument d = cells_from_text("项目名称    八义镇 东山村    项目期  2年\n", "t.txt");
  REQUIRE(d.rows.size() == 1);
  REQUIRE(d.rows[0].cells.size() == 4);
  CHECK(d.rows[0].cells[0].column == 0);
  CHECK(d.rows[0].cells[1].text == "八义镇 东山村");  // one space is text, not a gap
  CHECK(d.rows[0].cells[1].column == 12);             // 4 CJK characters are 8 columns wide, then 4 spaces
  CHECK(d.rows[0].cells[3].text == "2年");
}

TEST_CASE("encodings: detected from BOM or content, and forced") {
  std::string used;
  CHECK(decode_text("\xEF\xBB\xBF项目", "f", "", used) == "项目");
  CHECK(used == "UTF-8");
  CHECK(decode_text("项目", "f", "", used) == "项目");
  CHECK(used == "UTF-8");
  // 项目 in GB18030 is CF EE C4 BF
  CHECK(decode_text("\xCF\xEE\xC4\xBF\t1", "f", "", used) == "项目\t1");
  CHECK(used == "GB18030");
  // UTF-16LE with BOM: 项 U+9879, 目 U+76EE
  CHECK(decode_text(std::string("\xFF\xFE\x79\x98\xEE\x76\x09\x00", 8), "f", "", used) == "项目\t");
  CHECK(used == "UTF-16LE");
  CHECK(decode_text(std::string("\xFE\xFF\x98\x79\x76\xEE", 6), "f", "", used) == "项目");
  CHECK(used == "UTF-16BE");
  CHECK(decode_text("\xCF\xEE\xC4\xBF", "f", "gb18030", used) == "项目");
}

TEST_CASE("encodings: UTF-16 without a byte order mark, with 一 (U+4E00, a zero byte of its own)") {
  std::string used;
  // Two rows of an indicator table in UTF-16LE and UTF-16BE, no BOM.
  const char16_t* rows = u"一级指标\t二级指标\t三级指标\t指标值\r\n\t产出指标\t一次\t1\t\r\n";
  std::u16string text = rows;
  std::string le, be;
  for (char16_t c : text) {
    le += static_cast<char>(c & 0xFF);
    le += static_cast<char>(c >> 8);
    be += static_cast<char>(c >> 8);
    be += static_cast<char>(c & 0xFF);
  }
  const std::string utf8 = "一级指标\t二级指标\t三级指标\t指标值\r\n\t产出指标\t一次\t1\t\r\n";
  CHECK(decode_text(le, "f", "", used) == utf8);
  CHECK(used == "UTF-16LE");
  CHECK(decode_text(be, "f", "", used) == utf8);
  CHECK(used == "UTF-16BE");
}

TEST_CASE("encodings: undecodable bytes are an error naming file and line") {
  std::string used;
  try {
    decode_text("ok\nok\n\xFF\xFF\xFF", "bad.txt", "UTF-8", used);
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.file() == "bad.txt");
    CHECK(e.line() == 3);
    CHECK(std::string(e.what()).find("bad.txt:3: error:") == 0);
  }
  CHECK_THROWS_AS(decode_text("x", "f", "NO-SUCH-ENCODING", used), InputError);
}

TEST_CASE("text reader: binary input is refused with the line") {
  try {
    cells_from_text(std::string("a\nb\0c", 5), "bin.txt");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.line() == 2);
  }
}

// pdftotext -layout: a label wrapped over two lines with its row's value on
// the line between them, a value wrapped over two lines, pages parted by form
// feeds. Cells come back whole, one row per table row.
TEST_CASE("text reader: layout text printed from PDF pages joins wrapped cells into rows") {
  const char* text =
      "项目名称      八义镇东山村滑坡治理费用\n"
      "主管部门及代\n"
      "       409-长治市上党区自然资源局\n"
      "码\n"
      "\f立项依据      二〇二四年第六十三次常务会议纪要\n"
      "          之决定\n"
      "项目属性      延续性项目（二〇二五至二〇二六）\n";
  // The templates' label keys: 主管部门及代 + 码 is one label wrapped; 项目名称
  // and 主管部门及代 are two. 之决定 goes on the line above it, which is as
  // wide as the widest line of its column on that page (the 项目属性 value).
  const std::unordered_set<std::string> labels = {"项目名称", "主管部门及代码", "立项依据", "项目属性"};
  CellDocument d = cells_from_text(text, "t.txt", &labels);
  REQUIRE(d.rows.size() == 4);
  REQUIRE(d.rows[1].cells.size() == 2);
  CHECK(d.rows[1].cells[0].text == "主管部门及代码");
  CHECK(d.rows[1].cells[1].text == "409-长治市上党区自然资源局");
  CHECK(d.rows[1].line == 2);
  CHECK(d.rows[2].cells[0].text == "立项依据");
  CHECK(d.rows[2].cells[1].text == "二〇二四年第六十三次常务会议纪要之决定");
  CHECK(d.rows[2].cells[1].line == 5);
  CHECK(d.rows[3].cells[0].text == "项目属性");
}

namespace {
const std::unordered_set<std::string> kGridLabels = {"项目名称", "绩效指标", "一级指标", "二级指标", "三级指标", "指标值",
                                                     "产出指标", "效益指标", "数量指标", "时效指标", "生态效益",
                                                     "可持续影响", "负责人", "主管部门及代码"};
const std::unordered_map<std::string, std::string> kGridRoles = {
    {"一级指标", "level1"}, {"二级指标", "level2"}, {"三级指标", "name"},     {"指标值", "value"},
    {"绩效指标", "section"}, {"产出指标", "category"}, {"效益指标", "category"}, {"数量指标", "category"},
    {"时效指标", "category"}, {"生态效益", "category"}, {"可持续影响", "category"}};

// The grid's labels and roles with the goal labels above the indicator table.
const std::unordered_map<std::string, std::string> kGoalGridRoles = [] {
  auto roles = kGridRoles;
  roles.insert({{"总体目标", "goals.row"}, {"实施期目标", "goals.period"}, {"年度目标", "goals.annual"}});
  return roles;
}();
const std::unordered_set<std::string> kGoalGridLabels = [] {
  auto labels = kGridLabels;
  labels.insert({"总体目标", "实施期目标", "年度目标"});
  return labels;
}();

std::string cells_of(const Row& row) {
  std::string out;
  for (const auto& c : row.cells) out += std::to_string(c.column) + ":" + c.text + " ";
  return out;
}
}  // namespace

// pdftotext -layout of an indicator table: a 二级 label printed on the middle
// line of its group of rows, a name of three lines with its row's value on
// the middle one, a label and a name one space apart. The table is read by
// its header's columns: one row per indicator row, its 二级 label written out
// (一级 labels are left to the category tree).
TEST_CASE("text reader: layout text's indicator table read by its header's columns") {
  const char* text =
      "项目名称      某项目\n"
      "绩效指标      一级指标      二级指标      三级指标          指标值     二级指标      三级指标          指标值\n"
      "                              运营线路          4条                运营线路          4条\n"
      "          产出指标      数量指标                            数量指标\n"
      "                              运营车辆          33辆               运营车辆          33辆\n"
      "                              城市公交车对                          城市公交车对\n"
      "          效益指标      生态效益      环境、资源的        改善      生态效益      环境、资源的        改善\n"
      "                              影响                              影响\n"
      "                    可持续影响 促进可持续发展           有限      可持续影响 促进可持续发展           有限\n"
      "负责人：张三\n"
      "\f";
  CellDocument d = cells_from_text(text, "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.rows.size() == 7);
  CHECK(cells_of(d.rows[1]) == "0:绩效指标 10:一级指标 20:二级指标 30:三级指标 44:指标值 52:二级指标 62:三级指标 76:指标值 ");
  CHECK(cells_of(d.rows[2]) == "20:数量指标 30:运营线路 44:4条 52:数量指标 62:运营线路 76:4条 ");
  CHECK(cells_of(d.rows[3]) == "20:数量指标 30:运营车辆 44:33辆 52:数量指标 62:运营车辆 76:33辆 ");
  CHECK(cells_of(d.rows[4]) ==
        "20:生态效益 30:城市公交车对环境、资源的影响 44:改善 52:生态效益 62:城市公交车对环境、资源的影响 76:改善 ");
  CHECK(d.rows[4].line == 6);
  CHECK(cells_of(d.rows[5]) == "20:可持续影响 30:促进可持续发展 44:有限 52:可持续影响 62:促进可持续发展 76:有限 ");
  CHECK(cells_of(d.rows[6]) == "0:负责人：张三 ");
}

// The table goes on at the top of the next page, where pdftotext sets the
// columns anew (names and values three characters to the right): the
// columns are found again there, the first row is of the group whose label
// stood on the page before.
TEST_CASE("text reader: layout text's indicator table going on at the next page") {
  const char* text =
      "绩效指标      一级指标      二级指标      三级指标          指标值     二级指标      三级指标          指标值\n"
      "          产出指标      数量指标      运营线路          4条      数量指标      运营线路          4条\n"
      "                              运营车辆总数        33辆               运营车辆总数        33辆\n"
      "\f"
      "                                 新能源车辆         10辆               新能源车辆         10辆\n"
      "                                 项目进度完成率       ≥90%              项目进度完成率       ≥90%\n"
      "                    时效指标                            时效指标\n"
      "                                 当年完成率         ≥95%              当年完成率         ≥95%\n"
      "负责人：张三\n";
  CellDocument d = cells_from_text(text, "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.rows.size() == 7);
  CHECK(cells_of(d.rows[1]) == "20:数量指标 30:运营线路 44:4条 52:数量指标 62:运营线路 76:4条 ");
  CHECK(cells_of(d.rows[2]) == "20:数量指标 30:运营车辆总数 44:33辆 52:数量指标 62:运营车辆总数 76:33辆 ");
  CHECK(cells_of(d.rows[3]) == "20:数量指标 30:新能源车辆 44:10辆 52:数量指标 62:新能源车辆 76:10辆 ");
  CHECK(cells_of(d.rows[4]) == "20:时效指标 30:项目进度完成率 44:≥90% 52:时效指标 62:项目进度完成率 76:≥90% ");
  CHECK(cells_of(d.rows[5]) == "20:时效指标 30:当年完成率 44:≥95% 52:时效指标 62:当年完成率 76:≥95% ");
}

// pdftotext prints some pages turned by /Rotate backwards: lines bottom to
// top, each right to left (mirrored within the page's width), the characters
// of some stretches one space apart. Such a page is turned back and read,
// with a note; the pages the right way round are read as they are.
TEST_CASE("text reader: layout text printed backwards is turned back and read") {
  const std::unordered_set<std::string> labels = {"项目名称", "项目属性", "负责人"};
  // Forwards, 25 columns wide: 项目名称 at 0, its value at 10; 项目属性 at 0,
  // its value at 10; 负责人： at 0, its value at 10.
  const std::string backwards = std::string(13, ' ') + "三张      ：人责负\n" +  // ends at column 25
                                std::string(10, ' ') + "目项性常经      性属目项\n" +
                                "用 费 营 运 车 汽 交 公      称名目项\n";  // the value one space apart
  const std::string forwards = "项目名称      某项目\n";
  CellDocument d = cells_from_text(forwards + "\f" + backwards, "t.txt", &labels);
  REQUIRE(d.notes.size() == 1);
  CHECK(d.notes[0].message.find("page 2: text printed backwards") == 0);
  CHECK(d.notes[0].line == 2);
  REQUIRE(d.rows.size() == 4);
  CHECK(cells_of(d.rows[0]) == "0:项目名称 10:某项目 ");
  CHECK(cells_of(d.rows[1]) == "0:项目名称 10:公交汽车运营费用 ");
  CHECK(d.rows[1].line == 2);
  CHECK(cells_of(d.rows[2]) == "0:项目属性 10:经常性项目 ");
  CHECK(cells_of(d.rows[3]) == "0:负责人： 10:张三 ");
  // The turned page's cells say so (their fields are to be checked); the other page's do not.
  CHECK(d.rows[0].cells[1].out_of_order_page == 0);
  for (size_t r = 1; r < 4; ++r)
    for (const auto& c : d.rows[r].cells) CHECK(c.out_of_order_page == 2);
  // Two labels reversed are not enough to turn a page.
  CellDocument two = cells_from_text(std::string(10, ' ') + "目项性常经      性属目项\n" + "公交      称名目项\n\f",
                                     "t.txt", &labels);
  CHECK(two.notes.empty());
}

// A table whose 一级指标 column starts at the left edge: the sign-off and
// the next form's labels, starting there too, end it (a label of the form
// that is none of the table's), and are read as their own rows.
TEST_CASE("text reader: layout text's indicator table ends at a label of the form") {
  const char* text =
      "一级指标    二级指标    三级指标          指标值\n"
      "产出指标    数量指标    运营线路          4条\n"
      "负责人：张三\n"
      "项目名称    某项目\n"
      "\f";
  CellDocument d = cells_from_text(text, "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.rows.size() == 4);
  CHECK(cells_of(d.rows[1]) == "8:数量指标 16:运营线路 30:4条 ");
  CHECK(cells_of(d.rows[2]) == "0:负责人：张三 ");
  CHECK(cells_of(d.rows[3]) == "0:项目名称 8:某项目 ");
}

namespace {
// A line of layout text with each text starting at its character column
// (pdftotext gives every character one column, whatever its width).
std::string line_at(std::initializer_list<std::pair<int, std::string>> texts) {
  std::string out;
  int at = 0;
  for (const auto& [column, text] : texts) {
    for (; at < column; ++at) out += ' ';
    out += text;
    for (size_t i = 0; i < text.size(); ++i)
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++at;
  }
  return out + "\n";
}
const std::string kGridHeader = line_at({{0, "绩效指标"}, {10, "一级指标"}, {20, "二级指标"}, {30, "三级指标"},
                                         {44, "指标值"}, {52, "二级指标"}, {62, "三级指标"}, {76, "指标值"}});
// A row of kGridHeader's table whose two halves say the same: its 二级
// label, name and value at the period half's columns and again at the
// annual half's.
std::string grid_row(const std::string& level2, const std::string& name, const std::string& value) {
  return line_at({{20, level2}, {30, name}, {44, value}, {52, level2}, {62, name}, {76, value}});
}
}  // namespace

// A 二级 label printed one space after the row's value, left of its own
// column (LibreOffice Writer's narrow cells): it is the label column's, not
// part of the value. A value that is a category word standing at its
// column's start stays a value.
TEST_CASE("text reader: layout text's 二级 label one space after a value goes to its column") {
  const std::string text = kGridHeader +
                           line_at({{20, "时效指标"}, {30, "当年完成率"}, {44, "≥95% 时效指标"}, {62, "当年完成率"}, {76, "≥95%"}}) +
                           line_at({{20, "可持续影响"}, {30, "发展方向"}, {44, "可持续影响"}, {52, "可持续影响"}, {62, "发展方向"},
                                    {76, "可持续影响"}}) +
                           "负责人：张三\n\f";
  CellDocument d = cells_from_text(text, "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.rows.size() == 4);
  CHECK(cells_of(d.rows[1]) == "20:时效指标 30:当年完成率 44:≥95% 52:时效指标 62:当年完成率 76:≥95% ");
  CHECK(cells_of(d.rows[2]) == "20:可持续影响 30:发展方向 44:可持续影响 52:可持续影响 62:发展方向 76:可持续影响 ");
}

// A name and its value one space apart (a value set off its header word:
// the header is centred, the value longer; or pushed left by a wide name):
// parted where a space stands between two ideographs or before a
// comparison sign, the part past the middle between the name's and the
// value's header words is the value.
TEST_CASE("text reader: layout text's name and value one space apart are two cells") {
  const std::string text = kGridHeader +
                           line_at({{20, "数量指标"}, {30, "生活垃圾年处置量达标率 ≥90%"}, {52, "数量指标"}, {62, "垃圾处置量"}, {76, "≥90%"}}) +
                           line_at({{20, "社会效益"}, {30, "全区生活环境质量明显 较大改善"}, {52, "社会效益"}, {62, "全区环境"}, {76, "改善"}}) +
                           "负责人：张三\n\f";
  CellDocument d = cells_from_text(text, "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.rows.size() == 4);
  CHECK(cells_of(d.rows[1]) == "20:数量指标 30:生活垃圾年处置量达标率 44:≥90% 52:数量指标 62:垃圾处置量 76:≥90% ");
  CHECK(cells_of(d.rows[2]) == "20:社会效益 30:全区生活环境质量明显 44:较大改善 52:社会效益 62:全区环境 76:改善 ");
}

// A line whose columns pdftotext drew together (Chromium with Noto CJK):
// the value, a comparison sign and a number, one space after the name and
// well left of its column's start. It is parted there and is the value's
// (it starts past the middle between the name's and the value's header
// words, or nothing else of its line is in the value's column); a sign
// nearer the name, its line's value in the value's column, stays the name's.
TEST_CASE("text reader: layout text's comparison sign and number one space after a name start the value") {
  const std::string text = kGridHeader +
                           line_at({{20, "数量指标"}, {30, "受益群众满意度 ≥98%"}, {52, "数量指标"}, {62, "受益群众满意度"}, {76, "≥98%"}}) +
                           line_at({{20, "时效指标"}, {30, "达标率 ≥90%"}, {52, "时效指标"}, {62, "达标率"}, {76, "≥90%"}}) +
                           line_at({{20, "质量指标"}, {30, "合格率 ≥90%"}, {44, "达标"}, {52, "质量指标"}, {62, "合格率"}, {76, "达标"}}) +
                           "负责人：张三\n\f";
  CellDocument d = cells_from_text(text, "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.rows.size() == 5);
  CHECK(cells_of(d.rows[1]) == "20:数量指标 30:受益群众满意度 44:≥98% 52:数量指标 62:受益群众满意度 76:≥98% ");
  CHECK(cells_of(d.rows[2]) == "20:时效指标 30:达标率 44:≥90% 52:时效指标 62:达标率 76:≥90% ");
  CHECK(cells_of(d.rows[3]) == "20:质量指标 30:合格率 ≥90% 44:达标 52:质量指标 62:合格率 76:达标 ");
}

// A name and its value drawn together by pdftotext (Chromium with Noto
// CJK), one space apart left of the value's column: a number ending
// the stretch one space after an ideograph is parted there, and of two
// parts of a line in the name's column the second is the value's when
// nothing else of the line is in the value's column.
TEST_CASE("text reader: layout text's value drawn one space after its name is the value's") {
  const std::string text = kGridHeader +
                           line_at({{20, "质量指标"}, {30, "工程审计合格率 100%"}, {52, "质量指标"}, {62, "工程审计合格率"}, {76, "100%"}}) +
                           line_at({{20, "社会效益"}, {30, "推动发展 推动"}, {52, "社会效益"}, {62, "推动发展 推动"}}) +
                           grid_row("成本指标", "完成第 3", "2个") +
                           "负责人：张三\n\f";
  CellDocument d = cells_from_text(text, "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.rows.size() == 5);
  CHECK(cells_of(d.rows[1]) == "20:质量指标 30:工程审计合格率 44:100% 52:质量指标 62:工程审计合格率 76:100% ");
  CHECK(cells_of(d.rows[2]) == "20:社会效益 30:推动发展 44:推动 52:社会效益 62:推动发展 76:推动 ");
  CHECK(cells_of(d.rows[3]) == "20:成本指标 30:完成第 3 44:2个 52:成本指标 62:完成第 3 76:2个 ");
}

// A line whose columns pdftotext drew together, one space apart (Chromium
// with Noto CJK): the second half's 二级 label stands at the first half's
// value column. A category word at or left of the column the part before it
// took is the next label column's, and the parts after it take the columns
// after it, in order.
TEST_CASE("text reader: layout text's line drawn together keeps its columns in order") {
  const std::string text =
      "       一级指标 二级指标 三级指标               指标值         二级指标 三级指标      指标值\n"
      "                    奖补对象数           ≥4家               奖补对象数    ≥4家\n"
      "              数量指标 租赁厂房装修工程 按审计报告据 数量指标 租赁厂房装修工程 按审计报告\n"
      "                                    实结算                        据实结算\n"
      "负责人：张三\n\f";
  CellDocument d = cells_from_text(text, "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.rows.size() == 4);
  CHECK(cells_of(d.rows[1]) == "12:数量指标 17:奖补对象数 36:≥4家 48:数量指标 53:奖补对象数 63:≥4家 ");
  CHECK(cells_of(d.rows[2]) == "12:数量指标 17:租赁厂房装修工程 36:按审计报告据实结算 48:数量指标 53:租赁厂房装修工程 63:按审计报告据实结算 ");
}

// Two one-line rows, their 二级 labels on their lines (成本指标 / 社会效益,
// Chromium with WenQuanYi): the first row's name is its column's widest
// line, so the second's looks like its wrapped line, but a row holding two
// known 二级 labels, on its first and last line too, is two rows: a group
// whose middle is a row's first line ends there or after it, one whose
// middle is its last line starts there or before it.
TEST_CASE("text reader: layout text's row with two 二级 labels on its first and last lines is two rows") {
  std::unordered_set<std::string> labels = kGridLabels;
  labels.insert({"成本指标", "社会效益"});
  auto roles = kGridRoles;
  roles.insert({{"成本指标", "category"}, {"社会效益", "category"}});
  const std::string text =
      kGridHeader +
      grid_row("时效指标", "补贴发放及时率", "及时") +
      "\n" +
      line_at({{20, "成本指标"}, {30, "2025年储备粮仓库租赁费"}, {44, "300万元"}, {52, "成本指标"}, {62, "2025年储备粮仓库租赁费"},
               {76, "300万元"}}) +
      grid_row("社会效益", "应对突发事件反应", "及时") +
      line_at({{10, "效益指标"}}) +
      grid_row("可持续影响", "长效管理机制建设", "完善") +
      "负责人：张三\n\f";
  CellDocument d = cells_from_text(text, "t.txt", &labels, &roles);
  REQUIRE(d.rows.size() >= 5);
  CHECK(cells_of(d.rows[2]) == "20:成本指标 30:2025年储备粮仓库租赁费 44:300万元 52:成本指标 62:2025年储备粮仓库租赁费 76:300万元 ");
  CHECK(cells_of(d.rows[3]) == "20:社会效益 30:应对突发事件反应 44:及时 52:社会效益 62:应对突发事件反应 76:及时 ");
}

// The table goes on at the next page, where pdftotext set the columns
// further right the further right they stand (Writer with WenQuanYi: names
// and values 6 to the right, the second half's 11 and 12), and a 二级 label parted
// from the text one space after it adds places of its own: the columns are
// found again moving together with their neighbours, not each to the
// nearest place.
TEST_CASE("text reader: layout text's table going on at the next page with its columns drifted right") {
  const std::string text =
      kGridHeader +
      grid_row("数量指标", "企业补助数", "1家") + "\f" +
      line_at({{36, "增加就业岗"}, {74, "增加就业岗"}}) +
      line_at({{20, "可持续影响"}, {50, "增加"}, {63, "可持续影响"}, {88, "增加"}}) + line_at({{36, "位"}, {74, "位"}}) +
      line_at({{20, "可持续影响 长效管理"}, {50, "完善"}, {63, "可持续影响 长效管理"}, {88, "完善"}}) + "负责人：张三\n";
  CellDocument d = cells_from_text(text, "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.rows.size() == 5);
  CHECK(cells_of(d.rows[2]) == "20:可持续影响 30:增加就业岗位 44:增加 52:可持续影响 62:增加就业岗位 76:增加 ");
  CHECK(cells_of(d.rows[3]) == "20:可持续影响 30:长效管理 44:完善 52:可持续影响 62:长效管理 76:完善 ");
}

// Two rows of one line each, their 二级 label on the line between (a table
// cut short by a page break, its values all short): a column holds its
// header word on one line, so 45人 does not fill the 指标值 column and the
// rows are not one row wrapped.
TEST_CASE("text reader: layout text's one-line rows in a short table stay apart") {
  const std::string text = kGridHeader + line_at({{30, "发放补助人数"}, {44, "45人"}, {62, "发放补助人数"}, {76, "45人"}}) +
                           line_at({{20, "数量指标"}, {52, "数量指标"}}) +
                           line_at({{30, "活化利用项目"}, {44, "2个"}, {62, "活化利用项目"}, {76, "2个"}}) + "\f";
  CellDocument d = cells_from_text(text, "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.rows.size() == 3);
  CHECK(cells_of(d.rows[1]) == "20:数量指标 30:发放补助人数 44:45人 52:数量指标 62:发放补助人数 76:45人 ");
  CHECK(cells_of(d.rows[2]) == "20:数量指标 30:活化利用项目 44:2个 52:数量指标 62:活化利用项目 76:2个 ");
}

// The goals: 实施期目标 | 年度目标 above two cells whose lines pdftotext
// prints interleaved (the cells differ in height), 总体目标 on a line of its
// own, the annual label centred over its cell (its lines start left of it).
// They come back as one row: 总体目标, the period goal, the annual goal.
TEST_CASE("text reader: layout text's goals read by the columns of their header labels") {
  const auto& roles = kGoalGridRoles;
  const auto& labels = kGoalGridLabels;
  const std::string text = line_at({{10, "实施期目标"}, {60, "年度目标"}}) + line_at({{50, "完成一期工程建设，"}}) +
                           line_at({{10, "完成一期工程建设，消除安全"}}) + line_at({{0, "总体目标"}, {50, "消除安全隐患。"}}) +
                           line_at({{10, "隐患。"}}) + kGridHeader +
                           grid_row("数量指标", "运营线路", "4条") +
                           "\f";
  CellDocument d = cells_from_text(text, "t.txt", &labels, &roles);
  REQUIRE(d.rows.size() == 4);
  CHECK(cells_of(d.rows[0]) == "10:实施期目标 60:年度目标 ");
  CHECK(cells_of(d.rows[1]) == "0:总体目标 10:完成一期工程建设，消除安全隐患。 60:完成一期工程建设，消除安全隐患。 ");
  CHECK(cells_of(d.rows[3]) == "20:数量指标 30:运营线路 44:4条 52:数量指标 62:运营线路 76:4条 ");
}

// A phone number broken at its hyphen across two lines of its cell goes on.
TEST_CASE("text reader: layout text's number broken at its hyphen goes on") {
  const std::string text = line_at({{30, "联系电话：0355-"}}) + line_at({{0, "负责人：张三"}, {60, "填报日期：2025-01-24"}}) +
                           line_at({{30, "8276904"}}) + "\f";
  const std::unordered_set<std::string> labels = {"负责人", "联系电话", "填报日期"};
  CellDocument d = cells_from_text(text, "t.txt", &labels);
  REQUIRE(d.rows.size() == 1);
  CHECK(cells_of(d.rows[0]) == "0:负责人：张三 30:联系电话：0355-8276904 60:填报日期：2025-01-24 ");
}

// The long texts (labels whose role is "text"): every stretch right of the
// label on the row's lines is the value's, whatever spaces part them; the
// row takes as many lines above its label as below, and ends at its first
// line short of the column; a label wrapped over lines with value lines
// between its parts is one label. Spaces stay in the cell's text as printed
// (one where the line had several).
TEST_CASE("text reader: layout text's long texts read across their row") {
  const std::unordered_map<std::string, std::string> roles = {
      {"项目概况", "text"}, {"立项依据", "text"}, {"保证项目实施的制度、措施", "text"}, {"项目实施计划", "text"}};
  const std::unordered_set<std::string> labels = {"项目期", "项目概况", "立项依据", "保证项目实施的制度、措施", "项目实施计划"};
  const std::string text =
      line_at({{0, "项目期"}, {12, "1年"}}) +
      line_at({{12, "本项目建设内容包括三个子项目，"}, {40, "分别为 2021 年标准化厂房项目；"}}) +
      line_at({{0, "项目概况"}, {12, "上党经济技术开发区先进装备制"}, {40, "造园（一期）供水工程及服务中"}}) +
      line_at({{12, "心建设项目。"}}) +
      line_at({{0, "立项依据"}, {12, "《关于上党经开区标准化厂房及"}, {40, "配套基础设施建设项目的批复》"}}) +
      line_at({{12, "（上经开审投字（2021）1号）"}}) +
      line_at({{12, "1、认真贯彻执行国家经济建设方"}, {40, "针政策，全面负责项目管理和施"}}) +
      line_at({{0, "保证项目实施的制度"}}) +
      line_at({{12, "工生产；2、对工程项目实施有效"}, {40, "控制，确保安全、质量、工期、"}}) +
      line_at({{0, "、措施"}}) + line_at({{12, "效益目标的实现。"}}) +
      line_at({{0, "项目实施计划"}, {12, "2025 年 6 月支付"}}) + "\f";
  CellDocument d = cells_from_text(text, "t.txt", &labels, &roles);
  REQUIRE(d.rows.size() == 5);
  CHECK(cells_of(d.rows[0]) == "0:项目期 12:1年 ");
  CHECK(cells_of(d.rows[1]) ==
        "0:项目概况 12:本项目建设内容包括三个子项目， 分别为 2021 年标准化厂房项目；上党经济技术开发区先进装备制 造园（一期）"
        "供水工程及服务中心建设项目。 ");
  CHECK(cells_of(d.rows[2]) == "0:立项依据 12:《关于上党经开区标准化厂房及 配套基础设施建设项目的批复》（上经开审投字（2021）1号） ");
  CHECK(cells_of(d.rows[3]) ==
        "0:保证项目实施的制度、措施 12:1、认真贯彻执行国家经济建设方 针政策，全面负责项目管理和施工生产；2、对工程项目实施有效 "
        "控制，确保安全、质量、工期、效益目标的实现。 ");
  CHECK(cells_of(d.rows[4]) == "0:项目实施计划 12:2025 年 6 月支付 ");
}

// A long text whose last line on a page fills its column goes on at the top
// of the next page, down to the first line short of the column; the next
// long text's label starts its own row.
TEST_CASE("text reader: layout text's long text going on at the next page") {
  const std::unordered_map<std::string, std::string> roles = {{"项目概况", "text"}, {"立项依据", "text"}};
  const std::unordered_set<std::string> labels = {"其他资金", "项目概况", "立项依据"};
  const std::string text = line_at({{12, "其他资金"}, {40, "其他资金"}}) +
                           line_at({{0, "项目概况"}, {12, "本项目规划总用地面积 42332.21 平方米，（约合 63.498 亩）"}}) +
                           line_at({{12, "附属环路用地 5665.54 平方米（约合 8.498 亩）。本项目拟安置"}}) + "\f" +
                           line_at({{12, "骨灰堂安置、生态葬安置。本项目拟建总建筑面积为 2694.36 平"}}) +
                           line_at({{12, "方米，综合服务楼。"}}) +
                           line_at({{0, "立项依据"}, {12, "《山西省殡葬基础设施建设指南》"}}) + "\f";
  CellDocument d = cells_from_text(text, "t.txt", &labels, &roles);
  REQUIRE(d.rows.size() == 3);
  CHECK(cells_of(d.rows[1]) ==
        "0:项目概况 12:本项目规划总用地面积 42332.21 平方米，（约合 63.498 亩）附属环路用地 5665.54 平方米（约合 8.498 "
        "亩）。本项目拟安置骨灰堂安置、生态葬安置。本项目拟建总建筑面积为 2694.36 平方米，综合服务楼。 ");
  CHECK(cells_of(d.rows[2]) == "0:立项依据 12:《山西省殡葬基础设施建设指南》 ");
}

// The start of a wrapped long-text label printed one space before the value
// (保证项目实施的制度、措 一是…, 施 on the next line) is parted there.
TEST_CASE("text reader: layout text's wrapped long-text label one space before its value") {
  const std::unordered_map<std::string, std::string> roles = {{"保证项目实施的制度、措施", "text"},
                                                              {"项目实施计划", "text"}};
  const std::unordered_set<std::string> labels = {"保证项目实施的制度、措施", "项目实施计划"};
  const std::string text = line_at({{0, "保证项目实施的制度、措 一是严格招投标管理，选定有资质的公司施工；"}}) +
                           line_at({{0, "施"}, {12, "二是严把工程质量。"}}) +
                           line_at({{0, "项目实施计划"}, {12, "1、严格按照合同约定。"}}) + "\f";
  CellDocument d = cells_from_text(text, "t.txt", &labels, &roles);
  REQUIRE(d.rows.size() == 2);
  CHECK(cells_of(d.rows[0]) == "0:保证项目实施的制度、措施 12:一是严格招投标管理，选定有资质的公司施工；二是严把工程质量。 ");
  CHECK(cells_of(d.rows[1]) == "0:项目实施计划 12:1、严格按照合同约定。 ");
}

// A label wrapped over two lines whose value stands one space after its
// first line (年度资金总 6,200,000 / 额：, Chromium with Noto CJK): parted
// there, the label's lines are one label, the value its own cell.
TEST_CASE("text reader: layout text's wrapped label one space before its value") {
  const std::unordered_set<std::string> labels = {"实施期资金总额", "年度资金总额"};
  const std::string text = line_at({{6, "实施期资金总额："}, {20, "6,200,000"}, {34, "年度资金总 6,200,000"}}) +
                           line_at({{34, "额："}}) + "\f";
  CellDocument d = cells_from_text(text, "t.txt", &labels);
  REQUIRE(d.rows.size() == 1);
  CHECK(cells_of(d.rows[0]) == "6:实施期资金总额： 20:6,200,000 34:年度资金总额： 40:6,200,000 ");
}

// Such a label in a row whose other labels are single lines (实施期资金总额：
// on the row's first line, 项目资金 / （元） beside the next rows, Chromium
// with Noto CJK): the row is cut below those labels' middle, but not through
// the wrapped label, which stays one cell with its value.
TEST_CASE("text reader: layout text keeps a wrapped label with its value where rows are cut") {
  // (Labels as label_key writes them: brackets and colons half-width.)
  const std::unordered_set<std::string> labels = {"项目资金(元)", "项目资金", "实施期资金总额", "年度资金总额", "其中:中央财政资金",
                                                  "中央财政资金", "省级财政资金", "市县(区)财政资金", "单位自筹"};
  const std::string text =
      "      实施期资金总额：      5,300,000     年度资金总 3,000,000\n"
      "                                  额：\n"
      "      其中：中央财政资金      0            其中：中央财 0\n"
      "                                  政资金\n"
      "项目资金 省级财政资金          0            省级财政资金 0\n"
      "（元）                               市县（区）财 3,000,000\n"
      "      市县（区）财政资金      5,300,000    政资金\n"
      "\f";
  CellDocument d = cells_from_text(text, "t.txt", &labels);
  REQUIRE(d.rows.size() >= 2);
  CHECK(cells_of(d.rows[0]) == "6:实施期资金总额： 20:5,300,000 34:年度资金总额： 40:3,000,000 ");
}

// A year line whose digits stand one space before 年度 (（2023 年度）), the
// space where other lines start a column: brackets are not parted.
TEST_CASE("text reader: layout text keeps a bracketed year line whole") {
  const std::unordered_set<std::string> labels = {"项目名称", "主管部门及代码", "实施单位"};
  const std::string text = line_at({{10, "（2023 年度）"}}) +
                           line_at({{0, "项目名称"}, {16, "八义镇"}}) +
                           line_at({{0, "主管部门及代码"}, {16, "405-交通局"}, {30, "实施单位"}, {40, "交通局"}}) +
                           line_at({{0, "项目名称"}, {16, "东山村"}}) + "\f";
  CellDocument d = cells_from_text(text, "t.txt", &labels);
  REQUIRE(d.rows.size() >= 2);
  CHECK(cells_of(d.rows[0]) == "10:（2023 年度） ");
}

// A title line printed backwards (表标目效绩…, as pdftotext prints the title
// of some pages turned by /Rotate) is turned back; other lines are not.
TEST_CASE("text reader: layout text turns a title printed backwards") {
  const std::unordered_map<std::string, std::string> roles = {{"项目支出绩效目标表", "title"}};
  const std::unordered_set<std::string> labels = {"项目名称"};
  const std::string text = line_at({{4, "表标目效绩出支目项）位单（门部算预级)区(县区城潞"}}) +
                           line_at({{10, "（2023年度）"}}) + line_at({{0, "项目名称"}, {12, "表标目效绩出支目项"}}) + "\f";
  CellDocument d = cells_from_text(text, "t.txt", &labels, &roles);
  REQUIRE(d.rows.size() == 3);
  CHECK(cells_of(d.rows[0]) == "4:潞城区县(区)级预算部门（单位）项目支出绩效目标表 ");
  CHECK(cells_of(d.rows[1]) == "10:（2023年度） ");
  CHECK(cells_of(d.rows[2]) == "0:项目名称 12:表标目效绩出支目项 ");
}

// A form's title starting where the 项目名称 value below it starts (a form
// embedded right after another table) is a cell of its own, not the first
// line of that value.
TEST_CASE("text reader: layout text keeps a title line off the value below it") {
  const std::unordered_map<std::string, std::string> roles = {{"项目支出绩效目标表", "title"}};
  const std::unordered_set<std::string> labels = {"项目名称", "主管部门", "主管部门及代码", "实施单位", "项目属性", "项目期"};
  const std::string text =
      "项目名称         金额（元）                主管部门\n"
      "农村饮水安全巩固提升   1,200,000.00         农业农村局\n"
      "文物保护经费       300,000.00           文化和旅游局\n"
      "地质灾害防治       5,300,000.00         自然资源局\n"
      "         壶关县县级预算部门（单位）项目支出绩效目标表（2025年度）\n"
      "项目名称     公交汽车运营费用（财政对公共民生事业中公共交通项目的补助）\n"
      "主管部门及\n"
      "         405-长治市上党区交通运输局                实施单位       长治市上党区交通运输局\n"
      "代码\n"
      "项目属性     一次性项目（1年结束）                    项目期        1年\n"
      "                                        年度资金总\n"
      "         实施期资金总额：        6,200,000                 6,200,000\n" "\f";
  CellDocument d = cells_from_text(text, "t.txt", &labels, &roles);
  REQUIRE(d.rows.size() >= 6);
  CHECK(cells_of(d.rows[4]) == "9:壶关县县级预算部门（单位）项目支出绩效目标表（2025年度） ");
  CHECK(cells_of(d.rows[5]) == "0:项目名称 9:公交汽车运营费用（财政对公共民生事业中公共交通项目的补助） ");
}

// A cell's lines above and below a line that holds only the section label
// (绩效指标, left of the table: pdftotext prints it on the table's middle
// line): the label's line is no blank line, the cell goes on past it.
TEST_CASE("text reader: layout text's cell goes on past the section label's line") {
  const std::string text = kGridHeader + line_at({{20, "数量指标"}, {30, "滑坡治理"}, {44, "1处"}}) +
                           line_at({{30, "滑坡进行治理势"}, {44, "滑坡进行治理势"}}) +
                           line_at({{20, "时效指标"}, {30, "在必行，项目实"}, {44, "在必行，项目实"}}) +
                           line_at({{0, "绩效指标"}}) + line_at({{30, "施"}, {44, "施"}}) +
                           line_at({{20, "成本指标"}, {30, "目成本"}, {44, "≤300万元"}}) + "负责人：张三\n\f";
  CellDocument d = cells_from_text(text, "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.rows.size() == 5);
  CHECK(cells_of(d.rows[2]) == "20:时效指标 30:滑坡进行治理势在必行，项目实施 44:滑坡进行治理势在必行，项目实施 ");
  CHECK(cells_of(d.rows[3]) == "20:成本指标 30:目成本 44:≤300万元 ");
}

// Two rows whose lines pdftotext prints without a line between (the first
// row's cells end filling their column, interleaved with a 一级 label's
// lines): the 二级 labels 生态效益 and 可持续影响 stand inside the lines
// of the rows taken as one, and a row is of one group: two rows.
TEST_CASE("text reader: layout text's rows holding two 二级 labels' middles are two rows") {
  const std::string text = kGridHeader + line_at({{30, "可改善居民生活"}, {44, "可改善居民生活"}}) +
                           line_at({{10, "效益指"}}) +
                           line_at({{20, "生态效益"}, {30, "环境，保护国家"}, {44, "环境，保护国家"}}) +
                           line_at({{10, "标"}}) + line_at({{30, "非物质文化遗产"}, {44, "非物质文化遗产"}}) +
                           line_at({{30, "长效管理机制建"}}) + line_at({{20, "可持续影响"}, {44, "完善"}}) +
                           line_at({{30, "设"}}) + "负责人：张三\n\f";
  CellDocument d = cells_from_text(text, "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.rows.size() == 4);
  CHECK(cells_of(d.rows[1]) ==
        "20:生态效益 30:可改善居民生活环境，保护国家非物质文化遗产 44:可改善居民生活环境，保护国家非物质文化遗产 ");
  CHECK(cells_of(d.rows[2]) == "20:可持续影响 30:长效管理机制建设 44:完善 ");
}

// A name pdftotext printed left of its column, drawn towards the 一级 label
// before it on its line (reportlab's and Writer's narrow label cells): it
// starts in the 二级 column, nearer the name's column start than the 二级
// column's, and is no category label: it is the name.
TEST_CASE("text reader: layout text's name drawn into the label column is the name") {
  const std::string text = kGridHeader + line_at({{20, "数量指标"}, {30, "企业补助数"}, {44, "1家"}}) +
                           line_at({{10, "效益指标"}, {20, "生态效益"}, {30, "环境改善"}, {44, "有效"}}) +
                           line_at({{10, "效益指标"}, {26, "企业满意度"}, {44, "≥90%"}}) + "负责人：张三\n\f";
  CellDocument d = cells_from_text(text, "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.rows.size() == 5);
  CHECK(cells_of(d.rows[3]).find("30:企业满意度 44:≥90% ") != std::string::npos);
  CHECK(cells_of(d.rows[3]).find("20:企业满意度") == std::string::npos);
}

// An indicator named as a label of the form (项目资金) in the names' column
// is a row of the table; a sign-off cell's label with its colon there
// (联系电话：, printed a line above the rest of the sign-off) ends it.
TEST_CASE("text reader: layout text's name that is a label of the form stays in the table") {
  std::unordered_set<std::string> labels = kGridLabels;
  labels.insert("项目资金");
  labels.insert("联系电话");
  const std::string text = kGridHeader + line_at({{20, "数量指标"}, {30, "企业补助数"}, {44, "1家"}}) +
                           line_at({{20, "时效指标"}, {30, "项目资金"}, {44, "700万元"}}) +
                           line_at({{30, "群众投诉下降率"}, {44, "≥80%"}}) + line_at({{20, "生态效益"}}) +
                           line_at({{30, "交通事故下降率"}, {44, "≤10%"}}) +
                           line_at({{30, "联系电话：0355-"}}) + line_at({{0, "负责人：张三"}}) + "\f";
  CellDocument d = cells_from_text(text, "t.txt", &labels, &kGridRoles);
  REQUIRE(d.rows.size() == 7);
  CHECK(cells_of(d.rows[2]) == "20:时效指标 30:项目资金 44:700万元 ");
  CHECK(cells_of(d.rows[3]) == "20:生态效益 30:群众投诉下降率 44:≥80% ");
  CHECK(cells_of(d.rows[4]) == "20:生态效益 30:交通事故下降率 44:≤10% ");
  CHECK(cells_of(d.rows[5]) == "30:联系电话：0355- ");
}

// A value pushed left by a long name, one space after it, a number after an
// ideograph (`租赁费 300万元`): parted there, the number past the middle
// between the name's and the value's header words is the value; a number
// nearer the name's start stays the name's.
TEST_CASE("text reader: layout text's number one space after a long name starts the value") {
  const std::string text =
      kGridHeader + line_at({{20, "数量指标"}, {30, "储备粮仓库租赁费 300万元"}, {52, "数量指标"}, {62, "租赁 2025年"}, {76, "1年"}}) +
      "负责人：张三\n\f";
  CellDocument d = cells_from_text(text, "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.rows.size() == 3);
  CHECK(cells_of(d.rows[1]) == "20:数量指标 30:储备粮仓库租赁费 44:300万元 52:数量指标 62:租赁 2025年 76:1年 ");
}

// The period goal's first line runs on into the annual goal's one space
// apart (pdftotext draws the two cells together): parted at that space,
// past the middle between the header labels, where the annual goal's next
// line starts; the single spaces inside the period goal part nothing.
TEST_CASE("text reader: layout text's period goal one space before the annual goal is parted there") {
  const auto& roles = kGoalGridRoles;
  const auto& labels = kGoalGridLabels;
  const std::string text = line_at({{10, "实施期目标"}, {60, "年度目标"}}) +
                           line_at({{0, "总体目标"}, {10, "1. 完成一期工程建设，消除安全隐患，健全实现我区 加快中转站建设，"}}) +
                           line_at({{10, "全域目标。"}, {36, "确保全域目标。"}}) + kGridHeader +
                           grid_row("数量指标", "运营线路", "4条") +
                           "\f";
  CellDocument d = cells_from_text(text, "t.txt", &labels, &roles);
  REQUIRE(d.rows.size() == 4);
  CHECK(cells_of(d.rows[1]) == "0:总体目标 10:1. 完成一期工程建设，消除安全隐患，健全实现我区全域目标。 60:加快中转站建设，确保全域目标。 ");
}

// The table's first rows at the foot of a page, one line each, their names
// far narrower than their column (the page break cut the table before any
// longer text): such lines fill nothing, the rows stay apart.
TEST_CASE("text reader: layout text's short rows in a wide column at a page's foot stay apart") {
  const std::string header = line_at({{0, "绩效指标"}, {10, "一级指标"}, {20, "二级指标"}, {30, "三级指标"},
                                      {50, "指标值"}, {66, "二级指标"}, {76, "三级指标"}, {90, "指标值"}});
  const std::string text =
      header +
      line_at({{20, "数量指标"}, {30, "建设公墓面积"}, {50, "2694.36平方米"}, {66, "数量指标"}, {76, "建设公墓面积"}, {90, "2694.36平方米"}}) +
      line_at({{30, "安置骨灰数量"}, {50, "22400个"}, {76, "安置骨灰数量"}, {90, "22400个"}}) + "\f";
  CellDocument d = cells_from_text(text, "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.rows.size() == 3);
  CHECK(cells_of(d.rows[1]) == "20:数量指标 30:建设公墓面积 50:2694.36平方米 66:数量指标 76:建设公墓面积 90:2694.36平方米 ");
  CHECK(cells_of(d.rows[2]) == "20:数量指标 30:安置骨灰数量 50:22400个 66:数量指标 76:安置骨灰数量 90:22400个 ");
}

// The indicator header's 一级指标 wrapped in its cell (一级指 / 标, on the
// lines above and below the header's), right under the goals and at the
// period goal's column: 一级指 is the header's, not the period goal's.
TEST_CASE("text reader: layout text's wrapped header word under the goals is the header's") {
  const auto& roles = kGoalGridRoles;
  const auto& labels = kGoalGridLabels;
  const std::string text =
      line_at({{10, "实施期目标"}, {60, "年度目标"}}) + line_at({{0, "总体目标"}, {50, "完成一期工程建设，消除安"}}) +
      line_at({{10, "完成一期工程建设，消除安全隐患。"}}) + line_at({{50, "全隐患。"}}) + line_at({{10, "一级指"}}) +
      grid_row("二级指标", "三级指标", "指标值") +
      line_at({{10, "标"}}) +
      grid_row("数量指标", "运营线路", "4条") + "\f";
  CellDocument d = cells_from_text(text, "t.txt", &labels, &roles);
  REQUIRE(d.rows.size() == 4);
  CHECK(cells_of(d.rows[1]) == "0:总体目标 10:完成一期工程建设，消除安全隐患。 60:完成一期工程建设，消除安全隐患。 ");
  CHECK(cells_of(d.rows[2]) == "10:一级指标 20:二级指标 30:三级指标 44:指标值 52:二级指标 62:三级指标 76:指标值 ");
}

// Two one-line rows whose names pdftotext printed above both their values
// (Chromium with Noto CJK: glyph boxes taller than the line pitch) are read
// as one row, the names joined: no name wraps at a line of ideographs short
// of its column with room for the next line's first word, so that row's
// cells are marked out of order (their fields reported for a check against
// the PDF); a name wrapped as names wrap (a line filling the column, or its
// next line's bracket not fitting after it) is not.
TEST_CASE("text reader: layout text marks an indicator row whose names were printed above their values") {
  const std::string text = kGridHeader +
                           grid_row("数量指标", "城市公交车对环境", "改善") +
                           line_at({{30, "资源的影响"}, {62, "资源的影响"}}) + "\n" +
                           line_at({{20, "成本指标"}, {30, "缴纳土地划拨"}, {52, "成本指标"}, {62, "缴纳土地划拨"}}) +
                           line_at({{30, "耕地开垦费"}, {62, "耕地开垦费"}}) +
                           line_at({{44, "15346275元"}, {76, "15346275元"}}) +
                           line_at({{44, "16453725元"}, {76, "16453725元"}}) + "\n" +
                           grid_row("时效指标", "补贴发放及时率", "及时") +
                           line_at({{30, "（%）"}, {62, "（%）"}}) + "负责人：张三\n\f";
  CellDocument d = cells_from_text(text, "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.rows.size() == 5);
  for (const auto& r : d.rows) {
    const bool joined = r.cells.size() > 1 && r.cells[1].text.find("缴纳土地划拨") == 0;
    CAPTURE(cells_of(r));
    for (const auto& c : r.cells) CHECK(c.out_of_order_page == (joined ? 1 : 0));
  }
  CHECK(std::any_of(d.rows.begin(), d.rows.end(), [](const Row& r) {
    return r.cells.size() > 1 && r.cells[1].text == "缴纳土地划拨耕地开垦费";
  }));
}
// The goals cut by a page break: their last lines (or all of them, the
// header 实施期目标 | 年度目标 the page's last line) printed at the top of the
// next page, above the indicator table. They go on there: the goals row
// holds all their lines; the table is read as before.
TEST_CASE("text reader: layout text's goals going on at the next page") {
  const auto& roles = kGoalGridRoles;
  const auto& labels = kGoalGridLabels;
  const std::string row = grid_row("数量指标", "运营线路", "4条");
  const std::string cut = line_at({{10, "实施期目标"}, {60, "年度目标"}}) +
                          line_at({{0, "总体目标"}, {10, "完成一期工程建设，消除安全"}, {50, "完成一期工程建设，消除安"}}) + "\f" +
                          line_at({{10, "隐患。"}, {50, "全隐患，改善环境。"}}) + kGridHeader + row + "\f";
  CellDocument d = cells_from_text(cut, "t.txt", &labels, &roles);
  REQUIRE(d.rows.size() == 4);
  CHECK(cells_of(d.rows[1]) == "0:总体目标 10:完成一期工程建设，消除安全隐患。 60:完成一期工程建设，消除安全隐患，改善环境。 ");
  CHECK(cells_of(d.rows[3]) == "20:数量指标 30:运营线路 44:4条 52:数量指标 62:运营线路 76:4条 ");
  // The header the page's last line: all the goals' lines on the next page,
  // a row of their own below the header's.
  const std::string all = line_at({{0, "总体目标"}, {10, "实施期目标"}, {60, "年度目标"}}) + "\f" +
                          line_at({{10, "完成一期工程建设，消除安全"}, {50, "完成一期工程建设，消除安"}}) +
                          line_at({{10, "隐患。"}, {50, "全隐患。"}}) + kGridHeader + row + "\f";
  d = cells_from_text(all, "t.txt", &labels, &roles);
  REQUIRE(d.rows.size() == 4);
  CHECK(cells_of(d.rows[0]) == "0:总体目标 10:实施期目标 60:年度目标 ");
  CHECK(cells_of(d.rows[1]) == "10:完成一期工程建设，消除安全隐患。 60:完成一期工程建设，消除安全隐患。 ");
  CHECK(cells_of(d.rows[3]) == "20:数量指标 30:运营线路 44:4条 52:数量指标 62:运营线路 76:4条 ");
}

// The table's last row cut by a page break: its names' last line (影响) at
// the top of the next page, above the first row there (its label and
// value). The name's lines on the page before fill the column to the last:
// the cell goes on at the next page down to its first line short of the
// column; the first row there is a row of its own.
TEST_CASE("text reader: layout text's cell cut by a page break goes on at the next page's top") {
  const std::string text =
      kGridHeader + grid_row("数量指标", "运营线路", "4条") +
      line_at({{30, "城市公交车对环境"}, {62, "城市公交车对环境"}}) +
      grid_row("生态效益", "、资源的持续改善", "改善") +
      "\f" + line_at({{30, "影响"}, {62, "影响"}}) +
      grid_row("可持续影响", "促进可持续发展", "有限") +
      "负责人：张三\n";
  CellDocument d = cells_from_text(text, "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.rows.size() == 5);
  CHECK(cells_of(d.rows[2]) == "20:生态效益 30:城市公交车对环境、资源的持续改善影响 44:改善 52:生态效益 "
                               "62:城市公交车对环境、资源的持续改善影响 76:改善 ");
  CHECK(cells_of(d.rows[3]) == "20:可持续影响 30:促进可持续发展 44:有限 52:可持续影响 62:促进可持续发展 76:有限 ");
}

// Writer spaces digits from ideographs: the period goal's line `…支付 45 名区`
// is parted at that space where the table's 指标值 column starts (a column
// other lines start at), right of the middle between the goals. No line of
// the annual goal starts there: the period goal goes on there.
TEST_CASE("text reader: layout text's period goal goes on one space before a number") {
  const auto& roles = kGoalGridRoles;
  const auto& labels = kGoalGridLabels;
  const std::string text =
      line_at({{10, "实施期目标"}, {60, "年度目标"}}) +
      line_at({{0, "总体目标"}, {10, "完成文保单位监控平台专线接入；完成文保单位消防器材配置和维修；支付 45 名区"},
               {50, "完成文保单位监控平台专线接入；"}}) +
      line_at({{10, "保文保员看护费。"}, {50, "支付 45 名区保文保员看护费。"}}) + kGridHeader +
      grid_row("数量指标", "运营线路", "4条") + "\f";
  CellDocument d = cells_from_text(text, "t.txt", &labels, &roles);
  REQUIRE(d.rows.size() == 4);
  CHECK(cells_of(d.rows[1]) ==
        "0:总体目标 10:完成文保单位监控平台专线接入；完成文保单位消防器材配置和维修；支付 45 名区保文保员看护费。 "
        "60:完成文保单位监控平台专线接入；支付 45 名区保文保员看护费。 ");
}

// A sign-off cell printed label above value (联系电话： alone on its line, the
// number two lines below at its column, the row's other cells on the line
// between): a label ending in its colon goes on at its value.
TEST_CASE("text reader: layout text's label ending in its colon goes on at its value below") {
  // (A wider text above at its column: the label fills nothing there.)
  const std::string text = line_at({{0, "项目名称"}, {30, "城乡环境综合整治项目经费"}}) + "\n" + line_at({{30, "联系电话："}}) +
                           line_at({{0, "负责人：张三"}, {60, "填报日期：2025-01-24"}}) + line_at({{30, "13759817849"}}) + "\f";
  const std::unordered_set<std::string> labels = {"项目名称", "负责人", "联系电话", "填报日期"};
  CellDocument d = cells_from_text(text, "t.txt", &labels);
  REQUIRE(d.rows.size() == 2);
  CHECK(cells_of(d.rows[1]) == "0:负责人：张三 30:联系电话：13759817849 60:填报日期：2025-01-24 ");
}

// A name pdftotext printed left of its column, nearer the 二级 column's
// start than its own, on the line between the two lines of a wrapped 二级
// label (可持续 / 影响): no part of that label, it is the name's.
TEST_CASE("text reader: layout text's name between a wrapped label's lines is the name") {
  const std::string text =
      kGridHeader + grid_row("数量指标", "运营线路", "4条") +
      line_at({{20, "可持续"}, {52, "可持续"}}) + line_at({{30, "长效管理机制"}, {44, "完善"}, {55, "长效管理机制"}, {76, "完善"}}) +
      line_at({{20, "影响"}, {52, "影响"}}) + "负责人：张三\n\f";
  CellDocument d = cells_from_text(text, "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.rows.size() == 4);
  CHECK(cells_of(d.rows[2]) == "20:可持续影响 30:长效管理机制 44:完善 52:可持续影响 62:长效管理机制 76:完善 ");
}

// The table goes on at the next page, its columns set four characters
// further left there, the 一级 column's only text there the last line of a
// wrapped label (效益指 / 标) left of where that column stood on the page
// before: the table ends at text left of its columns as they stand on this
// page, so the rows below that line are the table's.
TEST_CASE("text reader: layout text's table going on at the next page with its columns drifted left") {
  const std::string text =
      kGridHeader + grid_row("数量指标", "运营线路", "4条") +
      line_at({{10, "效益指"}, {20, "生态效益"}, {30, "环境改善"}, {44, "改善"}, {52, "生态效益"}, {62, "环境改善"}, {76, "改善"}}) +
      "\f" + line_at({{7, "标"}, {26, "生态修复"}, {40, "完成"}, {58, "生态修复"}, {72, "完成"}}) +
      line_at({{16, "可持续影响"}, {26, "长效管理"}, {40, "完善"}, {48, "可持续影响"}, {58, "长效管理"}, {72, "完善"}}) +
      "负责人：张三\n";
  CellDocument d = cells_from_text(text, "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.rows.size() == 6);
  CHECK(cells_of(d.rows[3]) == "20:生态效益 30:生态修复 44:完成 52:生态效益 62:生态修复 76:完成 ");
  CHECK(cells_of(d.rows[4]) == "20:可持续影响 30:长效管理 44:完善 52:可持续影响 62:长效管理 76:完善 ");
}

// A value pushed left of the middle between the name's and the value's
// header words (Writer: a short value beside a name of three lines, 100%
// on the middle line): an amount off the names' start is the value's, not
// part of the name.
TEST_CASE("text reader: layout text's amount pushed left into the names' column is the value") {
  const std::string text =
      kGridHeader + grid_row("数量指标", "运营线路", "4条") +
      line_at({{30, "全部是“新能源"}, {62, "全部是“新能源"}}) + line_at({{20, "时效指标"}, {36, "100%"}, {52, "时效指标"}, {68, "≥95%"}}) +
      line_at({{30, "汽车”"}, {62, "汽车”"}}) + "负责人：张三\n\f";
  CellDocument d = cells_from_text(text, "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.rows.size() == 4);
  CHECK(cells_of(d.rows[2]) == "20:时效指标 30:全部是“新能源汽车” 44:100% 52:时效指标 62:全部是“新能源汽车” 76:≥95% ");
}

// Two rows of one line each, their 二级 label alone on the line between,
// their names and values the widest of the table (a short table: they fill
// their columns): the label stands between two rows, not between a cell's
// two lines (whose pitch is less than a row's: a label centred between them
// would share a line with one), so the rows are not one row wrapped.
TEST_CASE("text reader: layout text's one-line rows around their label's line stay apart where they fill their columns") {
  const std::string text =
      kGridHeader + line_at({{30, "补种补植面积补植"}, {44, "14426平方米"}, {62, "补种补植面积补植"}, {76, "14426平方米"}}) +
      line_at({{20, "数量指标"}, {52, "数量指标"}}) +
      line_at({{30, "设备安装"}, {44, "846套"}, {62, "设备安装"}, {76, "846套"}}) + "\n" +
      grid_row("质量指标", "工程合格率", "100%") + "\f";
  CellDocument d = cells_from_text(text, "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.rows.size() == 4);
  CHECK(cells_of(d.rows[1]) == "20:数量指标 30:补种补植面积补植 44:14426平方米 52:数量指标 62:补种补植面积补植 76:14426平方米 ");
  CHECK(cells_of(d.rows[2]) == "20:数量指标 30:设备安装 44:846套 52:数量指标 62:设备安装 76:846套 ");
}

// A row as near the middle of the group above as of the group below (a
// form that prints a merged label on its group's first row, the 二级 cells
// below it blank: 数量指标 on its first row, 质量指标 on the row after the
// blank one) goes with the label above it: such a label stands at or above
// its group's middle, never below it.
TEST_CASE("text reader: layout text's row as near two 二级 labels goes with the label above") {
  const std::string text =
      kGridHeader + grid_row("数量指标", "一级管网长度", "5328米") +
      "\n" + line_at({{30, "二级管网长度"}, {44, "23893米"}, {62, "二级管网长度"}, {76, "23893米"}}) + "\n" +
      grid_row("质量指标", "工程质量合格率", "100%") +
      "负责人：张三\n\f";
  CellDocument d = cells_from_text(text, "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.rows.size() == 5);
  CHECK(cells_of(d.rows[2]) == "20:数量指标 30:二级管网长度 44:23893米 52:数量指标 62:二级管网长度 76:23893米 ");
  CHECK(cells_of(d.rows[3]) == "20:质量指标 30:工程质量合格率 44:100% 52:质量指标 62:工程质量合格率 76:100% ");
}

// The table's last row cut by a page break, its name one line on the page
// before: in the 实施期 half the column's widest line (the only one that
// fills), in the 年度 half one ideograph short of the column, the next one
// carried down with the mark after it (境、). Both go on at the next page's
// top (影响, 境、资源的影响), not on the first row there.
TEST_CASE("text reader: layout text's one-line cell cut by a page break goes on at the next page's top") {
  const std::string text =
      kGridHeader +
      line_at({{20, "数量指标"}, {30, "运营线路"}, {44, "4条"}, {52, "数量指标"}, {62, "运营线路数量统计"}, {76, "4条"}}) +
      line_at({{20, "生态效益"}, {30, "城市公交车对环境资源的"}, {44, "改善"}, {52, "生态效益"}, {62, "城市公交车对环"}, {76, "改善"}}) +
      "\f" + line_at({{30, "影响"}, {62, "境、资源的影响"}}) +
      grid_row("可持续影响", "促进可持续发展", "有限") +
      "负责人：张三\n";
  CellDocument d = cells_from_text(text, "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.rows.size() == 5);
  CHECK(cells_of(d.rows[2]) == "20:生态效益 30:城市公交车对环境资源的影响 44:改善 52:生态效益 62:城市公交车对环境、资源的影响 76:改善 ");
  CHECK(cells_of(d.rows[3]) == "20:可持续影响 30:促进可持续发展 44:有限 52:可持续影响 62:促进可持续发展 76:有限 ");
}

// A name starting with a label of the form (项目单位满意度: 项目单位 is a
// label of some form) printed left of its column, nearer its start than the
// 二级 column's, between the lines of its wrapped 二级 label: it is the
// row's name (as a text drawn into the label column is), not the end of
// the table.
TEST_CASE("text reader: layout text's name starting with a form label left of its column stays in the table") {
  std::unordered_set<std::string> labels = kGridLabels;
  labels.insert({"项目单位", "服务对象满意度"});
  auto roles = kGridRoles;
  roles.insert({"服务对象满意度", "category"});
  const std::string text =
      kGridHeader + grid_row("数量指标", "运营线路", "4条") +
      line_at({{20, "服务对象满意"}, {52, "服务对象满意"}}) +
      line_at({{27, "项目单位满意度"}, {44, "≥90%"}, {59, "项目单位满意度"}, {76, "≥90%"}}) +
      line_at({{20, "度"}, {52, "度"}}) + "负责人：张三\n\f";
  CellDocument d = cells_from_text(text, "t.txt", &labels, &roles);
  REQUIRE(d.rows.size() == 4);
  CHECK(cells_of(d.rows[2]) == "20:服务对象满意度 30:项目单位满意度 44:≥90% 52:服务对象满意度 62:项目单位满意度 76:≥90% ");
}

// The goals' header the page's last line but one, the 总体目标 label the
// last (the merged label cut by the page break), the label printed again at
// the next page's top above all the goals' lines: those lines are the
// goals, a row with the label, not a new form's.
TEST_CASE("text reader: layout text's goals going on at the next page under their label printed again") {
  const auto& roles = kGoalGridRoles;
  const auto& labels = kGoalGridLabels;
  const std::string row = grid_row("数量指标", "运营线路", "4条");
  const std::string text = line_at({{10, "实施期目标"}, {60, "年度目标"}}) + line_at({{0, "总体目标"}}) + "\f" +
                           line_at({{0, "总体目标"}}) + line_at({{10, "完成一期工程建设。"}, {60, "完成一期工程建设。"}}) +
                           "\n" + kGridHeader + row + "\f";
  CellDocument d = cells_from_text(text, "t.txt", &labels, &roles);
  REQUIRE(d.rows.size() >= 3);
  bool found = false;
  for (const auto& r : d.rows)
    found = found || cells_of(r) == "0:总体目标 10:完成一期工程建设。 60:完成一期工程建设。 ";
  CHECK(found);
  CHECK(cells_of(d.rows.back()) == "20:数量指标 30:运营线路 44:4条 52:数量指标 62:运营线路 76:4条 ");
}

// A 二级 group cut by a page break: its label printed on its first row,
// above the middle of its rows down to the page's end (a label stands at
// its group's middle where the group ends on the page). The group goes on
// at the next page: the first row there (no label of its own) is of it,
// though the next label there stands as near the middle of its rows with
// that row as without it.
TEST_CASE("text reader: layout text's 二级 group cut by a page break takes the next page's first row") {
  const std::string text =
      kGridHeader + grid_row("数量指标", "发放补助人数", "45人") +
      "\n" + line_at({{30, "活化利用项目"}, {44, "2个"}, {62, "活化利用项目"}, {76, "2个"}}) + "\n" +
      line_at({{30, "文物展览项目"}, {44, "3个"}, {62, "文物展览项目"}, {76, "3个"}}) + "\f" +
      line_at({{30, "文物修缮项目"}, {44, "2个"}, {62, "文物修缮项目"}, {76, "2个"}}) + "\n" +
      grid_row("质量指标", "工程验收合格", "合格") + "\n" +
      line_at({{30, "工程质量达标"}, {44, "达标"}, {62, "工程质量达标"}, {76, "达标"}}) + "负责人：张三\n";
  std::unordered_set<std::string> labels = kGridLabels;
  labels.insert("质量指标");
  auto roles = kGridRoles;
  roles.insert({"质量指标", "category"});
  CellDocument d = cells_from_text(text, "t.txt", &labels, &roles);
  REQUIRE(d.rows.size() == 8);
  CHECK(cells_of(d.rows[4]) == "20:数量指标 30:文物修缮项目 44:2个 52:数量指标 62:文物修缮项目 76:2个 ");
  CHECK(cells_of(d.rows[5]) == "20:质量指标 30:工程验收合格 44:合格 52:质量指标 62:工程验收合格 76:合格 ");
}

// A long name one space before its value, set past the middle between the
// name's and the value's header words (a page turned back sets a stretch
// by its end): of the two parts in the value's column, the first is the
// name, where the line holds nothing in the name's column.
TEST_CASE("text reader: layout text's name one space before its value past the middle is the name") {
  const std::string text =
      kGridHeader + grid_row("数量指标", "运营线路", "4条") +
      line_at({{20, "时效指标"}, {38, "垃圾转运及时性 及时"}, {52, "时效指标"}, {62, "垃圾转运及时性"}, {76, "及时"}}) +
      "负责人：张三\n\f";
  CellDocument d = cells_from_text(text, "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.rows.size() == 4);
  CHECK(cells_of(d.rows[2]) == "20:时效指标 30:垃圾转运及时性 44:及时 52:时效指标 62:垃圾转运及时性 76:及时 ");
}

// The annual goal's lines drawn close to the period goal's, one space after
// them and left of the annual header label (Chromium, a wide period goal):
// where two period lines have a single space between ideographs at one
// place past the middle, the annual goal starts there; its last lines stand
// at its own column.
TEST_CASE("text reader: layout text's goals parted where single spaces line up") {
  const auto& roles = kGoalGridRoles;
  const auto& labels = kGoalGridLabels;
  const std::string text = line_at({{10, "实施期目标"}, {60, "年度目标"}}) +
                           line_at({{10, "完成区级文物保护单位韩川关帝庙部分修缮；完成观音阁抢 完成区级文物保护单位"}}) +
                           line_at({{0, "总体目标"}, {10, "险修缮；支付荫城大云禅院保护修缮工程和戏台尾款；完成 韩川关帝庙修缮；完成观"}}) +
                           line_at({{60, "音阁抢险修缮；支付荫城"}}) + line_at({{10, "文保员培训。"}, {60, "文保员培训。"}}) +
                           kGridHeader +
                           grid_row("数量指标", "运营线路", "4条") +
                           "\f";
  CellDocument d = cells_from_text(text, "t.txt", &labels, &roles);
  REQUIRE(d.rows.size() == 4);
  CHECK(cells_of(d.rows[1]) ==
        "0:总体目标 10:完成区级文物保护单位韩川关帝庙部分修缮；完成观音阁抢险修缮；支付荫城大云禅院保护修缮工程和戏台尾款；完成文保员培训。 "
        "60:完成区级文物保护单位韩川关帝庙修缮；完成观音阁抢险修缮；支付荫城文保员培训。 ");
}

// An amount written out whole (6,200,000) is not broken over lines: the
// number set under it at its column (a page turned back sets each text by
// its end), its label at a column of its own, is the next line's value,
// not the rest of it.
TEST_CASE("text reader: layout text's number under a whole amount is a cell of its own") {
  const std::string text = line_at({{0, "实施期资金总额："}, {20, "6,200,000"}}) +
                           line_at({{2, "其中：中央财政资金"}, {20, "0"}}) +
                           line_at({{0, "市县（区）财政资金"}, {20, "6,200,000"}}) + "\f";
  const std::unordered_set<std::string> labels = {"实施期资金总额", "其中:中央财政资金", "市县(区)财政资金"};
  CellDocument d = cells_from_text(text, "t.txt", &labels);
  REQUIRE(d.rows.size() == 3);
  CHECK(cells_of(d.rows[0]) == "0:实施期资金总额： 20:6,200,000 ");
  CHECK(cells_of(d.rows[1]) == "2:其中：中央财政资金 20:0 ");
}

// A name's line that fills its column between two rows, each row as well
// read with it as without it (its value on the row's other line either
// way): the text does not say whose it is; both rows are marked for a check
// against the PDF (text-order). Rows the text parts are not.
TEST_CASE("text reader: layout text marks two rows whose line between would do in either") {
  const std::string rows = kGridHeader + line_at({{20, "数量指标"}, {30, "支持科技创新企业"}, {44, "≥20个"}}) +
                           line_at({{30, "促进科技创新高质"}}) + line_at({{20, "时效指标"}, {30, "量发展"}, {44, "促进"}});
  CellDocument d = cells_from_text(rows + "负责人：张三\n\f", "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.rows.size() == 4);
  for (size_t r : {1, 2}) {
    CAPTURE(r);
    REQUIRE(!d.rows[r].cells.empty());
    CHECK(d.rows[r].cells.front().out_of_order_page == 1);
  }
  const std::string clear = kGridHeader + line_at({{20, "数量指标"}, {30, "支持科技创新企业"}, {44, "≥20个"}}) +
                            line_at({{20, "时效指标"}, {30, "量发展"}, {44, "促进"}});
  CellDocument e = cells_from_text(clear + "负责人：张三\n\f", "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(e.rows.size() == 4);
  CHECK(e.rows[1].cells.front().out_of_order_page == 0);
  CHECK(e.rows[2].cells.front().out_of_order_page == 0);
}

// Narrow columns (A4 portrait): pdftotext prints the annual half's header
// words 三级指标 and 指标值 with no space between. They are two header words,
// the columns of the annual names and values.
TEST_CASE("text reader: layout text's header words printed with no space between are two columns") {
  auto labels = kGridLabels;
  labels.insert({"质量指标", "成本指标"});
  auto roles = kGridRoles;
  roles.insert({{"质量指标", "category"}, {"成本指标", "category"}});
  const char* text =
      "项目名称 某项目\n"
      "        一级指标 二级指标      三级指标         指标值       二级指标   三级指标指标值\n"
      "                       道路长度         ≥870.296米        道路长度≥870.296\n"
      "                                                         米\n"
      "                               道路红线控制 数量指标               道路红线控\n"
      "              数量指标             宽度40/21米，                 制宽度40/2\n"
      "                     建设规模      双向四车道规            建设规模    1米，双向\n"
      "                               模。                        四车道规\n"
      "                                                         模。\n"
      "        产出指标 质量指标 工程验收合格率 100%             质量指标  工程验收合格率 100%\n"
      "                     招投标规范性    规范                招投标规范性  规范\n"
      "负责人：张三\n"
      "\f";
  CellDocument d = cells_from_text(text, "t.txt", &labels, &roles);
  REQUIRE(d.rows.size() == 7);
  CHECK(cells_of(d.rows[1]) == "8:一级指标 13:二级指标 23:三级指标 36:指标值 46:二级指标 53:三级指标 57:指标值 ");
  CHECK(cells_of(d.rows[4]) == "13:质量指标 23:工程验收合格率 36:100% 46:质量指标 53:工程验收合格率 57:100% ");
}

// A 二级 label one space before its row's name, the names' header word
// printed left of where the names stand (A4 portrait, Noto Sans): the label
// starts within one character of the names' column, the name after it. The
// label is the 二级 column's, the name the names'.
TEST_CASE("text reader: layout text's 二级 label one space before a name at the names' column is the label's") {
  auto labels = kGridLabels;
  labels.insert({"质量指标"});
  auto roles = kGridRoles;
  roles.insert({{"质量指标", "category"}});
  const char* text =
      "项目名称 某项目\n"
      "绩效指标 一级指标 二级指标 三级指标               指标值    二级指标 三级指标            指标值\n"
      "      产出指标 数量指标 滑坡治理              1处     数量指标 滑坡治理            1处\n"
      "              质量指标 保护群众生命安全 ≥110人        质量指标 保护群众生命安全 ≥110人\n"
      "负责人：张三\n"
      "\f";
  CellDocument d = cells_from_text(text, "t.txt", &labels, &roles);
  REQUIRE(d.rows.size() == 5);
  CHECK(cells_of(d.rows[1]) == "0:绩效指标 5:一级指标 10:二级指标 15:三级指标 34:指标值 41:二级指标 46:三级指标 62:指标值 ");
  CHECK(cells_of(d.rows[3]) == "10:质量指标 15:保护群众生命安全 34:≥110人 41:质量指标 46:保护群众生命安全 62:≥110人 ");
}

// The period goal on one line, the annual goal's first line one space after
// it, left of its header label and of its next line (pdftotext drew it close
// to the period's text): the period line runs on past the annual goal's
// start, which it cannot; the annual goal starts after its last single space
// before there.
TEST_CASE("text reader: layout text's period line running on past the annual goal's start is parted before it") {
  const auto& roles = kGoalGridRoles;
  const auto& labels = kGoalGridLabels;
  const std::string text = line_at({{10, "实施期目标"}, {40, "年度目标"}}) +
                           line_at({{0, "总体目标"}, {10, "改造供热管网，提升城市品位。 改造城区老旧小区供热管网及配套设施，提升城"}}) +
                           line_at({{40, "市品位。"}}) + kGridHeader +
                           grid_row("数量指标", "运营线路", "4条") +
                           "\f";
  CellDocument d = cells_from_text(text, "t.txt", &labels, &roles);
  REQUIRE(d.rows.size() == 4);
  CHECK(cells_of(d.rows[1]) == "0:总体目标 10:改造供热管网，提升城市品位。 40:改造城区老旧小区供热管网及配套设施，提升城市品位。 ");
}

// A name and its value printed with no space between, running on past the
// values' column (narrow columns, A4 portrait): parted before the comparison
// sign and number; the value's rest on the line below goes on at its column.
TEST_CASE("text reader: layout text's name and value with no space between are parted at the comparison sign") {
  auto labels = kGridLabels;
  labels.insert({"质量指标"});
  auto roles = kGridRoles;
  roles.insert({{"质量指标", "category"}});
  const char* text =
      "项目名称 某项目\n"
      "        一级指标 二级指标      三级指标         指标值       二级指标   三级指标指标值\n"
      "                       道路长度         ≥870.296米        道路长度≥870.296\n"
      "                                                         米\n"
      "        产出指标 质量指标 工程验收合格率 100%             质量指标  工程验收合格率 100%\n"
      "负责人：张三\n"
      "\f";
  CellDocument d = cells_from_text(text, "t.txt", &labels, &roles);
  REQUIRE(d.rows.size() == 5);
  CHECK(cells_of(d.rows[2]) == "13:质量指标 23:道路长度 36:≥870.296米 46:质量指标 53:道路长度 57:≥870.296米 ");
}

// A header row two lines tall cut by a page break: the page's last line
// prints its words but the rest of a wrapped one (一级指 / 标), which stands
// at the next page's top, the columns set anew there (three characters to
// the left). That rest is the header's: the 一级 column is the table's, and
// its labels (产出指 / 标) are no text left of the table that ends it.
TEST_CASE("text reader: layout text's header word cut by a page break goes on at the next page's top") {
  const std::string text =
      line_at({{0, "项目名称"}, {10, "某项目"}}) +
      line_at({{0, "绩效指标"}, {10, "一级指"}, {20, "二级指标"}, {30, "三级指标"}, {44, "指标值"}, {52, "二级指标"}, {62, "三级指标"},
               {76, "指标值"}}) +
      "\f" + line_at({{7, "标"}}) +
      line_at({{17, "数量指标"}, {27, "运营线路"}, {41, "4条"}, {49, "数量指标"}, {59, "运营线路"}, {73, "4条"}}) +
      line_at({{7, "产出指"}}) +
      line_at({{7, "标"}, {17, "时效指标"}, {27, "当年完成率"}, {41, "≥95%"}, {49, "时效指标"}, {59, "当年完成率"}, {73, "≥95%"}}) +
      line_at({{0, "负责人：张三"}}) + "\f";
  CellDocument d = cells_from_text(text, "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.rows.size() == 5);
  CHECK(cells_of(d.rows[2]) == "20:数量指标 30:运营线路 44:4条 52:数量指标 62:运营线路 76:4条 ");
  CHECK(cells_of(d.rows[3]) == "20:时效指标 30:当年完成率 44:≥95% 52:时效指标 62:当年完成率 76:≥95% ");
  CHECK(cells_of(d.rows[4]) == "0:负责人：张三 ");
}

// A row of six lines, name and value, whose 二级 label pdftotext printed
// on a line of its own between the third and fourth (Writer, AR PL UMing):
// the lines above that line fill their columns, a paragraph running on,
// so the row is one row, not two rows around their label's line.
TEST_CASE("text reader: layout text's cell running on past its label's own line is one row") {
  const std::string text =
      kGridHeader + grid_row("数量指标", "运营线路", "4条") +
      line_at({{30, "滑坡进行治理势在"}, {44, "滑坡进行"}, {62, "滑坡进行治理势在"}, {76, "滑坡进行"}}) +
      line_at({{30, "项目实施既可保护"}, {44, "治理保护"}, {62, "项目实施既可保护"}, {76, "治理保护"}}) +
      line_at({{30, "生命财产安定团结"}, {44, "生命财产"}, {62, "生命财产安定团结"}, {76, "生命财产"}}) +
      line_at({{20, "时效指标"}, {52, "时效指标"}}) +
      line_at({{30, "稳定人心又可改善"}, {44, "安全保护"}, {62, "稳定人心又可改善"}, {76, "安全保护"}}) +
      line_at({{30, "居民生活环境保护"}, {44, "居民生活"}, {62, "居民生活环境保护"}, {76, "居民生活"}}) +
      line_at({{30, "文化遗产"}, {44, "完成"}, {62, "文化遗产"}, {76, "完成"}}) +
      grid_row("成本指标", "项目成本", "≤300万元") + "\f";
  CellDocument d = cells_from_text(text, "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.rows.size() == 4);
  CHECK(cells_of(d.rows[2]) ==
        "20:时效指标 30:滑坡进行治理势在项目实施既可保护生命财产安定团结稳定人心又可改善居民生活环境保护文化遗产 "
        "44:滑坡进行治理保护生命财产安全保护居民生活完成 52:时效指标 "
        "62:滑坡进行治理势在项目实施既可保护生命财产安定团结稳定人心又可改善居民生活环境保护文化遗产 "
        "76:滑坡进行治理保护生命财产安全保护居民生活完成 ");
  CHECK(cells_of(d.rows[3]) == "20:成本指标 30:项目成本 44:≤300万元 52:成本指标 62:项目成本 76:≤300万元 ");
}

// A value whose digits Writer spaced from its ideographs, its last number
// run on past its column into the next half's 二级 column
// (`5 月——2025 年 11`): no number starts a label there, so it stays the
// value's, and that column's labels keep their rows.
TEST_CASE("text reader: layout text's number run on into a 二级 column stays the value's") {
  const std::string text =
      kGridHeader + grid_row("数量指标", "运营线路", "4条") +
      line_at({{44, "5 月——2025 年 11"}, {76, "5 月——2025 年 11"}}) +
      line_at({{20, "时效指标"}, {30, "工程建设时间"}, {52, "时效指标"}, {62, "工程建设时间"}}) +
      line_at({{44, "月"}, {76, "月"}}) +
      grid_row("成本指标", "项目成本", "≤300万元") + "\f";
  CellDocument d = cells_from_text(text, "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.rows.size() == 4);
  CHECK(cells_of(d.rows[2]) == "20:时效指标 30:工程建设时间 44:5 月——2025 年 11月 52:时效指标 62:工程建设时间 76:5 月——2025 年 11月 ");
  CHECK(cells_of(d.rows[3]) == "20:成本指标 30:项目成本 44:≤300万元 52:成本指标 62:项目成本 76:≤300万元 ");
}

// A value whose text Writer spaced around its digits runs on past its
// column, its last ideograph one space after a number at the next half's
// 二级 column (`2024 至 2025 年`): no label is parted there but a category
// label, so the ideograph stays the value's.
TEST_CASE("text reader: layout text's value run on to a 二级 column's start keeps its last ideograph") {
  const std::string text =
      kGridHeader + grid_row("数量指标", "运营线路", "4条") +
      line_at({{43, "2024 至 20 年"}, {76, "2024 至 2025"}}) +
      line_at({{20, "时效指标"}, {30, "实施年度"}, {52, "时效指标"}, {62, "实施年度"}}) +
      line_at({{44, "度"}, {76, "年度"}}) +
      grid_row("成本指标", "项目成本", "≤300万元") + "\f";
  CellDocument d = cells_from_text(text, "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.rows.size() == 4);
  CHECK(cells_of(d.rows[2]) == "20:时效指标 30:实施年度 44:2024 至 20 年度 52:时效指标 62:实施年度 76:2024 至 2025年度 ");
}

// A value that is a category's name (可持续影响), printed left of its
// column on the line of its row's 二级 label, or one space after its row's
// name: another category label of the line stands in the label column it
// is nearest, so the value stays the value's (it was joined to that label:
// `可持续影响 可持续影响`, the value lost).
TEST_CASE("text reader: layout text's value named as a category stays the value's beside its label") {
  const std::string text =
      kGridHeader + grid_row("数量指标", "运营线路", "4条") +
      line_at({{62, "文物价值传承"}}) +
      line_at({{20, "生态效益"}, {30, "文物价值传承度"}, {44, "可持续影响"}, {52, "生态效益"}, {71, "可持续影响"}}) +
      line_at({{62, "度"}}) + "\n" +
      line_at({{20, "可持续影响"}, {30, "历史文化传承度 可持续影响"}, {52, "可持续影响"}, {62, "历史文化传承度"}, {76, "可持续影响"}}) + "\f";
  CellDocument d = cells_from_text(text, "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.rows.size() == 4);
  CHECK(cells_of(d.rows[2]) == "20:生态效益 30:文物价值传承度 44:可持续影响 52:生态效益 62:文物价值传承度 76:可持续影响 ");
  CHECK(cells_of(d.rows[3]) == "20:可持续影响 30:历史文化传承度 44:可持续影响 52:可持续影响 62:历史文化传承度 76:可持续影响 ");
}

// An amount starting with a comparison sign at the names' start (the
// columns found again on a page whose values stand one space after their
// names, the names' column set where a value stands): no name's line
// starts with a comparison sign, so it is the value's, not a line of the
// name around it.
TEST_CASE("text reader: layout text's amount with a comparison sign at the names' start is the value") {
  const std::string text =
      kGridHeader + grid_row("数量指标", "运营线路", "4条") +
      line_at({{20, "服务对象满意度"}, {52, "服务对象满意度"}, {62, "入驻企业满意"}}) +
      line_at({{30, "入驻企业满意度"}, {44, "≥90%"}, {62, "≥90%"}}) + line_at({{62, "度"}}) + "\f";
  CellDocument d = cells_from_text(text, "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.rows.size() == 3);
  CHECK(cells_of(d.rows[2]) == "20:服务对象满意度 30:入驻企业满意度 44:≥90% 52:服务对象满意度 62:入驻企业满意度 76:≥90% ");
}

// The table's last row cut by a page break in one half (the halves of
// different lengths): its rest at the next page's top fills its column to
// its last line (生态环境持续向好), then its half holds nothing for two lines
// while the other half's next row begins. The rest ends there, before that
// gap: it goes on the row of the page before, not as a row of its own.
TEST_CASE("text reader: layout text's cut cell whose rest fills its column to the end goes on at the next page's top") {
  const std::string text =
      kGridHeader + grid_row("数量指标", "运营线路", "4条") +
      line_at({{52, "生态效益"}, {62, "城市公交车对环境"}, {76, "改善"}}) + "\f" +
      line_at({{62, "、资源的持续改善"}}) + line_at({{62, "生态环境持续向好"}}) +
      line_at({{30, "城市公交车对环境"}}) + line_at({{30, "、资源的持续改善"}}) +
      line_at({{20, "生态效益"}, {30, "的影响"}, {44, "改善"}, {52, "可持续影响"}, {62, "促进可持续发展"}, {76, "有限"}}) +
      "负责人：张三\n";
  CellDocument d = cells_from_text(text, "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.rows.size() == 5);
  CHECK(cells_of(d.rows[2]) == "52:生态效益 62:城市公交车对环境、资源的持续改善生态环境持续向好 76:改善 ");
  CHECK(cells_of(d.rows[3]) == "20:生态效益 30:城市公交车对环境、资源的持续改善的影响 44:改善 52:可持续影响 62:促进可持续发展 76:有限 ");
}

// A form's title with its year one space after it, the year's digits
// spaced from 年度 (Writer), 年度 where other lines start a column: the
// title line stays one cell, its year with it (the title's cell ended at
// `2024`, 年度 a cell of its own: the fiscal year was lost).
TEST_CASE("text reader: layout text keeps a title's year whole") {
  const std::unordered_map<std::string, std::string> roles = {{"项目支出绩效目标表", "title"}};
  const std::unordered_set<std::string> labels = {"项目名称", "主管部门及代码", "实施单位", "项目属性", "项目期"};
  const std::string text = line_at({{10, "某县县级预算部门（单位）项目支出绩效目标表 2024 年度"}}) +
                           line_at({{0, "主管部门及代码"}, {14, "409-某局"}, {37, "实施单位"}, {47, "某局"}}) +
                           line_at({{0, "项目属性"}, {14, "一次性项目"}, {37, "项目期"}, {47, "1年"}}) + "\f";
  CellDocument d = cells_from_text(text, "t.txt", &labels, &roles);
  REQUIRE(d.rows.size() == 3);
  CHECK(cells_of(d.rows[0]) == "10:某县县级预算部门（单位）项目支出绩效目标表 2024 年度 ");
}

// A page turned back sets a stretch by its end: a 一级 label drifts right to
// the 二级 column's start and the row's 二级 label after it into that column
// (`效益指标      可持续影响`). Two category labels so, the 一级 column empty:
// each one column further left, the name a cell of its own.
TEST_CASE("text reader: layout text's 一级 label drifted into the 二级 column moves both labels back") {
  const std::string text = kGridHeader + grid_row("数量指标", "运营线路", "4条") +
                           line_at({{18, "效益指标"}, {23, "可持续影响"}, {30, "长效管理"}, {44, "健全"}, {52, "可持续影响"},
                                    {62, "长效管理"}, {76, "健全"}}) +
                           "负责人：张三\n\f";
  CellDocument d = cells_from_text(text, "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.rows.size() == 4);
  CHECK(cells_of(d.rows[2]) == "20:可持续影响 30:长效管理 44:健全 52:可持续影响 62:长效管理 76:健全 ");
}

// 二级 labels on the upper of their groups' two middle lines (Chromium with
// Noto CJK): 时效指标 fits its two rows and, as well, the four rows from the
// second to the fifth (the upper of their middle lines too). The 一级 labels
// tell the readings apart: 产出指标 stands on the upper middle line of the
// first four rows, 效益指标 on the middle of the last three.
TEST_CASE("text reader: layout text's 二级 groups read with the 一级 labels over them") {
  auto row = [](const std::string& name, const std::string& value) {
    return line_at({{30, name}, {44, value}, {62, name}, {76, value}});
  };
  const std::string text = kGridHeader + grid_row("数量指标", "道路长度", "10米") +
                           line_at({{10, "产出指标"}, {30, "桥梁数量"}, {44, "2座"}, {62, "桥梁数量"}, {76, "2座"}}) +
                           grid_row("时效指标", "完工时间", "7月") + row("开工时间", "1月") + row("绿化面积", "5亩") +
                           line_at({{10, "效益指标"}, {20, "生态效益"}, {30, "空气质量"}, {44, "改善"}, {52, "生态效益"},
                                    {62, "空气质量"}, {76, "改善"}}) +
                           row("水质达标", "达标") + "负责人：张三\n\f";
  CellDocument d = cells_from_text(text, "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.rows.size() == 9);
  CHECK(cells_of(d.rows[2]) == "20:数量指标 30:桥梁数量 44:2座 52:数量指标 62:桥梁数量 76:2座 ");
  CHECK(cells_of(d.rows[4]) == "20:时效指标 30:开工时间 44:1月 52:时效指标 62:开工时间 76:1月 ");
  CHECK(cells_of(d.rows[5]) == "20:生态效益 30:绿化面积 44:5亩 52:生态效益 62:绿化面积 76:5亩 ");
}

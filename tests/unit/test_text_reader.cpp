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

// pdftotext prints some pages turned by /Rotate backwards, lines of
// neighbouring rows interleaved: such a page is not read, and says why.
TEST_CASE("text reader: layout text printed backwards is not read") {
  const std::string backwards = "称名目项      目项某\n码代及门部管主      局某\n标指级一  标指级二\n";
  const std::string forwards = "项目名称      某项目\n";
  CellDocument d = cells_from_text(forwards + "\f" + backwards, "t.txt", &kGridLabels, &kGridRoles);
  REQUIRE(d.notes.size() == 1);
  CHECK(d.notes[0].message.find("page 2: text printed backwards") == 0);
  REQUIRE(d.rows.size() == 1);
  CHECK(d.rows[0].cells[0].text == "项目名称");
  CHECK_THROWS_AS(cells_from_text(backwards + "\f" + backwards, "t.txt", &kGridLabels, &kGridRoles), InputError);
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
  std::unordered_map<std::string, std::string> roles = kGridRoles;
  roles.emplace("总体目标", "goals.row");
  roles.emplace("实施期目标", "goals.period");
  roles.emplace("年度目标", "goals.annual");
  std::unordered_set<std::string> labels = kGridLabels;
  labels.insert({"总体目标", "实施期目标", "年度目标"});
  const std::string text = line_at({{10, "实施期目标"}, {60, "年度目标"}}) + line_at({{50, "完成一期工程建设，"}}) +
                           line_at({{10, "完成一期工程建设，消除安全"}}) + line_at({{0, "总体目标"}, {50, "消除安全隐患。"}}) +
                           line_at({{10, "隐患。"}}) + kGridHeader +
                           line_at({{20, "数量指标"}, {30, "运营线路"}, {44, "4条"}, {52, "数量指标"}, {62, "运营线路"}, {76, "4条"}}) +
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

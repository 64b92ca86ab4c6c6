// Marking what OCR may have misread (rule ocr-uncertain): the rules that
// find a doubtful reading the engine was confident of.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "tests/unit/support.h"
#include "extract/text_reader.h"
#include "normalize/normalize.h"
#include "normalize/ocr_review.h"

using namespace perfgoal;
using perfgoal::test::kFormHead;
using perfgoal::test::kFormTail;
using perfgoal::test::templates;

namespace {

// The form as OCR would give it: every cell read with `confidence`.
Normalized run_as_ocr(const std::string& text, float confidence) {
  CellDocument doc = cells_from_text(text, "t.txt");
  for (auto& row : doc.rows)
    for (auto& c : row.cells) c.confidence = confidence;
  return normalize(doc, templates());
}

std::vector<std::string> uncertain_fields(const Normalized& n) {
  std::vector<std::string> out;
  for (const auto& f : n.findings)
    if (f.rule == "ocr-uncertain") out.push_back(f.field);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("OCR review: names of the two halves a character apart disagree") {
  CHECK(halves_disagree("新建公墓数量", "新建公草数量"));
  CHECK(halves_disagree("群众满意度", "群众满章度"));
  CHECK(halves_disagree("道路硬化长度（公里）", "道路硬化长度(公理)"));  // brackets folded, 里/理
  CHECK(halves_disagree("新建公墓数量", "新建公墓数最"));
  CHECK(halves_disagree("新建公墓数量", "新建墓数量"));  // a character lost inside
  CHECK(halves_disagree("工程质量合格率", "格工率程质量合"));  // the same glyphs out of order
}

TEST_CASE("OCR review: equal names, names cut short and different names agree") {
  CHECK_FALSE(halves_disagree("新建公墓数量", "新建公墓数量"));
  CHECK_FALSE(halves_disagree("财政资金使用效率", "财政资金使用效"));  // cut short by its cell
  CHECK_FALSE(halves_disagree("道路硬化长度（公里）", "道路硬化长度(公里)"));  // only the brackets' width
  CHECK_FALSE(halves_disagree("完成率", "及时率"));                   // two in three: other names
  CHECK_FALSE(halves_disagree("项目完成及时率", "资金到位率"));
  CHECK_FALSE(halves_disagree("面积", "面织"));                       // too short to tell
  CHECK_FALSE(halves_disagree("", "新建公墓数量"));
}

TEST_CASE("OCR review: a name read confidently but unlike the other half's is an ocr-uncertain finding") {
  const std::string rows = "\t产出指标\t数量指标\t新建公墓数量\t1个\t数量指标\t新建公草数量\t1个\n"
                           "\t\t质量指标\t验收合格率\t100%\t质量指标\t验收合格率\t100%\n";
  Normalized n = run_as_ocr(kFormHead + rows + kFormTail, 99);
  REQUIRE(n.records.size() == 1);
  CHECK(*n.records[0].indicators.period[0].name == "新建公墓数量");  // text is evidence: neither changed
  CHECK(*n.records[0].indicators.annual[0].name == "新建公草数量");
  CHECK(uncertain_fields(n) == std::vector<std::string>{"indicators.annual[0].name", "indicators.period[0].name"});
  auto it = std::find_if(n.findings.begin(), n.findings.end(), [](const Finding& f) {
    return f.field == "indicators.annual[0].name";
  });
  REQUIRE(it != n.findings.end());
  CHECK(it->message.find("«新建公草数量»") != std::string::npos);
  CHECK(it->message.find("«新建公墓数量»") != std::string::npos);
}

TEST_CASE("OCR review: the halves rule is for OCR'd cells only, and one finding a field") {
  const std::string rows = "\t产出指标\t数量指标\t新建公墓数量\t1个\t数量指标\t新建公草数量\t1个\n";
  CHECK(uncertain_fields(normalize(cells_from_text(kFormHead + rows + kFormTail, "t.txt"), templates())).empty());
  // Read with little confidence: reported once, for the confidence.
  Normalized n = run_as_ocr(kFormHead + rows + kFormTail, 50);
  auto fields = uncertain_fields(n);
  CHECK(std::count(fields.begin(), fields.end(), "indicators.annual[0].name") == 1);
  CHECK(std::count(fields.begin(), fields.end(), "indicators.period[0].name") == 1);
}

TEST_CASE("OCR review: readings that look misread though the engine was sure") {
  CHECK(doubtful_reading("：0355-3479039", "sign_off.phone") != "");   // the label's colon
  CHECK(doubtful_reading("，促进上党区经济转型发展", "necessity") != "");
  CHECK(doubtful_reading("2025年]-12月", "schedule") != "");           // a 1 read as ]
  CHECK(doubtful_reading("共|2个", "overview") != "");
  CHECK(doubtful_reading("新兴产业奖补（（原招商引资项目履约资金）", "project.name") != "");
  CHECK(doubtful_reading("实现垃圾“资源化”、“无害化“的目标，进行”资源化“、”无害化“处理", "overview") != "");
  CHECK(doubtful_reading("≥0000吨", "indicators.annual[0].value") != "");  // 70000: a digit lost
  CHECK(doubtful_reading("00%", "indicators.period[2].value") != "");
  CHECK(doubtful_reading("05300000", "funds.annual.total") != "");
  CHECK(doubtful_reading("1面向内部管理2以行业标准作为依据3.在整个项目的实施中4.设备选型", "safeguards") != "");
  CHECK(doubtful_reading("1提交上党经开区党工委会研究；2区财政局对工程进度进行审核；3提请区财政局同意后予以支付。", "safeguards") != "");
}

TEST_CASE("OCR review: numbers that count something, or do not start items, are no list without points") {
  CHECK(doubtful_reading("1年内完成建设；2年内完成验收", "schedule") == "");
  CHECK(doubtful_reading("新建2处，改建3处", "overview") == "");
  CHECK(doubtful_reading("1.提交研究；2.审核；3.支付", "safeguards") == "");
}

TEST_CASE("OCR review: a category read with a label's colon is an ocr-uncertain finding") {
  const std::string rows = "\t产出指标\t数量指标：\t道路\t1条\t数量指标\t道路\t1条\n";
  Normalized n = run_as_ocr(kFormHead + rows + kFormTail, 99);
  REQUIRE(n.records.size() == 1);
  CHECK(uncertain_fields(n) == std::vector<std::string>{"indicators.period[0].level2"});
  // Read from a text file: nothing to mark.
  CHECK(uncertain_fields(normalize(cells_from_text(kFormHead + rows + kFormTail, "t.txt"), templates())).empty());
}

TEST_CASE("OCR review: marks that do not pair up, stops twice over, stray marks and dashes for 一 are doubtful") {
  CHECK(doubtful_reading("全部是“新能源汽车", "indicators.period[2].name") != "");      // ” lost
  CHECK(doubtful_reading("推进山西长治）中药材商贸平台建设", "goals.period") != "");    // （ lost
  CHECK(doubtful_reading("认真贯彻落实《文物保护法》、“《实施条例》", "necessity") != "");  // a speck read as “
  CHECK(doubtful_reading("工作端施（方案、规划等1、提高安全防范意识", "safeguards") != "");  // ） lost
  CHECK(doubtful_reading("可改善居民生活环境，，保护国家非物质文化遗产", "indicators.period[5].value") != "");
  CHECK(doubtful_reading("1、制定工作计划和方案；，2、加强制度建设", "safeguards") != "");
  CHECK(doubtful_reading("安定团结.，稳定人心", "indicators.period[2].name") != "");
  CHECK(doubtful_reading("常务会议纪要2020年第23次*", "basis") != "");
  CHECK(doubtful_reading("-次性项目", "project.attribute") != "");
  CHECK(doubtful_reading("2021年9月一2022年1月完成", "schedule") != "");  // — read as 一
  CHECK(doubtful_reading("1提交党工委研究；2区财政局审核；3.提请区财政局同意后予以支付。", "safeguards") != "");
  CHECK(doubtful_reading("1提交党工委研究； 2 区财政局审核；3.提请区财政局同意后予以支付。", "safeguards") != "");  // OCR's spaces
  CHECK(doubtful_reading("一次性项目（1年结束）：", "project.attribute") != "");  // the next label's colon
  CHECK(doubtful_reading("(1）是响应国家政策号召；（2）是促进经济转型升级", "necessity") != "");  // ( for （
  CHECK(doubtful_reading("建立质量保证体系，重视安全生产.", "safeguards") != "");
  CHECK(doubtful_reading("上党经济技术开发区管理委员会“.", "project.department") != "");
}

TEST_CASE("OCR review: a text ending on a comma, 、 or semicolon is doubtful") {
  CHECK(doubtful_reading("上党区人民政府常务会议纪要，", "basis") == "it ends with «，»");
  CHECK(doubtful_reading("道路、桥梁、", "overview") == "it ends with «、»");
  CHECK(doubtful_reading("加强管理；", "safeguards") == "it ends with «；»");
  CHECK(doubtful_reading("上党区人民政府常务会议纪要", "basis") == "");
  CHECK(doubtful_reading("加强管理；提高水平。", "safeguards") == "");
}

TEST_CASE("OCR review: a value with a Chinese reading of its sign or digits after its unit is doubtful") {
  // Two rows' cells read as one, ≥ read as 二; 元 read as 7.
  CHECK(doubtful_reading("完善二90%", "indicators.annual[7].value") == "a Chinese character where a sign stands (≥ ≤?)");
  CHECK(doubtful_reading("之95%", "indicators.period[0].value") != "");
  CHECK(doubtful_reading("125万7", "indicators.period[1].value") == "digits after its unit");
  CHECK(doubtful_reading("≥31个5", "indicators.period[1].value") == "digits after its unit");
  CHECK(doubtful_reading("≥85%4", "indicators.period[1].value") == "digits after its unit");
  // A sign before a bare number: its unit or % read as digits (≥8590 for ≥85%).
  CHECK(doubtful_reading("≥8590", "indicators.period[1].value") == "a sign before a number without its unit or %");
  CHECK(doubtful_reading("≤2526.97", "indicators.period[1].value") != "");
  CHECK(doubtful_reading("2526.97", "indicators.period[1].value") == "");
  CHECK(doubtful_reading("≥90%", "indicators.period[1].value") == "");
  // As forms print values: a word before the number, a date, a range, a ratio.
  CHECK(doubtful_reading("不低于90%", "indicators.period[0].value") == "");
  CHECK(doubtful_reading("2025年12月", "indicators.period[0].value") == "");
  CHECK(doubtful_reading("2025年12月底前", "indicators.period[0].value") == "");
  CHECK(doubtful_reading("1和2号楼", "indicators.period[0].value") == "");
  CHECK(doubtful_reading("≥125万元", "indicators.period[0].value") == "");
  CHECK(doubtful_reading("第二期", "indicators.period[0].value") == "");
  // Only values: a text may well say 和2个 or 125万7千.
  CHECK(doubtful_reading("道路和2座桥", "overview") == "");
  CHECK(doubtful_reading("125万7", "overview") == "");
}

TEST_CASE("OCR review: a list separated by both semicolons and commas is doubtful") {
  const std::string mixed = "its list's items are separated by both ； and ，";
  CHECK(doubtful_reading("一是完成工程前期立项等工作，二是要做好预判，及时协调解决；三是足额预算工程资金。", "schedule") == mixed);
  CHECK(doubtful_reading("1、严格按照合同约定，确保工程进度，2、积极申请项目资金；3、资金到位后支付。", "schedule") == mixed);
  CHECK(doubtful_reading("（1）加强管理；（2）提高水平，（3）按时完成。", "safeguards") == mixed);
  // One separator throughout, commas inside the items, a list's numbers after other marks.
  CHECK(doubtful_reading("一是完成工程前期立项等工作；二是要做好预判，及时协调解决；三是足额预算工程资金。", "schedule") == "");
  CHECK(doubtful_reading("1、严格按照合同约定，确保工程进度，2、积极申请项目资金，3、资金到位后支付。", "schedule") == "");
  CHECK(doubtful_reading("区域内的1、2、3、4路任何一辆公交车上，全部享受免费乘坐；共有公交车33部。", "overview") == "");
  CHECK(doubtful_reading("资金到位后，第一时间支付；按进度拨付，3.5万元一次付清。", "schedule") == "");
}

TEST_CASE("OCR review: a long text is reported below a higher confidence than a short one") {
  auto flagged = [](const std::string& text, float confidence) {
    Cell c;
    c.text = text;
    c.confidence = confidence;
    std::vector<Finding> findings;
    flag_uncertain(c, "overview", "t.pdf", 0, findings);
    return findings.size() == 1 && findings[0].rule == "ocr-uncertain";
  };
  const std::string short_text = "上党区人民政府常务会议纪要";                       // 13 characters
  const std::string long_text = "该项目主要为提升我区空气质量，安装扬尘在线监测设施、除每路灯";  // 30
  CHECK(flagged(short_text, 91.9f));
  CHECK_FALSE(flagged(short_text, 92));  // a sign read by its shape is given 92
  CHECK(flagged(long_text, 93.9f));
  CHECK_FALSE(flagged(long_text, 94));
  CHECK_FALSE(flagged(long_text, -1));   // not OCR
}

TEST_CASE("OCR review: readings as forms print them are not doubtful") {
  CHECK(doubtful_reading("全部是“新能源汽车”", "indicators.period[2].name") == "");
  CHECK(doubtful_reading("推进山西（长治）中药材商贸平台建设", "goals.period") == "");
  CHECK(doubtful_reading("1）提高服务水平；2）加强管理", "safeguards") == "");  // a list's closing brackets
  CHECK(doubtful_reading("一）提高服务水平；二）加强管理", "safeguards") == "");
  CHECK(doubtful_reading("印发<长治市实施意见>的通知", "basis") == "");
  CHECK(doubtful_reading("预计6月-12月支付，5-11月开工", "schedule") == "");  // ranges
  CHECK(doubtful_reading("BZZ-100标准", "overview") == "");
  CHECK(doubtful_reading("2021年9月—2022年1月完成，一年内完成100%", "schedule") == "");  // — as printed, 一 before 年
  CHECK(doubtful_reading("共建2处，另有3.5公里道路", "overview") == "");  // one point: a decimal, no list
  CHECK(doubtful_reading("山西(长治)中药材，（1）是响应", "goals.period") == "");  // each pair of one width
  CHECK(doubtful_reading("月人均工资：2813）、职工福利", "overview") == "");  // after a number
  CHECK(doubtful_reading("职工工资2,700,000元，月平均工资2813元。", "overview") == "");
  CHECK(doubtful_reading("0355-3479039", "sign_off.phone") == "");
  CHECK(doubtful_reading("0.5万元", "indicators.period[0].value") == "");
  CHECK(doubtful_reading("≤0.3%", "indicators.period[0].value") == "");
  CHECK(doubtful_reading("2025年01月", "schedule") == "");  // only amounts and values
  CHECK(doubtful_reading("发改投资〔2006〕1325号", "basis") == "");
  CHECK(doubtful_reading("[2]号文", "basis") == "");
  CHECK(doubtful_reading("实现垃圾“资源化”、“无害化”的目标", "overview") == "");
  CHECK(doubtful_reading("1.面向内部管理2.以行业标准作为依据3.在整个项目的实施中", "safeguards") == "");
  CHECK(doubtful_reading("新建2处，改建3处：1.道路2.桥梁", "overview") == "");  // numbers in the text, not the list's
  CHECK(doubtful_reading(".促进上党区经济转型发展", "necessity") == "");
  CHECK(doubtful_reading("", "title") == "");
}

TEST_CASE("OCR review: a value read with confidence but starting with its label's colon is an ocr-uncertain finding") {
  const std::string rows = "\t产出指标\t数量指标\t道路\t1条\t数量指标\t道路\t00%\n";
  Normalized n = run_as_ocr(kFormHead + rows + kFormTail, 99);
  CHECK(uncertain_fields(n) == std::vector<std::string>{"indicators.annual[0].value"});
  CHECK(uncertain_fields(normalize(cells_from_text(kFormHead + rows + kFormTail, "t.txt"), templates())).empty());
}

TEST_CASE("OCR review: a name with a quote mark lost is an ocr-uncertain finding in each half") {
  const std::string rows = "\t产出指标\t数量指标\t全部是“新能源汽车\t33部\t数量指标\t全部是“新能源汽车\t33部\n";
  Normalized n = run_as_ocr(kFormHead + rows + kFormTail, 99);
  CHECK(uncertain_fields(n) == std::vector<std::string>{"indicators.annual[0].name", "indicators.period[0].name"});
  auto it = std::find_if(n.findings.begin(), n.findings.end(), [](const Finding& f) {
    return f.field == "indicators.period[0].name";
  });
  REQUIRE(it != n.findings.end());
  CHECK(it->message.find("do not pair up") != std::string::npos);
}

TEST_CASE("OCR review: a value in its label's cell is judged by itself") {
  // The sign-off in one cell, as a scan gives it: the phone read with its label's second colon.
  const std::string tail = "负责人：张三\t经办人：李四\t联系电话：：0355-3479039\t填报日期：20241217090709\n";
  const std::string rows = "\t产出指标\t数量指标\t道路\t1条\t数量指标\t道路\t1条\n";
  Normalized n = run_as_ocr(kFormHead + rows + tail, 99);
  REQUIRE(n.records.size() == 1);
  REQUIRE(n.records[0].sign_off.phone);
  CHECK(*n.records[0].sign_off.phone == "：0355-3479039");  // text is evidence: kept as read
  CHECK(uncertain_fields(n) == std::vector<std::string>{"sign_off.phone"});
  auto it = std::find_if(n.findings.begin(), n.findings.end(), [](const Finding& f) { return f.field == "sign_off.phone"; });
  REQUIRE(it != n.findings.end());
  CHECK(it->message.find("«：0355-3479039»") != std::string::npos);
}

TEST_CASE("OCR review: a value that starts with another field's label marks both fields") {
  // 填报日期's colon read as a comma: the label did not split, its cell became 联系电话's value.
  // Where digits follow, the comma is the label's colon (colon_after_label): the date is read.
  const std::string rows = "\t产出指标\t数量指标\t道路\t1条\t数量指标\t道路\t1条\n";
  Normalized dated = run_as_ocr(kFormHead + rows + "负责人：张三\t经办人：李四\t联系电话\t填报日期，20250123231332\n", 99);
  REQUIRE(dated.records.size() == 1);
  CHECK_FALSE(dated.records[0].sign_off.phone);
  CHECK(dated.records[0].sign_off.filed_at.has_value());
  // Else the cell is 联系电话's value, kept as read, and both fields are marked.
  const std::string tail = "负责人：张三\t经办人：李四\t联系电话\t填报日期，二〇二五年一月\n";
  Normalized n = run_as_ocr(kFormHead + rows + tail, 99);
  REQUIRE(n.records.size() == 1);
  REQUIRE(n.records[0].sign_off.phone);
  CHECK(*n.records[0].sign_off.phone == "填报日期，二〇二五年一月");  // kept as read
  CHECK(uncertain_fields(n) == std::vector<std::string>{"sign_off.filed_at", "sign_off.phone"});
  // The same read from a text file (no OCR): nothing to mark.
  CHECK(uncertain_fields(normalize(cells_from_text(kFormHead + rows + tail, "t.txt"), templates())).empty());
  // A value that only starts like a label is not one.
  const std::string tail2 = "负责人：张三\t经办人：李四\t联系电话\t0355-3479039\t填报日期：20241217090709\n";
  CHECK(uncertain_fields(run_as_ocr(kFormHead + rows + tail2, 99)).empty());
}

TEST_CASE("OCR review: a sign-off value holding another sign-off label further on marks both fields") {
  // 填报日期's colon lost: the sign-off line was not cut before it.
  const std::string rows = "\t产出指标\t数量指标\t道路\t1条\t数量指标\t道路\t1条\n";
  const std::string tail = "负责人：赵丽经办人：王晓明联系电话：0355-8478769填报日期2025-01-17\n";
  Normalized n = run_as_ocr(kFormHead + rows + tail, 99);
  REQUIRE(n.records.size() == 1);
  CHECK(uncertain_fields(n) == std::vector<std::string>{"sign_off.filed_at", "sign_off.phone"});
  // Read from a text file: nothing to mark; with the colon: nothing either.
  CHECK(uncertain_fields(normalize(cells_from_text(kFormHead + rows + tail, "t.txt"), templates())).empty());
  const std::string whole = "负责人：赵丽经办人：王晓明联系电话：0355-8478769填报日期：2025-01-17\n";
  CHECK(uncertain_fields(run_as_ocr(kFormHead + rows + whole, 99)).empty());
}

TEST_CASE("OCR review: a reading snaps to a known word it misreads, not to one it holds an ideograph more than") {
  auto snapped = [](const std::string& text) {
    Row row;
    Cell c;
    c.text = text;
    c.confidence = 99;
    row.cells.push_back(c);
    return snap_ocr_labels({row}, templates())[0].cells[0].text;
  };
  CHECK(snapped("年度资金总頟") == "年度资金总额");
  CHECK(snapped("年度资总额") == "年度资金总额");
  // an indicator's name: 项目资金 with 总 in it is another text
  CHECK(snapped("项目总资金") == "项目总资金");
  // a stray character after a whole label: the label
  CHECK(snapped("年度资金总额最") == "年度资金总额");
  // a cell ending in a label's colon is a label
  CHECK(snapped("年度资金总人额；") == "年度资金总额");
  // a category name with a character added
  CHECK(snapped("可和持续影响") == "可持续影响");
  // as close to two labels of one field (保证项目实施的制度、措施 and
  // 保证项目实施的制度措施): no tie
  CHECK(snapped("保证项目实施的制度` 措施") != "保证项目实施的制度` 措施");
  CHECK(label_key(snapped("保证项目实施的制度` 措施")).find("保证项目实施的制度") == 0);
  // as close to two words apart in a letter: a tie, left as read
  CHECK(snapped("项目资金(x元)") == "项目资金(x元)");
}

TEST_CASE("OCR review: a reading a character off a label of three characters snaps only in a row of labels") {
  auto snapped = [](const std::vector<std::string>& texts, size_t i) {
    Row row;
    for (const auto& text : texts) {
      Cell c;
      c.text = text;
      c.confidence = 99;
      row.cells.push_back(c);
    }
    return std::string(snap_ocr_labels({row}, templates())[0].cells[i].text.str());
  };
  // 项目期 read as 项目其 beside 项目属性: the label (the period was lost)
  CHECK(snapped({"项目属性", "一次性项目", "项目其", "1年"}, 2) == "项目期");
  CHECK(snapped({"项目属性", "一次性项目", "项目其：", "1年"}, 2) == "项目期");
  // alone, or in an indicator's row (an indicator named 项目数): as read
  CHECK(snapped({"项目其", "1年"}, 0) == "项目其");
  CHECK(snapped({"产出指标", "数量指标", "项目数", "3个"}, 2) == "项目数");
  // a value of the row, and a reading two characters off: as read
  CHECK(snapped({"项目属性", "一次性项目", "项目期", "三年期"}, 3) == "三年期");
  CHECK(snapped({"项目属性", "一次性项目", "项木其", "1年"}, 2) == "项木其");
}

TEST_CASE("OCR review: a header word of three characters read a character off in the header row snaps") {
  auto snapped = [](const std::vector<std::string>& texts, size_t i) {
    Row row;
    for (const auto& text : texts) {
      Cell c;
      c.text = text;
      c.confidence = 76;
      row.cells.push_back(c);
    }
    return std::string(snap_ocr_labels({row}, templates())[0].cells[i].text.str());
  };
  // 指标值 read as 指标什 in the header row (Calc's small grey text at 150 dpi)
  CHECK(snapped({"一级指标", "二级指标", "三级指标", "指标什"}, 3) == "指标值");
  // in an indicator's row, or beside a single header word: as read
  CHECK(snapped({"产出指标", "数量指标", "指标什", "3个"}, 2) == "指标什");
  CHECK(snapped({"三级指标", "指标什"}, 1) == "指标什");
}

TEST_CASE("OCR review: a label read a character off with its value in one cell snaps, the value as read") {
  std::vector<std::string> labels;
  for (const auto& t : templates())
    for (const auto& [key, field] : t.labels) labels.push_back(key);
  std::sort(labels.begin(), labels.end());
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  CHECK(snap_inline_label("坟报日期： 20241211162125", labels) == "填报日期： 20241211162125");
  CHECK(snap_inline_label("联系电舌：0355-8478769", labels) == "联系电话：0355-8478769");
  // a label as printed, a text that is no label, nothing after the colon: as read
  CHECK(snap_inline_label("填报日期：2024-12-11", labels) == "填报日期：2024-12-11");
  CHECK(snap_inline_label("完成时间：2025年", labels) == "完成时间：2025年");
  CHECK(snap_inline_label("坟报日期：", labels) == "坟报日期：");
  CHECK(snap_inline_label("2024-12-11 16:21:25", labels) == "2024-12-11 16:21:25");

  // The form: the date is read into its field, not into the phone's.
  const std::string form = std::string(kFormHead) + "负责人：\t张三\t经办人：\t\t联系电话：\t坟报日期： 20241217090709\n";
  CellDocument doc = cells_from_text(form, "t.txt");
  for (auto& row : doc.rows)
    for (auto& c : row.cells) c.confidence = 99;
  const Normalized n = normalize(doc, templates());
  REQUIRE(n.records.size() == 1);
  CHECK_FALSE(n.records[0].sign_off.phone);
  CHECK(n.records[0].sign_off.filed_at.value_or("") == "2024-12-17T09:07:09");
}

TEST_CASE("OCR review: a value whose sign was read as a Chinese character keeps its number and unit, and is marked") {
  const std::string form = std::string(kFormHead) + "\t产出指标\t数量指标\t服务对象满意度\t之90%\t数量指标\t服务对象满意度\t≥90%\n" + kFormTail;
  const Normalized ocr = run_as_ocr(form, 99);
  REQUIRE(ocr.records.size() == 1);
  REQUIRE(ocr.records[0].indicators.period.size() == 1);
  const auto& i = ocr.records[0].indicators.period[0];
  CHECK(i.value.value_or("") == "之90%");
  CHECK_FALSE(i.op);
  REQUIRE(i.amount);
  CHECK(i.amount->to_string() == "90");
  CHECK(i.unit.value_or("") == "%");
  const auto fields = uncertain_fields(ocr);
  CHECK(std::find(fields.begin(), fields.end(), "indicators.period[0].value") != fields.end());
  // Not read by OCR: a text as it stands, no reading made of it.
  CellDocument doc = cells_from_text(form, "t.txt");
  const Normalized text = normalize(doc, templates());
  CHECK_FALSE(text.records[0].indicators.period[0].amount);
}

TEST_CASE("OCR review: a funds amount read in one column and left blank in the other is marked in the blank one") {
  std::string head = kFormHead;
  const std::string row = "\t\t其中：中央财政资金\t0\t其中：中央财政资金\t0\n";
  REQUIRE(head.find(row) != std::string::npos);
  head.replace(head.find(row), row.size(), "\t\t其中：中央财政资金\t0\t其中：中央财政资金\n");
  const std::string form = head + "\t产出指标\t数量指标\t道路\t1条\t数量指标\t道路\t1条\n" + kFormTail;
  const Normalized ocr = run_as_ocr(form, 99);
  REQUIRE(ocr.records.size() == 1);
  CHECK_FALSE(ocr.records[0].funds.annual.central);  // nothing made up
  const auto fields = uncertain_fields(ocr);
  CHECK(std::count(fields.begin(), fields.end(), "funds.annual.central") == 1);
  CHECK(std::count(fields.begin(), fields.end(), "funds.period.central") == 0);
  // Both columns read, or a text input: no such finding.
  CHECK(uncertain_fields(run_as_ocr(kFormHead + "\t产出指标\t数量指标\t道路\t1条\t数量指标\t道路\t1条\n" + kFormTail, 99)).empty());
  CellDocument doc = cells_from_text(form, "t.txt");
  CHECK(uncertain_fields(normalize(doc, templates())).empty());
}

TEST_CASE("OCR review: a label starting a cell, then a comma, semicolon or spaces and digits, takes its colon") {
  const std::vector<std::string> labels = {"填报日期", "联系电话", "负责人"};
  CHECK(colon_after_label("填报日期，2025-01-15T11:25:55", labels) == "填报日期：2025-01-15T11:25:55");
  CHECK(colon_after_label("填报日期 2025-01-24T10:05:14", labels) == "填报日期：2025-01-24T10:05:14");
  CHECK(colon_after_label(" 联系电话; 0355-1234", labels) == " 联系电话：0355-1234");
  // no digits after it, a colon already, a label of three characters, not at the start: as read
  CHECK(colon_after_label("填报日期，见附件", labels) == "");
  CHECK(colon_after_label("填报日期：2025-01-15", labels) == "");
  CHECK(colon_after_label("负责人，13812345678", labels) == "");
  CHECK(colon_after_label("于填报日期，2025", labels) == "");
  // the whole form: the date is read
  auto sign_off = [](const std::string& cell) {
    std::string form = kFormHead + "\t产出指标\t数量指标\t道路\t1条\t数量指标\t道路\t1条\n" + "负责人：\t张三\t" + cell + "\n";
    return run_as_ocr(form, 99);
  };
  Normalized n = sign_off("填报日期，2024-12-17");
  REQUIRE(n.records.size() == 1);
  CHECK(n.records[0].sign_off.filed_at.has_value());
  // A grid's label is none of the sign-off's: the goals header read as one
  // cell with a bar between (实施期目标 1 年度目标) stays as read.
  Row row;
  Cell c;
  c.text = "实施期目标 1 年度目标";
  c.confidence = 99;
  row.cells.push_back(c);
  CHECK(std::string(snap_ocr_labels({row}, templates())[0].cells[0].text.str()) == "实施期目标 1 年度目标");
}

TEST_CASE("OCR review: the years a 项目属性 detail says") {
  CHECK(years_in_detail("1年结束") == 1);
  CHECK(years_in_detail("11年结束") == 11);
  CHECK(years_in_detail("3年") == 3);
  CHECK_FALSE(years_in_detail("长期开展").has_value());
  CHECK_FALSE(years_in_detail("阶段开展").has_value());
  CHECK_FALSE(years_in_detail("2025").has_value());
}

TEST_CASE("OCR review: 项目属性's years and 项目期 read confidently but apart mark both") {
  std::string head = kFormHead;
  const std::string one = "项 目 日 期\t\t1年\n", eleven = "项 目 日 期\t\t11年\n";
  REQUIRE(head.find(one) != std::string::npos);
  head.replace(head.find(one), one.size(), eleven);
  const std::string rows = "\t产出指标\t数量指标\t新建公墓数量\t1个\t数量指标\t新建公墓数量\t1个\n";
  Normalized n = run_as_ocr(head + rows + kFormTail, 99);
  REQUIRE(n.records.size() == 1);
  CHECK(n.records[0].project.attribute_detail == "1年结束");  // both stay as read
  CHECK(n.records[0].project.period_years == 11);
  const auto fields = uncertain_fields(n);
  CHECK(std::count(fields.begin(), fields.end(), "project.attribute_detail") == 1);
  CHECK(std::count(fields.begin(), fields.end(), "project.period_years") == 1);

  // Agreeing (1年结束, 1年): nothing to check; nor where the form was not OCR'd.
  Normalized agree = run_as_ocr(kFormHead + rows + kFormTail, 99);
  const auto none = uncertain_fields(agree);
  CHECK(std::count(none.begin(), none.end(), "project.attribute_detail") == 0);
  CHECK(std::count(none.begin(), none.end(), "project.period_years") == 0);
  Normalized text = normalize(cells_from_text(head + rows + kFormTail, "t.txt"), templates());
  CHECK(uncertain_fields(text).empty());
}

TEST_CASE("OCR review: a 项目属性 detail lost with a doubtful reading of its cell is marked too") {
  std::string head = kFormHead;
  const std::string cell = "一次性项目（1年结束）\t", speck = "一次性项目（1年结束） “\t";
  REQUIRE(head.find(cell) != std::string::npos);
  head.replace(head.find(cell), cell.size(), speck);
  const std::string rows = "\t产出指标\t数量指标\t新建公墓数量\t1个\t数量指标\t新建公墓数量\t1个\n";
  Normalized n = run_as_ocr(head + rows + kFormTail, 99);
  REQUIRE(n.records.size() == 1);
  CHECK_FALSE(n.records[0].project.attribute_detail.has_value());  // nothing made up
  const auto fields = uncertain_fields(n);
  CHECK(std::count(fields.begin(), fields.end(), "project.attribute") == 1);
  CHECK(std::count(fields.begin(), fields.end(), "project.attribute_detail") == 1);

  // Read whole, the detail is no doubt of its own.
  Normalized whole = run_as_ocr(kFormHead + rows + kFormTail, 99);
  CHECK(uncertain_fields(whole).empty());
}

TEST_CASE("OCR review: a comma, semicolon or colon read in both widths in one text is doubtful") {
  CHECK(doubtful_reading("通过补贴政策,增加公交线路。通过补贴政策，鼓励企业提升服务质量", "goals.annual") != "");
  CHECK(doubtful_reading("5月份开工,5-11月根据项目进展支付资金；6月验收", "schedule") == "");  // one width each
  CHECK(doubtful_reading("4月份完成采购工作，5月份开工,5-11月支付资金。", "schedule") != "");
  CHECK(doubtful_reading("一是加强管理；二是严格验收;三是按时支付", "safeguards") != "");
  CHECK(doubtful_reading("总投资1,200万元，已完成过半", "overview") == "");  // a thousands comma is no comma of the text
  CHECK(doubtful_reading("会议时间：2024年5月10日10:30", "basis") == "");     // nor a time's colon
}

TEST_CASE("OCR review: a value read with a strict sign before its number is doubtful") {
  CHECK(doubtful_reading(">31个", "indicators.period[0].value") != "");
  CHECK(doubtful_reading("<300万元", "indicators.annual[3].value") != "");
  CHECK(doubtful_reading("＞90%", "indicators.annual[4].value") != "");
  CHECK(doubtful_reading("≥31个", "indicators.period[0].value") == "");
  CHECK(doubtful_reading("≤300万元", "indicators.annual[3].value") == "");
  CHECK(doubtful_reading(">31个", "overview") == "");  // a value's sign only
}

TEST_CASE("OCR review: a 项目属性 detail read with a bracket that pairs with nothing is marked") {
  std::string head = kFormHead;
  const std::string cell = "一次性项目（1年结束）\t", doubled = "一次性项目（（1年结束）\t";
  REQUIRE(head.find(cell) != std::string::npos);
  head.replace(head.find(cell), cell.size(), doubled);
  const std::string rows = "\t产出指标\t数量指标\t新建公墓数量\t1个\t数量指标\t新建公墓数量\t1个\n";
  Normalized n = run_as_ocr(head + rows + kFormTail, 99);
  REQUIRE(n.records.size() == 1);
  CHECK(n.records[0].project.attribute_detail == "（1年结束");  // as read
  const auto fields = uncertain_fields(n);
  CHECK(std::count(fields.begin(), fields.end(), "project.attribute_detail") == 1);
}

TEST_CASE("OCR review: characters the engine had another choice for, of the kinds misread with confidence") {
  const float close = kOcrCloseChoice + 10;
  // A Chinese character with another close behind it: 公草 for 公墓.
  CHECK(doubted_characters({OcrDoubt{U'草', U'墓', close}}, "公草工程质量", kOcrCloseChoice) ==
        "«草» or «墓» " + std::to_string(static_cast<int>(close)) + "%");
  // A digit whose other choice is a sign (290% for ≥90%) or another digit.
  CHECK(doubted_characters({OcrDoubt{U'2', U'≥', close}}, "290%", kOcrCloseChoice) != "");
  CHECK(doubted_characters({OcrDoubt{U'3', U'8', close}}, "3个", kOcrCloseChoice) != "");
  // A letter in Chinese text (a speck): 22b0万元.
  CHECK(doubted_characters({OcrDoubt{U'b', U'6', close}}, "22b0万元", kOcrCloseChoice) != "");
  // Other kinds are not: a bracket's other shapes, a digit's letters, a letter in Latin text.
  CHECK(doubted_characters({OcrDoubt{U'）', U'》', close}}, "（公墓）", kOcrCloseChoice) == "");
  CHECK(doubted_characters({OcrDoubt{U'2', U'Z', close}}, "290%", kOcrCloseChoice) == "");
  CHECK(doubted_characters({OcrDoubt{U'b', U'6', close}}, "QQ b", kOcrCloseChoice) == "");
  // A choice below the confidence asked for, or a character not in the text (another field's part of the cell).
  CHECK(doubted_characters({OcrDoubt{U'草', U'墓', close}}, "公草工程质量", close + 1) == "");
  CHECK(doubted_characters({OcrDoubt{U'草', U'墓', close}}, "公墓工程质量", kOcrCloseChoice) == "");
  // The surest first, three at most.
  const std::vector<OcrDoubt> many{{U'骨', U'滑', close}, {U'厌', U'灰', close + 5}, {U'堂', U'党', close + 1},
                                   {U'建', U'健', close + 2}};
  const std::string said = doubted_characters(many, "骨厌堂建设", kOcrCloseChoice);
  CHECK(said.starts_with("«厌» or «灰»"));
  CHECK(said.find("«骨»") == std::string::npos);
}

TEST_CASE("OCR review: a sure reading with a character the engine had another close choice for is marked") {
  auto findings_for = [](std::vector<OcrDoubt> doubts) {
    Cell c;
    c.text = "公草工程质量";
    c.confidence = 97;  // sure of itself: no finding by confidence
    c.page = 2;
    c.box = Box{56, 300, 200, 320};
    c.doubts = std::move(doubts);
    std::vector<Finding> findings;
    flag_uncertain(c, "indicators.period[2].name", "t.pdf", 1, findings);
    return findings;
  };
  CHECK(findings_for({}).empty());
  CHECK(findings_for({OcrDoubt{U'草', U'墓', kOcrCloseChoice - 1}}).empty());
  const auto found = findings_for({OcrDoubt{U'草', U'墓', kOcrCloseChoice + 10}});
  REQUIRE(found.size() == 1);
  CHECK(found[0].rule == "ocr-uncertain");
  CHECK(found[0].field == "indicators.period[2].name");
  CHECK(found[0].record == 1);
  CHECK(found[0].where.page == 2);
  CHECK(found[0].message.find("«草» or «墓»") != std::string::npos);
  CHECK(found[0].message.find("page 2, box 56,300–200,320") != std::string::npos);
}

TEST_CASE("OCR review: a finding by the engine's choices gives way to the other rules' findings of its field") {
  Cell name, other;
  name.text = "公草工程质量";
  name.confidence = 97;
  name.doubts = {OcrDoubt{U'草', U'墓', kOcrCloseChoice + 10}};
  other.text = "公墓工程质量";
  other.confidence = 97;
  std::vector<Finding> findings;
  flag_uncertain(name, "indicators.period[2].name", "t.pdf", 0, findings);
  REQUIRE(findings.size() == 1);
  // The halves rule still says its reason, as though the first were not there.
  flag_disagreeing_halves(name, other, "indicators.period[2].name", "t.pdf", 0, findings);
  REQUIRE(findings.size() == 2);
  flag_uncertain(name, "indicators.annual[2].name", "t.pdf", 0, findings);
  REQUIRE(findings.size() == 3);
  drop_choices_reported_otherwise(findings);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].field == "indicators.period[2].name");
  CHECK(findings[0].message.find("other half") != std::string::npos);
  CHECK(findings[1].field == "indicators.annual[2].name");
  CHECK(findings[1].message.find("«草» or «墓»") != std::string::npos);
}

#include <doctest/doctest.h>

#include <random>
#include <string>

#include "normalize/value_reader.h"

using perfgoal::read_money;
using perfgoal::read_value;

namespace {
struct Want {
  const char* value;
  const char* op;      // nullptr: null
  const char* amount;  // nullptr: null
  const char* unit;    // nullptr: null
};

void check(const Want& w) {
  CAPTURE(w.value);
  auto r = read_value(w.value);
  if (w.op) {
    REQUIRE(r.op);
    CHECK(*r.op == w.op);
  } else {
    CHECK_FALSE(r.op);
  }
  if (w.amount) {
    REQUIRE(r.amount);
    CHECK(r.amount->to_string() == w.amount);
  } else {
    CHECK_FALSE(r.amount);
  }
  if (w.unit) {
    REQUIRE(r.unit);
    CHECK(*r.unit == w.unit);
  } else {
    CHECK_FALSE(r.unit);
  }
}
}  // namespace

TEST_CASE("value reading: every row of the record-format table") {
  for (const Want& w : {
           Want{"1处", "=", "1", "处"},
           Want{"≥110人", ">=", "110", "人"},
           Want{"≤300万元", "<=", "3000000", "元"},
           Want{"1988.042428万元", "=", "19880424.28", "元"},
           Want{"6200000元", "=", "6200000", "元"},
           Want{"≥98%", ">=", "98", "%"},
           Want{"100百分比", "=", "100", "%"},
           Want{"12个月", "=", "12", "个月"},
           Want{"16453725", "=", "16453725", nullptr},
           Want{"及时", nullptr, nullptr, nullptr},
           Want{"明显改善", nullptr, nullptr, nullptr},
           Want{"提高提高", nullptr, nullptr, nullptr},
           Want{"2025年7月", nullptr, nullptr, nullptr},
           Want{"2025年", nullptr, nullptr, nullptr},
           Want{"2024至2025年度", nullptr, nullptr, nullptr},
           Want{"道路红线控制宽度40/21米，双向四车道规模。", nullptr, nullptr, nullptr},
       })
    check(w);
}

TEST_CASE("value reading: other comparison wordings") {
  for (const Want& w : {
           Want{"＞5个", ">", "5", "个"},
           Want{"＜3天", "<", "3", "天"},
           Want{"＝100%", "=", "100", "%"},
           Want{">=90%", ">=", "90", "%"},
           Want{"<=10%", "<=", "10", "%"},
           Want{"不低于95%", ">=", "95", "%"},
           Want{"不少于20个", ">=", "20", "个"},
           Want{"大于等于80%", ">=", "80", "%"},
           Want{"不高于5%", "<=", "5", "%"},
           Want{"不超过300万元", "<=", "3000000", "元"},
           Want{"小于等于2天", "<=", "2", "天"},
           Want{"90%以上", ">=", "90", "%"},
           Want{"5天以内", "<=", "5", "天"},
           Want{"3次以下", "<=", "3", "次"},
           Want{"≥95百分比", ">=", "95", "%"},
       })
    check(w);
}

TEST_CASE("value reading: money, separators, decimals, full-width digits") {
  for (const Want& w : {
           Want{"1.5亿元", "=", "150000000", "元"},
           Want{"≤0.25亿元", "<=", "25000000", "元"},
           Want{"1,000万元", "=", "10000000", "元"},
           Want{"2,526.97万元", "=", "25269700", "元"},
           Want{"≥870.296米", ">=", "870.296", "米"},
           Want{"2694.36平方米", "=", "2694.36", "平方米"},
           Want{"１００％", "=", "100", "%"},
           Want{"≥９５％", ">=", "95", "%"},
           Want{" 45人 ", "=", "45", "人"},
           Want{"0元", "=", "0", "元"},
           Want{"1年", "=", "1", "年"},
       })
    check(w);
}

TEST_CASE("value reading: prose, dates and doubtful forms are not quantitative") {
  for (const Want& w : {
           Want{"", nullptr, nullptr, nullptr},
           Want{"按进度完成", nullptr, nullptr, nullptr},
           Want{"2025年5月——2025年11月", nullptr, nullptr, nullptr},
           Want{"2025-06-30", nullptr, nullptr, nullptr},
           Want{"2025/6", nullptr, nullptr, nullptr},
           Want{"≥5人以上", nullptr, nullptr, nullptr},
           Want{"1、加强管理", nullptr, nullptr, nullptr},
           Want{"≥", nullptr, nullptr, nullptr},
       })
    check(w);
}

TEST_CASE("money cells of the funds block") {
  CHECK(read_money("5,300,000")->to_string() == "5300000");
  CHECK(read_money("19,880,424.28")->to_string() == "19880424.28");
  CHECK(read_money("0")->to_string() == "0");
  CHECK(read_money("300万元")->to_string() == "3000000");
  CHECK_FALSE(read_money(""));
  CHECK_FALSE(read_money("无"));
  CHECK_FALSE(read_money("≤300万元"));
}

TEST_CASE("fold_width: full-width digits and signs folded, other text copied as is") {
  CHECK(perfgoal::fold_width("１２．５％ 中文＞（ａ）\xE3\x80\x80x") == "12.5% 中文>(ａ) x");
  CHECK(perfgoal::fold_width("﹥﹤﹦﹪，－＋") == "><=%,-+");
  CHECK(perfgoal::fold_width("\xEF") == "\xEF");          // a cut sequence stays
  CHECK(perfgoal::fold_width("\xE3\x80") == "\xE3\x80");
  CHECK(perfgoal::fold_width("ascii only") == "ascii only");
  CHECK(perfgoal::fold_width("") == "");
}

TEST_CASE("value reading: OCR's Chinese character for a sign leaves the number and unit, the sign unknown") {
  using perfgoal::read_value_after_unread_sign;
  auto r = read_value_after_unread_sign("之90%");
  CHECK_FALSE(r.op);
  REQUIRE(r.amount);
  CHECK(r.amount->to_string() == "90");
  CHECK(r.unit.value_or("") == "%");
  r = read_value_after_unread_sign("委6805.4万元");
  REQUIRE(r.amount);
  CHECK(r.amount->to_string() == "68054000");
  CHECK(r.unit.value_or("") == "元");
  // What read_value reads is read so.
  r = read_value_after_unread_sign("≥90%");
  CHECK(r.op.value_or("") == ">=");
  // Two characters before the number (two rows' cells read as one), a sign
  // after the character, a date, no number: nothing.
  CHECK_FALSE(read_value_after_unread_sign("完善二90%").amount);
  CHECK_FALSE(read_value_after_unread_sign("之≥90%").amount);
  CHECK_FALSE(read_value_after_unread_sign("约2025年").amount);
  CHECK_FALSE(read_value_after_unread_sign("及时").amount);
}

TEST_CASE("has_digit: sixteen bytes a step agrees with one byte at a time, over random pieces") {
  // One byte at a time: an ASCII digit, or EF BC 90..99 (０-９).
  auto slow = [](std::string_view s) {
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] >= '0' && s[i] <= '9') return true;
      if (s.substr(i, 2) == "\xEF\xBC" && i + 2 < s.size() && static_cast<unsigned char>(s[i + 2]) >= 0x90 &&
          static_cast<unsigned char>(s[i + 2]) <= 0x99)
        return true;
    }
    return false;
  };
  // Pieces that are digits, nearly digits ('/', ':', EF BC 8F, EF BC 9A, EF BD 90) or neither.
  const char* pieces[] = {"人", "，", "（", "a", " ", "/", ":", "\xEF\xBC\x8F", "\xEF\xBC\x9A", "\xEF\xBD\x90",
                          "\xEF", "\xEF\xBC", "年度", "满意度", "≥", "%", "5", "０", "９"};
  std::mt19937 rng(16);
  int with = 0, without = 0;
  for (int n = 0; n < 20000; ++n) {
    std::string s;
    const int len = static_cast<int>(rng() % 40);
    for (int k = 0; k < len; ++k) {
      // Digits rarely: most texts have none, and a digit late in a long text is what is looked for.
      size_t p = rng() % (sizeof pieces / sizeof *pieces);
      if (p >= 16 && rng() % 8) p = rng() % 16;
      s += pieces[p];
    }
    CAPTURE(s);
    const bool want = slow(s);
    CHECK(perfgoal::has_digit(s) == want);
    (want ? with : without) += 1;
  }
  CHECK(with > 1000);
  CHECK(without > 1000);
}

#include <doctest/doctest.h>

#include "model/decimal.h"

using perfgoal::Decimal;

static std::string s(std::string_view text) { return Decimal::parse(text).value().to_string(); }

TEST_CASE("decimal: parses and prints exactly") {
  CHECK(s("0") == "0");
  CHECK(s("12") == "12");
  CHECK(s("-3.50") == "-3.5");
  CHECK(s(".5") == "0.5");
  CHECK(s("1,234.5") == "1234.5");
  CHECK(s("19,880,424.28") == "19880424.28");
  CHECK(s("000123") == "123");
  CHECK_FALSE(Decimal::parse("1e5"));
  CHECK_FALSE(Decimal::parse("12,34"));
  CHECK_FALSE(Decimal::parse("1,2345"));
  CHECK_FALSE(Decimal::parse(""));
  CHECK_FALSE(Decimal::parse("."));
  CHECK_FALSE(Decimal::parse("1.2.3"));
  CHECK_FALSE(Decimal::parse(" 1"));
}

TEST_CASE("decimal: shifting by powers of ten is exact (no binary floating point)") {
  CHECK(Decimal::parse("1988.042428")->shifted(4).to_string() == "19880424.28");
  CHECK(Decimal::parse("2.01")->shifted(4).to_string() == "20100");  // a double gives 20099.999999999996
  CHECK(Decimal::parse("1598.31")->shifted(4).to_string() == "15983100");
  CHECK(Decimal::parse("0.000001")->shifted(8).to_string() == "100");
  CHECK(Decimal::parse("123")->shifted(-2).to_string() == "1.23");
  CHECK(Decimal::parse("1")->shifted(-3).to_string() == "0.001");
}

TEST_CASE("decimal: fixed places pad, and never round digits away") {
  CHECK(Decimal::parse("5300000")->to_string_fixed(2) == "5300000.00");
  CHECK(Decimal::parse("19880424.28")->to_string_fixed(2) == "19880424.28");
  CHECK(Decimal::parse("0.125")->to_string_fixed(2) == "0.125");
  CHECK(Decimal::parse("0")->to_string_fixed(2) == "0.00");
  CHECK(Decimal::parse("1234567.89")->to_string() == "1234567.89");  // never 1.23457e+06
}

TEST_CASE("decimal: arithmetic and comparison") {
  auto d = [](const char* t) { return *Decimal::parse(t); };
  CHECK((d("0.1") + d("0.2")).to_string() == "0.3");
  CHECK((d("5300000") - d("5300000.01")).to_string() == "-0.01");
  CHECK((d("-2") + d("5")).to_string() == "3");
  CHECK(d("1.50") == d("1.5"));
  CHECK(d("9.99") < d("10"));
  CHECK(d("-1") < d("0"));
  CHECK(d("-0") == d("0"));
  CHECK(Decimal::from_int(-42).to_string() == "-42");
  CHECK(d("0.00").is_zero());
}

TEST_CASE("decimal: sums and order alike on both sides of 18 digits (machine integers below, digit strings above)") {
  auto d = [](const char* t) { return *Decimal::parse(t); };
  // 18 digits at the common scale: machine integers.
  CHECK((d("999999999999999999") + d("1")).to_string() == "1000000000000000000");
  CHECK((d("-9999999999999999.99") + d("9999999999999999.98")).to_string() == "-0.01");
  CHECK((d("-0.000000000000000001") - d("0.000000000000000001")).to_string() == "-0.000000000000000002");
  CHECK(d("-999999999999999999") < d("-999999999999999998"));
  CHECK(d("0.000000000000000001") > d("0"));
  CHECK(d("12.50") == d("12.5"));
  // More: digit strings, the same answers.
  CHECK((d("9999999999999999999") + d("1")).to_string() == "10000000000000000000");
  CHECK((d("123456789012345678.9") + d("0.1")).to_string() == "123456789012345679");
  CHECK((d("-99999999999999999.99") + d("99999999999999999.98")).to_string() == "-0.01");
  CHECK(d("-9999999999999999999") < d("-9999999999999999998"));
  CHECK(d("1") > d("0.000000000000000001"));
  CHECK(d("99999999999999999999") > d("9999999999999999999.9"));
  CHECK(d("1234567890123456789.50") == d("1234567890123456789.5"));
}

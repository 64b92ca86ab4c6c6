// The record's fields, listed once: every reader, writer, check and mapping
// iterates these tables instead of naming the fields one by one.
//
// A field is its path (the YAML keys from the record's root, joined by "."),
// its kind (how it is written and read) and an accessor. The rows are in
// model/record.h, beside the members they read, with the words findings use
// for the field (Field::words). A field's label on the form is data too: the
// form template names it under the same path (templates/forms/*.yaml,
// FormTemplate::label()). Adding a field to the
// record is its member and its row in record.h, and its label in the
// template.
//
// Three tables, one per level of the record (docs/record-format.md):
//   record_fields()     the form's own fields, in record order; two rows
//                       stand for groups: the funds columns (kind funds)
//                       and the indicator lists (kind indicators)
//   funds_fields()      the amounts of one funds column (Funds)
//   indicator_fields()  the keys of one indicator entry (Indicator)
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "model/decimal.h"

namespace perfgoal {

struct Record;
struct Funds;
struct Indicator;

enum class FieldKind {
  text,        // verbatim text (YAML: a double-quoted string)
  integer,     // a whole number (fiscal_year)
  years,       // a whole number of years, read from "2" or "2年" (project.period_years)
  money,       // an exact decimal in 元, written with two decimal places at least
  quantity,    // an exact decimal as read (an indicator's amount)
  date_time,   // ISO 8601 local date and time, "2024-12-17T09:07:09" (a YAML timestamp)
  funds,       // group: one column of funds (funds_fields())
  indicators,  // group: one list of indicators (indicator_fields())
};

template <class Owner>
struct Field {
  using Text = std::optional<std::string>& (*)(Owner&);
  using Integer = std::optional<int>& (*)(Owner&);
  using Number = std::optional<Decimal>& (*)(Owner&);
  using FundsColumn = Funds& (*)(Owner&);
  using IndicatorList = std::vector<Indicator>& (*)(Owner&);

  std::string_view path;  // "project.name"; in funds_fields() / indicator_fields() the key in its group ("central")
  FieldKind kind;
  // How findings name the field for people (the workbook's 问题 sheet,
  // emit/field_words.h): "项目名称", "中央财政资金"; for a group row (funds,
  // indicators) the words of its column, "实施期". Data, like the template's
  // labels; "" where findings give the path as it is.
  std::string_view words;
  // Which accessor is set follows from the kind: text and date_time -> Text,
  // integer and years -> Integer, money and quantity -> Number, funds ->
  // FundsColumn, indicators -> IndicatorList.
  std::variant<Text, Integer, Number, FundsColumn, IndicatorList> ref;
  // A reading of another field rather than a cell of its own (an indicator's
  // op, amount and unit are read from its value): not compared on its own.
  bool reading = false;
  // A key only some layouts have (weight, note, ...): written only where the
  // entry has the column; nullptr for the keys every entry has.
  bool& (*has)(Owner&) = nullptr;

  // Whether an entry is written with this key: always for the keys every
  // entry has, else as the entry's flag says.
  bool in(const Owner& o) const { return !has || has(const_cast<Owner&>(o)); }

  // The slot in a record (throws std::bad_variant_access on a kind mismatch).
  std::optional<std::string>& text(Owner& o) const { return std::get<Text>(ref)(o); }
  const std::optional<std::string>& text(const Owner& o) const { return text(const_cast<Owner&>(o)); }
  std::optional<int>& integer(Owner& o) const { return std::get<Integer>(ref)(o); }
  const std::optional<int>& integer(const Owner& o) const { return integer(const_cast<Owner&>(o)); }
  std::optional<Decimal>& number(Owner& o) const { return std::get<Number>(ref)(o); }
  const std::optional<Decimal>& number(const Owner& o) const { return number(const_cast<Owner&>(o)); }
  Funds& funds(Owner& o) const { return std::get<FundsColumn>(ref)(o); }
  const Funds& funds(const Owner& o) const { return funds(const_cast<Owner&>(o)); }
  std::vector<Indicator>& list(Owner& o) const { return std::get<IndicatorList>(ref)(o); }
  const std::vector<Indicator>& list(const Owner& o) const { return list(const_cast<Owner&>(o)); }

  // The last part of the path ("name" of "project.name").
  std::string_view key() const {
    size_t dot = path.rfind('.');
    return dot == std::string_view::npos ? path : path.substr(dot + 1);
  }
  // The group part ("project" of "project.name"; "" at the root).
  std::string_view group() const {
    size_t dot = path.rfind('.');
    return dot == std::string_view::npos ? std::string_view() : path.substr(0, dot);
  }
};

using RecordField = Field<Record>;
using FundsField = Field<Funds>;
using IndicatorField = Field<Indicator>;

std::span<const RecordField> record_fields();
std::span<const FundsField> funds_fields();
std::span<const IndicatorField> indicator_fields();
// funds_fields() after the total: the sources that add up to it.
std::span<const FundsField> funds_sources();

// The row of a path, nullptr when there is none.
const RecordField* find_record_field(std::string_view path);
const FundsField* find_funds_field(std::string_view key);
const IndicatorField* find_indicator_field(std::string_view key);

// A date-time field as records write it plain (unquoted): digits and the
// separators - : T . only, starting and ending with a digit. Anything else
// is written (and read) as a quoted text.
bool plain_date_time(std::string_view v);

// A field's value as text, for comparing and listing (nullopt: blank):
// text as is, numbers in their shortest exact form. Not for groups.
template <class Owner>
std::optional<std::string> field_text(const Field<Owner>& f, const Owner& o) {
  switch (f.kind) {
    case FieldKind::text:
    case FieldKind::date_time: return f.text(o);
    case FieldKind::integer:
    case FieldKind::years: {
      const auto& v = f.integer(o);
      return v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt;
    }
    case FieldKind::money:
    case FieldKind::quantity: {
      const auto& v = f.number(o);
      return v ? std::optional<std::string>(v->to_string()) : std::nullopt;
    }
    case FieldKind::funds:
    case FieldKind::indicators: break;
  }
  return std::nullopt;
}

}  // namespace perfgoal

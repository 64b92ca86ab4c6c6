#include "model/fields.h"

#include "model/record.h"

namespace perfgoal {
namespace {

template <class Owner>
const Field<Owner>* find(std::span<const Field<Owner>> table, std::string_view path) {
  for (const auto& f : table)
    if (f.path == path) return &f;
  return nullptr;
}

}  // namespace

std::span<const RecordField> record_fields() { return record_table::kRecordFields; }
std::span<const FundsField> funds_fields() { return record_table::kFundsFields; }
std::span<const IndicatorField> indicator_fields() { return record_table::kIndicatorFields; }
std::span<const FundsField> funds_sources() { return funds_fields().subspan(1); }

const RecordField* find_record_field(std::string_view path) { return find(record_fields(), path); }
const FundsField* find_funds_field(std::string_view key) { return find(funds_fields(), key); }
const IndicatorField* find_indicator_field(std::string_view key) { return find(indicator_fields(), key); }

bool plain_date_time(std::string_view v) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (v.empty() || !digit(v.front()) || !digit(v.back())) return false;
  for (char c : v)
    if (!(digit(c) || c == '-' || c == ':' || c == 'T' || c == '.')) return false;
  return true;
}

}  // namespace perfgoal

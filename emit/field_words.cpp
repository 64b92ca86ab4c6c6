#include "emit/field_words.h"

#include <cctype>
#include <string_view>

#include "model/fields.h"
#include "model/record.h"

namespace perfgoal {
namespace {

bool all_of(std::string_view s, bool (*ok)(char)) {
  if (s.empty()) return false;
  for (char c : s)
    if (!ok(c)) return false;
  return true;
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }

template <class Owner>
std::string joined(std::string_view column, const Field<Owner>* leaf) {
  return std::string(column) + " " + std::string(leaf->words);
}

}  // namespace

// The words are data: the field table's rows (Field::words) and the
// indicator list's words, in model/record.h.
std::string field_words(const std::string& path) {
  using namespace record_table;
  std::string_view p(path);
  if (const RecordField* f = find_record_field(p)) {
    // A whole field; a funds column alone has no words of its own.
    if (f->kind == FieldKind::indicators) return std::string(f->words) + " " + std::string(kIndicatorListWords);
    if (f->kind != FieldKind::funds && !f->words.empty()) return std::string(f->words);
    return path;
  }
  // funds.<column>.<source>: "年度 中央财政资金"
  if (size_t dot = p.rfind('.'); dot != std::string_view::npos) {
    const RecordField* column = find_record_field(p.substr(0, dot));
    if (column && column->kind == FieldKind::funds)
      if (const FundsField* leaf = find_funds_field(p.substr(dot + 1)); leaf && !leaf->words.empty())
        return joined(column->words, leaf);
  }
  // indicators.<column>[n] and indicators.<column>[n].<key>: "实施期 第3行 指标值"
  if (size_t open = p.find('['); open != std::string_view::npos) {
    const RecordField* column = find_record_field(p.substr(0, open));
    size_t close = p.find(']', open);
    if (column && column->kind == FieldKind::indicators && close != std::string_view::npos &&
        all_of(p.substr(open + 1, close - open - 1), is_digit)) {
      std::string_view rest = p.substr(close + 1);
      std::string row = std::string(column->words) + " " + std::string(kIndicatorRowWordsBefore) +
                        std::to_string(std::stoul(std::string(p.substr(open + 1, close - open - 1))) + 1) +
                        std::string(kIndicatorRowWordsAfter);
      if (rest.empty()) return row;
      if (rest.front() == '.')
        if (const IndicatorField* leaf = find_indicator_field(rest.substr(1)); leaf && !leaf->words.empty())
          return joined(row, leaf);
    }
  }
  return path;
}

}  // namespace perfgoal

// How normalize reads a cell's text: trimmed at both ends (ASCII white space
// and the ideographic space U+3000), the inside kept verbatim.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace perfgoal {

std::string trim_cell(std::string_view text);
// The trimmed text, or nullopt when nothing is left (a blank cell is null).
std::optional<std::string> cell_text_or_null(std::string_view text);

}  // namespace perfgoal

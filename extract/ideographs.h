// PDF producers such as Chromium map many Chinese characters to look-alike
// Kangxi-radical or CJK-radical code points (项⽬ for 项目, 主管部⻔ for 主管部门).
// The record holds the unified ideographs: this maps them, by Unicode's
// EquivalentUnifiedIdeograph.txt (a table generated at build time).
#pragma once

#include <string>
#include <string_view>

namespace perfgoal {

// The unified ideograph a radical stands for; any other code point unchanged.
char32_t unified_ideograph(char32_t c);

}  // namespace perfgoal

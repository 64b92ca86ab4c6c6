#include "extract/ocr_trust.h"

#include <algorithm>

namespace perfgoal {

float review_confidence(const std::string& text, float confidence, const std::vector<SymbolChoice>& choices) {
  float runner_up = 0;
  for (const auto& c : choices)
    if (c.text != text) runner_up = std::max(runner_up, c.probability);
  return std::min(confidence, 100 * (1 - runner_up));
}

}  // namespace perfgoal

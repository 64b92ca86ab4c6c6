#pragma once
// How far OCR's reading of a symbol can be trusted, beyond the engine's
// confidence in it: the scan reader (extract/scan_reader.cpp) gives each
// symbol the candidates Tesseract weighed for it, and a symbol whose
// runner-up came close is reported for review (rule ocr-uncertain) even
// when its own confidence is high.

#include <string>
#include <vector>

namespace perfgoal {

// One candidate for a symbol: its text (UTF-8) and the engine's probability
// for it (0–1; a symbol's candidates add up to about 1).
struct SymbolChoice {
  std::string text;
  float probability = 0;
};

// The confidence (0–100) a symbol read as `text` with `confidence` is given
// for review, from its candidates (in any order, `text` among them or not):
// lowered when another candidate came close to it.
float review_confidence(const std::string& text, float confidence, const std::vector<SymbolChoice>& choices);

}  // namespace perfgoal

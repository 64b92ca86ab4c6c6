// Which templates' titles a row holds: each cell read once for every
// template's title words (FormTemplate::is_title, for all templates at once).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "config/form_template.h"
#include "model/cells.h"

namespace perfgoal {

class TitleMatch {
 public:
  explicit TitleMatch(const std::vector<FormTemplate>& templates);
  // The templates t (in order) for which t.is_title(c.text) holds for some
  // cell c of the row.
  std::vector<const FormTemplate*> templates_of(const Row& row) const;

 private:
  struct Word {
    std::string text;
    std::uint64_t templates = 0;  // bit t: templates[t] has the word (t < 64)
  };
  const std::vector<FormTemplate>& templates_;
  std::vector<Word> words_;        // of three bytes or more
  std::vector<Word> short_words_;  // shorter: searched for one by one
  size_t shortest_ = std::string::npos;
  // Where a word may end: a hash of its last three bytes.
  std::array<std::uint64_t, 64> ends_{};
  std::array<bool, 256> last_{};  // the last bytes of the words
  int one_last_ = -1;             // their one last byte when they share it, else -1
};

}  // namespace perfgoal

#include "normalize/title_match.h"

#include <algorithm>
#include <cstring>

namespace perfgoal {
namespace {
// A hash of three bytes: those that end a title word are marked (a title's
// last character, 表, is rarer in a form's text than its first, 项).
size_t end_hash(const unsigned char* p) { return (p[0] * 961u + p[1] * 31u + p[2]) & 4095u; }
}  // namespace

TitleMatch::TitleMatch(const std::vector<FormTemplate>& templates) : templates_(templates) {
  for (size_t t = 0; t < templates.size() && t < 64; ++t)
    for (const auto& w : templates[t].title) {
      auto& list = w.size() >= 3 ? words_ : short_words_;
      auto it = std::find_if(list.begin(), list.end(), [&](const Word& x) { return x.text == w; });
      if (it == list.end()) it = list.insert(list.end(), Word{w, 0});
      it->templates |= std::uint64_t{1} << t;
      shortest_ = std::min(shortest_, w.size());
      if (w.size() >= 3) {
        size_t h = end_hash(reinterpret_cast<const unsigned char*>(w.data() + w.size() - 3));
        ends_[h >> 6] |= std::uint64_t{1} << (h & 63);
        last_[static_cast<unsigned char>(w.back())] = true;
      }
    }
  for (int b = 0; b < 256; ++b)
    if (last_[b]) one_last_ = one_last_ == -1 ? b : -2;
  if (one_last_ < 0) one_last_ = -1;
}

std::vector<const FormTemplate*> TitleMatch::templates_of(const Row& row) const {
  std::uint64_t matched = 0;
  for (const auto& c : row.cells) {
    const size_t n = c.text.size();
    if (n < shortest_) continue;  // holds no title word (nor an empty one: none is shorter)
    const auto* p = reinterpret_cast<const unsigned char*>(c.text.data());
    for (size_t e = 3; e <= n; ++e) {  // a word ending at byte e
      if (one_last_ >= 0) {  // every word ends in the same byte (表): found by memchr
        const void* at = std::memchr(p + e - 1, one_last_, n - (e - 1));
        if (!at) break;
        e = static_cast<size_t>(static_cast<const unsigned char*>(at) - p) + 1;
      } else if (!last_[p[e - 1]]) {
        continue;
      }
      const size_t h = end_hash(p + e - 3);
      if (!(ends_[h >> 6] >> (h & 63) & 1)) continue;
      for (const auto& w : words_)
        if ((matched & w.templates) != w.templates && w.text.size() <= e &&
            std::memcmp(p + e - w.text.size(), w.text.data(), w.text.size()) == 0)
          matched |= w.templates;
    }
    for (const auto& w : short_words_)
      if (w.text.size() <= n && (w.text.empty() || memmem(p, n, w.text.data(), w.text.size())))
        matched |= w.templates;
  }
  std::vector<const FormTemplate*> out;
  for (size_t t = 0; t < templates_.size(); ++t) {
    bool match = false;
    if (t < 64)
      match = matched >> t & 1;
    else
      for (const auto& c : row.cells) match = match || templates_[t].is_title(c.text);
    if (match) out.push_back(&templates_[t]);
  }
  return out;
}

}  // namespace perfgoal

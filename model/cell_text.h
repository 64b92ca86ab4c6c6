// A cell's text: UTF-8, immutable once made, either bytes of its own or a
// view of bytes a reader holds (the text stream's read block), kept alive by
// the text itself (a shared reference), so a cell copied anywhere stays valid.
//
// A text reader's tab-separated cells are views of the block the line was
// read into: no string made and freed per cell. Copying a CellText copies the
// view and a reference, never the bytes. A change (+=, replace, clear) makes
// bytes of its own.
#pragma once

#include <compare>
#include <cstddef>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

namespace perfgoal {

class CellText {
 public:
  using size_type = std::size_t;
  static constexpr size_type npos = std::string_view::npos;

  CellText() noexcept = default;
  CellText(const char* s) : CellText(std::string_view(s)) {}
  CellText(std::string_view s) : CellText(std::string(s)) {}
  CellText(const std::string& s) : CellText(std::string_view(s)) {}
  CellText(std::string&& s) {
    if (s.empty()) return;
    auto own = std::make_shared<const std::string>(std::move(s));
    view_ = *own;
    keep_ = std::move(own);
  }
  // A view of `s`, whose bytes `keep` holds (shared with the reader).
  CellText(std::string_view s, std::shared_ptr<const void> keep) noexcept : view_(s), keep_(std::move(keep)) {}

  operator std::string_view() const noexcept { return view_; }
  std::string_view view() const noexcept { return view_; }
  std::string str() const { return std::string(view_); }

  bool empty() const noexcept { return view_.empty(); }
  size_type size() const noexcept { return view_.size(); }
  size_type length() const noexcept { return view_.size(); }
  const char* data() const noexcept { return view_.data(); }
  const char* begin() const noexcept { return view_.data(); }
  const char* end() const noexcept { return view_.data() + view_.size(); }
  char operator[](size_type i) const noexcept { return view_[i]; }
  char front() const noexcept { return view_.front(); }
  char back() const noexcept { return view_.back(); }
  std::string_view substr(size_type pos = 0, size_type n = npos) const { return view_.substr(pos, n); }
  size_type find(std::string_view s, size_type pos = 0) const noexcept { return view_.find(s, pos); }
  size_type find(char c, size_type pos = 0) const noexcept { return view_.find(c, pos); }
  size_type find(const char* s, size_type pos = 0) const noexcept { return view_.find(s, pos); }
  size_type rfind(std::string_view s, size_type pos = npos) const noexcept { return view_.rfind(s, pos); }
  size_type rfind(char c, size_type pos = npos) const noexcept { return view_.rfind(c, pos); }
  size_type find_first_of(std::string_view s, size_type pos = 0) const noexcept { return view_.find_first_of(s, pos); }
  size_type find_first_not_of(std::string_view s, size_type pos = 0) const noexcept {
    return view_.find_first_not_of(s, pos);
  }
  size_type find_last_not_of(std::string_view s, size_type pos = npos) const noexcept {
    return view_.find_last_not_of(s, pos);
  }
  bool starts_with(std::string_view s) const noexcept { return view_.starts_with(s); }
  bool ends_with(std::string_view s) const noexcept { return view_.ends_with(s); }
  int compare(std::string_view s) const noexcept { return view_.compare(s); }

  // Changes: the result has bytes of its own.
  void clear() noexcept { *this = CellText(); }
  CellText& assign(std::string_view s) { return *this = CellText(s); }
  template <class It>
  CellText& assign(It first, It last) {
    return *this = CellText(std::string(first, last));
  }
  CellText& operator+=(std::string_view s) {
    std::string t;
    t.reserve(view_.size() + s.size());
    t.append(view_).append(s);
    return *this = CellText(std::move(t));
  }
  CellText& operator+=(char c) { return *this += std::string_view(&c, 1); }
  CellText& operator+=(const char* s) { return *this += std::string_view(s); }
  CellText& operator+=(const std::string& s) { return *this += std::string_view(s); }
  CellText& operator+=(const CellText& s) { return *this += s.view_; }
  void push_back(char c) { *this += c; }
  CellText& replace(size_type pos, size_type n, std::string_view s) {
    std::string t(view_);
    t.replace(pos, n, s);
    return *this = CellText(std::move(t));
  }

  friend bool operator==(const CellText& a, const CellText& b) noexcept { return a.view_ == b.view_; }
  friend bool operator==(const CellText& a, std::string_view b) noexcept { return a.view_ == b; }
  friend bool operator==(const CellText& a, const std::string& b) noexcept { return a.view_ == b; }
  friend bool operator==(const CellText& a, const char* b) noexcept { return a.view_ == b; }
  friend std::strong_ordering operator<=>(const CellText& a, const CellText& b) noexcept {
    return a.view_ <=> b.view_;
  }
  friend std::string operator+(const CellText& a, std::string_view b) {
    std::string t(a.view_);
    t.append(b);
    return t;
  }
  friend std::string operator+(std::string_view a, const CellText& b) {
    std::string t(a);
    t.append(b.view_);
    return t;
  }
  friend std::string operator+(const CellText& a, const char* b) { return a + std::string_view(b); }
  friend std::string operator+(const char* a, const CellText& b) { return std::string_view(a) + b; }
  friend std::string operator+(const CellText& a, const std::string& b) { return a + std::string_view(b); }
  friend std::string operator+(const std::string& a, const CellText& b) { return std::string_view(a) + b; }
  friend std::ostream& operator<<(std::ostream& o, const CellText& t) { return o << t.view_; }

 private:
  std::string_view view_;
  std::shared_ptr<const void> keep_;
};

}  // namespace perfgoal

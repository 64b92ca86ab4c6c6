#include "extract/record_reader.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>
#include <yaml.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <functional>
#include <limits>
#include <memory>
#include <set>
#include <sstream>
#include <string_view>
#include <type_traits>
#include <unordered_set>

#include "extract/record_canonical.h"
#include "model/errors.h"
#include "model/fields.h"

namespace perfgoal {

// A document exactly as perfgoal writes it (the usual case: records written,
// then read back) is read by the canonical reader (extract/record_canonical.h)
// without a parser's events; any other document as follows.
// Records are read with libyaml's event parser (about ten times faster than
// yaml-cpp's node trees) into a small tree of our own, then taken apart by
// the same code that takes apart a yaml-cpp node (the templates below, one
// meaning for both). A document that libyaml refuses, or that holds what the
// two libraries read differently (line separators U+2028/U+2029, NEL, a
// carriage return, a BOM or NUL byte inside, the escapes \N and \_ that
// yaml-cpp writes as one byte), is read again with yaml-cpp, so
// that every file reads as it did when only yaml-cpp read records: the same
// records, the same errors with the same lines (bytes that are not UTF-8 are
// kept, control characters too).

// ---- reading records back ----
namespace {

struct YamlReadError {
  std::string message;
  int line;  // 0-based, within the chunk
};

// ---- the tree built from libyaml's events ----

struct Tree {
  enum Kind : uint8_t { null, scalar, sequence, map };
  struct Node {
    Kind kind;
    int line;       // 0-based
    uint32_t first;  // scalar: offset in chars; sequence/map: index in kids
    uint32_t count;  // scalar: bytes; sequence: items; map: pairs (kids holds key, value, key, value...)
  };
  std::vector<Node> nodes;
  std::vector<uint32_t> kids;
  std::string chars;
  void clear() {
    nodes.clear();
    kids.clear();
    chars.clear();
  }
};

// A node of the tree with the part of yaml-cpp's Node interface the readers
// below use (and its behaviour: [] on a scalar is an error, a missing key
// gives an undefined node).
class TreeNode {
 public:
  struct Mark {
    int line;
  };
  TreeNode() = default;
  TreeNode(const Tree* t, int i) : t_(t), i_(i) {}
  explicit operator bool() const { return i_ >= 0; }
  bool IsNull() const { return i_ >= 0 && node().kind == Tree::null; }
  bool IsScalar() const { return i_ >= 0 && node().kind == Tree::scalar; }
  bool IsSequence() const { return i_ >= 0 && node().kind == Tree::sequence; }
  bool IsMap() const { return i_ >= 0 && node().kind == Tree::map; }
  std::string_view Scalar() const {
    if (!IsScalar()) return {};
    return std::string_view(t_->chars).substr(node().first, node().count);
  }
  size_t size() const { return IsSequence() || IsMap() ? node().count : 0; }
  Mark mark() const { return {i_ >= 0 ? node().line : 0}; }
  TreeNode operator[](std::string_view key) const {
    if (i_ < 0) return {};
    const Tree::Node& n = node();
    if (n.kind == Tree::scalar)
      throw YamlReadError{"not valid YAML: operator[] call on a scalar (key: \"" + std::string(key) + "\")", n.line};
    if (n.kind != Tree::map) return {};
    for (uint32_t k = 0; k < n.count; ++k) {
      TreeNode kn(t_, static_cast<int>(t_->kids[n.first + 2 * k]));
      if (kn.IsScalar() && kn.Scalar() == key) return {t_, static_cast<int>(t_->kids[n.first + 2 * k + 1])};
    }
    return {};
  }
  TreeNode item(size_t k) const { return {t_, static_cast<int>(t_->kids[node().first + k])}; }

 private:
  const Tree::Node& node() const { return t_->nodes[static_cast<size_t>(i_)]; }
  const Tree* t_ = nullptr;
  int i_ = -1;
};

// ---- what differs between the two node types ----

int line_of(const YAML::Node& n) { return n.Mark().line; }
int line_of(const TreeNode& n) { return n.mark().line; }
YAML::Node item(const YAML::Node& n, size_t k) { return n[k]; }
TreeNode item(const TreeNode& n, size_t k) { return n.item(k); }

// yaml-cpp's as<int>: a stream read with the base taken from the text
// ("012" is octal, "0x1F" hex), nothing but blanks after the number.
std::optional<int> as_int(const YAML::Node& n) {
  try {
    return n.as<int>();
  } catch (const YAML::Exception&) {
    return std::nullopt;
  }
}
std::optional<int> as_int(const TreeNode& n) {
  if (!n.IsScalar()) return std::nullopt;
  std::string_view s = n.Scalar();
  // Plain decimals without a leading zero (every number we write) directly.
  size_t i = !s.empty() && s[0] == '-' ? 1 : 0;
  if (s.size() > i && s.size() - i <= 9 && s[i] >= '1' && s[i] <= '9') {
    int v = 0;
    size_t k = i;
    for (; k < s.size() && s[k] >= '0' && s[k] <= '9'; ++k) v = v * 10 + (s[k] - '0');
    if (k == s.size()) return i ? -v : v;
  }
  std::stringstream stream{std::string(s)};
  stream.unsetf(std::ios::dec);
  int v = 0;
  if ((stream >> std::noskipws >> v) && (stream >> std::ws).eof()) return v;
  return std::nullopt;
}
[[noreturn]] void bad_conversion(const YAML::Node& n) { n.as<int>(); throw std::logic_error("unreachable"); }
[[noreturn]] void bad_conversion(const TreeNode& n) { throw YamlReadError{"not valid YAML: bad conversion", n.mark().line}; }

// ---- a record from a node (either kind) ----

template <class N>
std::optional<std::string> get_text(const N& map, const std::string& key) {
  N n = map[key];
  if (!n || n.IsNull()) return std::nullopt;
  if (!n.IsScalar()) throw YamlReadError{"'" + key + "' should be text", line_of(n)};
  return std::string(n.Scalar());
}

template <class N>
std::optional<Decimal> get_number(const N& map, const std::string& key) {
  N n = map[key];
  if (!n || n.IsNull()) return std::nullopt;
  auto d = n.IsScalar() ? Decimal::parse(n.Scalar()) : std::nullopt;
  if (!d) throw YamlReadError{"'" + key + "' should be a decimal number", line_of(n)};
  return d;
}

template <class N>
std::optional<int> get_int(const N& map, const std::string& key) {
  N n = map[key];
  if (!n || n.IsNull()) return std::nullopt;
  auto v = as_int(n);
  if (!v) throw YamlReadError{"'" + key + "' should be a whole number", line_of(n)};
  return v;
}

template <class N>
int pair_item(const N& n, size_t k) {
  auto v = as_int(item(n, k));
  if (!v) bad_conversion(item(n, k));
  return *v;
}

template <class N>
std::optional<std::pair<int, int>> get_pair(const N& map, const std::string& key) {
  N n = map[key];
  if (!n || n.IsNull()) return std::nullopt;
  if (!n.IsSequence() || n.size() != 2) throw YamlReadError{"'" + key + "' should be [first, last]", line_of(n)};
  return std::make_pair(pair_item(n, 0), pair_item(n, 1));
}

template <class N>
Funds get_funds(const N& n);
template <class N>
std::vector<Indicator> get_indicators(const N& n);

// The rows of a table from a map; a row's group is a map of its own (a
// missing group leaves its fields null).
template <class N, class Owner>
void get_fields(const N& n, std::span<const Field<Owner>> table, Owner& o) {
  for (const auto& f : table) {
    N group = f.group().empty() ? n : n[std::string(f.group())];
    if (!group) continue;
    const std::string key(f.key());
    if (f.has) f.has(o) = static_cast<bool>(group[key]);
    switch (f.kind) {
      case FieldKind::text:
      case FieldKind::date_time: f.text(o) = get_text(group, key); break;
      case FieldKind::integer:
      case FieldKind::years: f.integer(o) = get_int(group, key); break;
      case FieldKind::money:
      case FieldKind::quantity: f.number(o) = get_number(group, key); break;
      case FieldKind::funds:
        if constexpr (std::is_same_v<Owner, Record>) f.funds(o) = get_funds(N(group[key]));
        break;
      case FieldKind::indicators:
        if constexpr (std::is_same_v<Owner, Record>) f.list(o) = get_indicators(N(group[key]));
        break;
    }
  }
}

template <class N>
Funds get_funds(const N& n) {
  Funds f;
  if (!n || n.IsNull()) return f;
  get_fields(n, funds_fields(), f);
  return f;
}

template <class N>
std::vector<Indicator> get_indicators(const N& n) {
  std::vector<Indicator> list;
  if (!n || n.IsNull()) return list;
  if (!n.IsSequence()) throw YamlReadError{"indicators should be a list", line_of(n)};
  list.reserve(n.size());
  for (size_t k = 0; k < n.size(); ++k) {
    N e = item(n, k);
    if (!e.IsMap())
      throw YamlReadError{"an indicator should be a mapping (level1, level2, name, value, ...), not " +
                              (e.IsScalar() ? "'" + std::string(e.Scalar()) + "'"
                                            : std::string(e.IsNull() ? "empty" : "a list")),
                          line_of(e)};
    Indicator i;
    get_fields(e, indicator_fields(), i);
    i.line = line_of(e) + 1;
    list.push_back(std::move(i));
  }
  return list;
}

// yaml-cpp keeps a mapping's repeated keys without a word (and reads the
// first): a record that names a field twice is an error at the second. (The
// tree is checked as it is built.)
void check_unique_keys(const YAML::Node& n) {
  if (n.IsMap()) {
    std::set<std::string> seen;
    for (const auto& kv : n) {
      if (kv.first.IsScalar() && !seen.insert(kv.first.Scalar()).second)
        throw YamlReadError{"the key '" + kv.first.Scalar() + "' appears twice in one mapping", kv.first.Mark().line};
      check_unique_keys(kv.second);
    }
  } else if (n.IsSequence()) {
    for (const auto& e : n) check_unique_keys(e);
  }
}
void check_unique_keys(const TreeNode&) {}

template <class N>
Record get_record(const N& n) {
  if (!n.IsMap()) throw YamlReadError{"a record should be a mapping", line_of(n)};
  check_unique_keys(n);
  auto format = get_text(n, "format");
  if (!format || *format != kRecordFormat)
    throw YamlReadError{std::string("not a ") + kRecordFormat + " record (format: " + format.value_or("missing") + ")",
                        line_of(n)};
  Record r;
  if (N s = n["source"]) {
    r.source.file = get_text(s, "file").value_or("");
    r.source.pages = get_pair(s, "pages");
    r.source.lines = get_pair(s, "lines");
    r.source.template_name = get_text(s, "template");
    if (N o = s["ocr"]; o && o.IsMap()) {
      OcrRef ref;
      for (const OcrRefText& t : kOcrRefTexts) ref.*t.member = get_text(o, t.key).value_or("");
      if (N dpi = o["dpi"]; dpi && dpi.IsScalar()) ref.dpi = as_int(dpi).value_or(0);
      r.source.ocr = ref;
    }
  }
  get_fields(n, record_fields(), r);
  return r;
}

// A record's indicator lines and its document's line, moved by the chunk's
// first line.
void add_record(std::vector<Record>& out, Record r, int doc_line, int start_line, std::vector<int>* document_lines) {
  for (auto* list : {&r.indicators.period, &r.indicators.annual})
    for (auto& i : *list) i.line += start_line;
  out.push_back(std::move(r));
  if (document_lines) document_lines->push_back(doc_line + 1 + start_line);
}

// ---- one chunk (a document, or documents without a "---" between them) ----

// Counts the documents yaml-cpp's parser finds, and stops where it finds
// more than the text has lines: yaml-cpp 0.7 then hands out empty documents
// forever without moving on (jbeder/yaml-cpp#1040, a chunk starting with a
// ","), and YAML::LoadAll would loop, growing, until killed.
class DocumentCounter : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override { last_line = mark.line; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
  int last_line = 0;
};

void refuse_endless_documents(std::string_view chunk, int start_line, const std::string& file) {
  size_t lines = static_cast<size_t>(std::count(chunk.begin(), chunk.end(), '\n')) + 1;
  std::istringstream in{std::string(chunk)};
  YAML::Parser parser(in);
  DocumentCounter counter;
  for (size_t documents = 0; parser.HandleNextDocument(counter);)
    if (++documents > lines)
      throw InputError(file, "not valid YAML: the parser cannot get past this line", counter.last_line + 1 + start_line);
}

// With yaml-cpp: the reference, and the reader of what libyaml refuses.
void load_chunk_yaml_cpp(std::string_view chunk, int start_line, const std::string& file, std::vector<Record>& out,
                         std::vector<int>* document_lines) {
  try {
    refuse_endless_documents(chunk, start_line, file);
    for (const auto& doc : YAML::LoadAll(std::string(chunk))) {
      if (doc.IsNull()) continue;
      add_record(out, get_record(doc), doc.Mark().line, start_line, document_lines);
    }
  } catch (const YamlReadError& e) {
    throw InputError(file, e.message, e.line + 1 + start_line);
  } catch (const YAML::Exception& e) {
    throw InputError(file, "not valid YAML: " + e.msg, e.mark.line + 1 + start_line);
  }
}

// What libyaml and yaml-cpp read differently, or what libyaml refuses while
// yaml-cpp reads it: such a chunk is read with yaml-cpp.
bool libyaml_reads_alike(std::string_view s, bool at_start) {
  if (!at_start && s.size() >= 3 && static_cast<unsigned char>(s[0]) == 0xEF) return false;
  if (!s.empty() && (static_cast<unsigned char>(s[0]) == 0xFE || static_cast<unsigned char>(s[0]) == 0xFF ||
                     s[0] == '\0'))
    return false;  // UTF-16/32 (BOM or zero bytes): yaml-cpp guesses them
  // The bytes that may start what is looked at below (one look-up a byte).
  static const auto looked_at = [] {
    std::array<bool, 256> t{};
    for (int c = 0; c < 0x20; ++c) t[c] = c != '\n' && c != '\t';
    for (int c : {0x5C, 0x7F, 0xC2, 0xE2, 0xEF, 0xFE, 0xFF}) t[c] = true;
    return t;
  }();
  const auto* begin = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = begin + s.size();
  for (const auto* p = begin; p < end; ++p) {
    unsigned char c = *p;
    if (!looked_at[c]) continue;
    if (c == '\\') {
      if (p + 1 < end && (p[1] == 'N' || p[1] == '_')) return false;  // yaml-cpp: \N, \_ as one byte
      ++p;  // an escaped backslash is not the start of an escape
      continue;
    }
    if (c < 0x80) return false;  // CR, NUL, other control characters, DEL
    if (c == 0xC2 && p + 1 < end && (p[1] < 0xA0)) return false;  // NEL and the C1 controls
    if (c == 0xE2 && p + 2 < end && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) return false;  // LS, PS
    if (c == 0xEF && p + 2 < end && p[1] == 0xBB && p[2] == 0xBF && p != begin) return false;  // a BOM inside
    if (c == 0xEF && p + 2 < end && p[1] == 0xBF && p[2] >= 0xBE) return false;  // U+FFFE, U+FFFF
    if (c >= 0xFE) return false;  // never in UTF-8
  }
  return true;
}

// Builds the tree of each document of a chunk from libyaml's events.
class Composer {
 public:
  Tree tree;
  std::vector<int> roots;                                 // each document's root node
  std::vector<std::optional<YamlReadError>> repeated;     // each document's first repeated key
  int aliases = 0;                                        // in the chunk

  // False when libyaml refuses the chunk or an alias names no node (then
  // yaml-cpp reads the chunk, and says what is wrong). Throws YamlReadError
  // for an alias inside the node it names (yaml-cpp would loop on it).
  bool compose(std::string_view chunk) {
    tree.clear();
    aliases = 0;
    roots.clear();
    repeated.clear();
    open_.clear();
    pending_.clear();
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) throw std::bad_alloc();
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(chunk.data()), chunk.size());
    bool ok = true;
    try {
      for (bool done = false; ok && !done;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
          ok = false;
          break;
        }
        try {
          ok = on_event(ev, done);
        } catch (...) {
          yaml_event_delete(&ev);  // an error in the event (an alias inside its node): the event freed too
          throw;
        }
        yaml_event_delete(&ev);
      }
    } catch (...) {
      yaml_parser_delete(&parser);
      throw;
    }
    yaml_parser_delete(&parser);
    return ok;
  }

 private:
  struct Open {
    int node;
    size_t at;           // where its items start in pending_
    std::string anchor;  // its anchor, registered when it is complete
    std::unique_ptr<std::unordered_set<std::string>> keys;  // a large mapping's keys
  };
  std::vector<Open> open_;
  std::vector<uint32_t> pending_;                 // the items of the open nodes
  std::vector<std::pair<std::string, int>> anchors_;
  std::optional<YamlReadError> repeated_;         // the current document's first repeated key

  static bool null_text(std::string_view v) {
    return v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL";
  }
  int add(Tree::Kind kind, int line) {
    tree.nodes.push_back({kind, line, 0, 0});
    return static_cast<int>(tree.nodes.size() - 1);
  }
  std::string_view text(uint32_t node) const {
    const Tree::Node& n = tree.nodes[node];
    return std::string_view(tree.chars).substr(n.first, n.count);
  }

  bool on_event(const yaml_event_t& ev, bool& done) {
    int line = static_cast<int>(ev.start_mark.line);
    switch (ev.type) {
      case YAML_STREAM_END_EVENT: done = true; return true;
      case YAML_DOCUMENT_START_EVENT:
        anchors_.clear();
        repeated_.reset();
        return true;
      case YAML_DOCUMENT_END_EVENT: return true;
      case YAML_SCALAR_EVENT: {
        const auto& s = ev.data.scalar;
        std::string_view v(reinterpret_cast<const char*>(s.value), s.length);
        int node;
        if (s.style == YAML_PLAIN_SCALAR_STYLE && !s.tag && null_text(v)) {
          node = add(Tree::null, line);
        } else {
          node = add(Tree::scalar, line);
          tree.nodes.back().first = static_cast<uint32_t>(tree.chars.size());
          tree.nodes.back().count = static_cast<uint32_t>(v.size());
          tree.chars.append(v);
        }
        if (s.anchor) anchors_.emplace_back(reinterpret_cast<const char*>(s.anchor), node);
        attach(node);
        return true;
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        const yaml_char_t* anchor =
            ev.type == YAML_SEQUENCE_START_EVENT ? ev.data.sequence_start.anchor : ev.data.mapping_start.anchor;
        int node = add(ev.type == YAML_SEQUENCE_START_EVENT ? Tree::sequence : Tree::map, line);
        open_.push_back({node, pending_.size(), anchor ? reinterpret_cast<const char*>(anchor) : "", nullptr});
        return true;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: close(); return true;
      case YAML_ALIAS_EVENT: {
        std::string_view name(reinterpret_cast<const char*>(ev.data.alias.anchor));
        ++aliases;
        for (const auto& o : open_)
          if (o.anchor == name)
            throw YamlReadError{"the alias *" + std::string(name) + " is inside the node it names", line};
        for (auto it = anchors_.rbegin(); it != anchors_.rend(); ++it)
          if (it->first == name) {
            attach(it->second);
            return true;
          }
        return false;  // yaml-cpp says "the referenced anchor is not defined"
      }
      default: return true;
    }
  }

  void attach(int node) {
    if (open_.empty()) {
      roots.push_back(node);
      repeated.push_back(repeated_);
      return;
    }
    Open& o = open_.back();
    size_t n = pending_.size() - o.at;
    if (tree.nodes[static_cast<size_t>(o.node)].kind == Tree::map && n % 2 == 0 &&
        tree.nodes[static_cast<size_t>(node)].kind == Tree::scalar)
      check_key(o, n / 2, static_cast<uint32_t>(node));
    pending_.push_back(static_cast<uint32_t>(node));
  }

  // A key against the mapping's earlier keys (yaml-cpp reads the first of
  // two and says nothing: here the second is an error).
  void check_key(Open& o, size_t pairs, uint32_t node) {
    std::string_view key = text(node);
    bool seen = false;
    if (o.keys) {
      seen = !o.keys->emplace(key).second;
    } else {
      for (size_t k = 0; k < pairs && !seen; ++k) {
        uint32_t other = pending_[o.at + 2 * k];
        seen = tree.nodes[other].kind == Tree::scalar && text(other) == key;
      }
      if (pairs >= 16 && !seen) {  // from here on, a hash set
        o.keys = std::make_unique<std::unordered_set<std::string>>();
        for (size_t k = 0; k <= pairs; ++k) {
          uint32_t other = k < pairs ? pending_[o.at + 2 * k] : node;
          if (tree.nodes[other].kind == Tree::scalar) o.keys->emplace(text(other));
        }
      }
    }
    if (seen && !repeated_)
      repeated_ = YamlReadError{"the key '" + std::string(key) + "' appears twice in one mapping",
                                tree.nodes[node].line};
  }

  void close() {
    Open o = std::move(open_.back());
    open_.pop_back();
    size_t n = pending_.size() - o.at;
    Tree::Node& node = tree.nodes[static_cast<size_t>(o.node)];
    node.first = static_cast<uint32_t>(tree.kids.size());
    node.count = static_cast<uint32_t>(node.kind == Tree::map ? n / 2 : n);
    tree.kids.insert(tree.kids.end(), pending_.begin() + static_cast<std::ptrdiff_t>(o.at), pending_.end());
    pending_.resize(o.at);
    if (!o.anchor.empty()) anchors_.emplace_back(std::move(o.anchor), o.node);
    attach(o.node);
  }
};

// With libyaml; false when yaml-cpp should read the chunk instead.
bool load_chunk_libyaml(Composer& c, std::string_view chunk, bool at_start, int start_line, const std::string& file,
                        std::vector<Record>& out, std::vector<int>* document_lines) {
  if (!libyaml_reads_alike(chunk, at_start)) return false;
  try {
    if (!c.compose(chunk)) return false;
    for (size_t d = 0; d < c.roots.size(); ++d) {
      TreeNode root(&c.tree, c.roots[d]);
      if (root.IsNull()) continue;
      if (c.repeated[d] && root.IsMap()) throw *c.repeated[d];
      add_record(out, get_record(root), root.mark().line, start_line, document_lines);
    }
  } catch (const YamlReadError& e) {
    // yaml-cpp says what is wrong, at the line it says it: unless the
    // document has aliases, which yaml-cpp's walk for repeated keys follows
    // into every copy (exponential) or forever (an alias inside its node).
    if (c.aliases == 0) return false;
    throw InputError(file, e.message, e.line + 1 + start_line);
  }
  return true;
}

// Cuts the stream at the lines that start a document ("---" at column 0
// always does) and reads each piece: one document's tree at a time, never
// the whole stream's.
enum class RecordParser { canonical_first, libyaml, yaml_cpp };

// A piece of the stream that ends where a document starts (or at the end):
// its chunks, read in order; each chunk's records, with the 1-based line of
// their documents, go to `each` before the next chunk is read. `first_line`:
// the piece's first line in the stream, 0-based; `at_stream_start`: the piece
// is the stream's beginning.
using EachRecord = std::function<void(Record&&, int document_line)>;

// Does a document start at `pos` (a line starting "---" and then the end, a
// space or a line break)?
bool document_marker(std::string_view text, size_t pos) {
  if (text.compare(pos, 3, "---") != 0) return false;
  if (pos + 3 == text.size()) return true;
  const char c = text[pos + 3];
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

// Returns the piece's count of lines.
int read_piece(std::string_view text, int first_line, bool at_stream_start, const std::string& file,
               RecordParser reader, Composer& composer, const EachRecord& each) {
  std::vector<Record> out;
  std::vector<int> lines;
  std::vector<int>* document_lines = &lines;
  size_t start = 0;             // byte offset of the current chunk
  int start_line = first_line;  // its first line, 0-based
  auto load_chunk = [&](size_t end) {
    std::string_view chunk = text.substr(start, end - start);
    out.clear();
    lines.clear();
    // (What the canonical reader accepts is in the part of YAML that libyaml
    // and yaml-cpp read alike: libyaml_reads_alike is not asked.)
    bool read = false;
    if (reader == RecordParser::canonical_first) {
      Record r;
      int root_line = 0;
      if (read_canonical_record(chunk, r, root_line)) {
        add_record(out, std::move(r), root_line, start_line, document_lines);
        read = true;
      }
    }
    if (!read && reader != RecordParser::yaml_cpp &&
        load_chunk_libyaml(composer, chunk, at_stream_start && start == 0, start_line, file, out, document_lines))
      read = true;
    if (!read) {
      out.clear();
      lines.clear();
      load_chunk_yaml_cpp(chunk, start_line, file, out, document_lines);
    }
    for (size_t k = 0; k < out.size(); ++k) each(std::move(out[k]), lines[k]);
  };
  int line = first_line;
  for (size_t pos = 0; pos < text.size();) {
    size_t nl = text.find('\n', pos);
    size_t next = nl == std::string::npos ? text.size() : nl + 1;
    if (document_marker(text, pos) && pos > start) {
      load_chunk(pos);
      start = pos;
      start_line = line;
    }
    pos = next;
    ++line;
  }
  if (start < text.size()) load_chunk(text.size());
  return line - first_line;
}

std::vector<Record> read_records(const std::string& text, const std::string& file, std::vector<int>* document_lines,
                                 RecordParser reader) {
  std::vector<Record> records;
  Composer composer;
  read_piece(text, 0, true, file, reader, composer, [&](Record&& r, int line) {
    records.push_back(std::move(r));
    if (document_lines) document_lines->push_back(line);
  });
  return records;
}

}  // namespace

std::vector<Record> records_from_yaml(const std::string& text, const std::string& file, std::vector<int>* document_lines) {
  return read_records(text, file, document_lines, RecordParser::canonical_first);
}

std::vector<Record> records_from_yaml_libyaml(const std::string& text, const std::string& file,
                                              std::vector<int>* document_lines) {
  return read_records(text, file, document_lines, RecordParser::libyaml);
}

std::vector<Record> records_from_yaml_cpp(const std::string& text, const std::string& file,
                                          std::vector<int>* document_lines) {
  return read_records(text, file, document_lines, RecordParser::yaml_cpp);
}

namespace {
// Where the last document of `buf` starts (a "---" line past its first
// byte whose marker is known whole), looking only at line breaks from
// `from` on (before it, nothing was), or 0.
size_t last_document_start(const std::string& buf, size_t from) {
  for (size_t p = buf.rfind("\n---"); p != std::string::npos && p >= from;
       p = p == 0 ? std::string::npos : buf.rfind("\n---", p - 1))
    if (p + 4 < buf.size() && document_marker(buf, p + 1)) return p + 1;  // (else: what follows is not read yet)
  return 0;
}
}  // namespace

void stream_record_file(const std::filesystem::path& path, const std::function<void(Record&&, int)>& each) {
  std::string file = path.filename().string();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(file, "cannot open");
  constexpr size_t block = size_t{1} << 20;
  Composer composer;
  std::string buf;
  int first_line = 0;  // buf's first line in the file, 0-based
  bool at_start = true;
  for (;;) {
    size_t had = buf.size();
    buf.resize(had + block);
    in.read(buf.data() + had, static_cast<std::streamsize>(block));
    buf.resize(had + static_cast<size_t>(in.gcount()));
    if (!in) break;  // the end of the file (or a read error: what was read is read)
    size_t cut = last_document_start(buf, had >= 4 ? had - 4 : 0);
    if (cut == 0) continue;
    first_line += read_piece(std::string_view(buf).substr(0, cut), first_line, at_start, file,
                             RecordParser::canonical_first, composer, each);
    at_start = false;
    buf.erase(0, cut);
  }
  read_piece(buf, first_line, at_start, file, RecordParser::canonical_first, composer, each);
}

RecordDocument read_record_file(const std::filesystem::path& path, const ReadOptions&) {
  RecordDocument doc;
  stream_record_file(path, [&](Record&& r, int line) {
    doc.records.push_back(std::move(r));
    doc.document_lines.push_back(line);
  });
  return doc;
}

}  // namespace perfgoal

#include "emit/xml_writer.h"

#include <pugixml.hpp>

#include <charconv>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <regex>
#include <sstream>
#include <unordered_map>

#include "emit/stream_writers.h"
#include "model/errors.h"
#include "model/fields.h"
#include "model/text_safety.h"

#ifndef PERFGOAL_VERSION
#define PERFGOAL_VERSION "unknown"
#endif

namespace perfgoal {
namespace {

// A value that cannot be written, with where it comes from.
struct Problem {
  std::string file;
  int line = 0;
  int page = 0;
  std::string text;  // "form 3, field overview: ..."
};

// The first character XML 1.0 does not allow in `text` (control characters
// other than tab, LF, CR; U+FFFE, U+FFFF; invalid UTF-8), described, or "".
std::string forbidden_character(const std::string& text) {
  // The same characters are refused by unsafe_character, which passes
  // plainly safe text (most of it) in one quick pass.
  if (unsafe_character(text).empty()) return "";
  size_t i = 0, position = 0;
  auto hex = [](unsigned v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", v);
    return std::string(buf);
  };
  while (i < text.size()) {
    ++position;
    unsigned char c = static_cast<unsigned char>(text[i]);
    unsigned cp = 0;
    int len = 0;
    if (c < 0x80) cp = c, len = 1;
    else if ((c & 0xE0) == 0xC0) cp = c & 0x1F, len = 2;
    else if ((c & 0xF0) == 0xE0) cp = c & 0x0F, len = 3;
    else if ((c & 0xF8) == 0xF0) cp = c & 0x07, len = 4;
    else return "a byte that is not UTF-8 (0x" + hex(c).substr(4) + ") at character " + std::to_string(position);
    if (i + static_cast<size_t>(len) > text.size())
      return "truncated UTF-8 at character " + std::to_string(position);
    for (int k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(text[i + static_cast<size_t>(k)]);
      if ((cc & 0xC0) != 0x80) return "invalid UTF-8 at character " + std::to_string(position);
      cp = (cp << 6) | (cc & 0x3F);
    }
    bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return "invalid UTF-8 at character " + std::to_string(position);
    if ((cp < 0x20 && cp != 0x9 && cp != 0xA && cp != 0xD) || cp == 0xFFFE || cp == 0xFFFF)
      return "control character " + hex(cp) + " (not allowed in XML 1.0) at character " + std::to_string(position);
    i += static_cast<size_t>(len);
  }
  return "";
}

// pugixml's tree: the reference the stream is tested against
// (records_to_xml_tree), and how the XML was written before the stream.
struct TreeOut {
  using Node = pugi::xml_node;
  Node child(Node parent, const std::string& name) { return parent.append_child(name.c_str()); }
  void attribute(Node n, const std::string& name, const std::string& value) {
    n.append_attribute(name.c_str()).set_value(value.c_str());
  }
  void text(Node n, const std::string& value) { n.text().set(value.c_str()); }
};

// The same document written as it is rendered: pugixml's output
// (format_indent, two spaces) byte for byte, without a tree. An element's
// start tag stays open until its first child or text; an attribute that
// comes after them (a mapping may put one there) is inserted into its start
// tag. A node is an element still open: its place in the stack of open
// elements, 0 for the one the output starts inside (not written).
class StreamOut {
 public:
  using Node = std::size_t;
  // Elements opened inside node 0 are indented `depth` levels.
  StreamOut(std::string& out, int depth) : out_(out), depth_(depth) { open_.push_back(Open{nullptr, 0, Content::children}); }

  Node child(Node parent, const std::string& name) {
    close_inside(parent);
    indent(static_cast<int>(open_.size()));
    out_ += '<';
    out_ += name;
    open_.push_back(Open{&name, out_.size(), Content::none});
    return open_.size() - 1;
  }
  void attribute(Node n, const std::string& name, const std::string& value) {
    if (n == 0) throw std::runtime_error("XML mapping: an attribute («" + name + "») of the document element per form");
    close_below(n);
    Open& e = open_[n];
    if (e.content == Content::none) {
      append_attribute(out_, name, value);
      e.attributes_end = out_.size();
      return;
    }
    std::string a;
    append_attribute(a, name, value);
    out_.insert(e.attributes_end, a);
    e.attributes_end += a.size();
  }
  void text(Node n, const std::string& value) {
    if (n == 0) throw std::runtime_error("XML mapping: a text of the document element per form");
    close_below(n);
    Open& e = open_[n];
    if (e.content != Content::none) throw std::logic_error("XML writer: a text after an element's content");
    out_ += '>';
    append_text(out_, value);
    e.content = Content::text;
  }
  // Closes every element opened.
  void close_all() { close_below(0); }
  // Closes every element opened inside `n`, and its start tag: what follows
  // is more of its content, written elsewhere (close_all() ends it).
  void close_inside(Node n) {
    close_below(n);
    Open& e = open_[n];
    if (e.content == Content::none) {
      out_ += ">\n";
      e.content = Content::children;
    }
  }

 private:
  enum class Content : unsigned char { none, text, children };
  struct Open {
    const std::string* name;     // the mapping's, which outlives the output
    std::size_t attributes_end;  // where the start tag's next attribute goes
    Content content;
  };
  void indent(int level) { out_.append(static_cast<std::size_t>(2 * (depth_ + level - 1)), ' '); }
  void close_below(Node n) {
    while (open_.size() > n + 1) {
      const Open& e = open_.back();
      switch (e.content) {
        case Content::none: out_ += " />\n"; break;
        case Content::children: indent(static_cast<int>(open_.size()) - 1); [[fallthrough]];
        case Content::text:
          out_ += "</";
          out_ += *e.name;
          out_ += ">\n";
          break;
      }
      open_.pop_back();
    }
  }
  static void append_code(std::string& out, unsigned char c) {
    out += "&#";
    out += static_cast<char>('0' + c / 10);
    out += static_cast<char>('0' + c % 10);
    out += ';';
  }
  // As pugixml escapes: & < and the third mark (> in text, " in an
  // attribute's value) and control characters, but tab and line feed in
  // text (a carriage return as &#13;, as escape_cr makes pugixml's).
  template <char Third>
  static void append_escaped(std::string& out, const std::string& s) {
    std::size_t from = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(s[i]);
      if (c >= 0x20 && c != '&' && c != '<' && c != Third) continue;
      if (Third == '>' && (c == '\t' || c == '\n')) continue;
      out.append(s, from, i - from);
      from = i + 1;
      if (c == '&') out += "&amp;";
      else if (c == '<') out += "&lt;";
      else if (c == Third) out += Third == '>' ? "&gt;" : "&quot;";
      else append_code(out, c);
    }
    out.append(s, from, std::string::npos);
  }
  static void append_text(std::string& out, const std::string& s) { append_escaped<'>'>(out, s); }
  static void append_attribute(std::string& out, const std::string& name, const std::string& value) {
    out += ' ';
    out += name;
    out += "=\"";
    append_escaped<'"'>(out, value);
    out += '"';
  }

  std::string& out_;
  int depth_;
  std::vector<Open> open_;
};

template <class Out>
class Renderer {
 public:
  using Node = typename Out::Node;
  Renderer(const XmlMapping& m, std::vector<Problem>& problems, Out& out) : m_(m), problems_(problems), out_(out) {}

  // Where the values being written come from, for problems.
  void at(const Record* r, int form_number, const std::string& file) {
    record_ = r;
    form_number_ = form_number;
    file_ = file;
  }

  Node group(Node parent, const std::string& key) {
    const XmlName& n = name(key);
    if (n.is_flat()) return parent;
    Node e = out_.child(parent, n.element);
    if (!n.select_attribute.empty()) out_.attribute(e, n.select_attribute, n.select_value);
    return e;
  }

  // `field` is the record path, for messages ("indicators.period[2].value").
  void text(Node parent, const std::string& key, const std::optional<std::string>& v,
            const std::string& field) {
    if (v) text(parent, key, *v, field);
  }
  void text(Node parent, const std::string& key, const std::string& v, const std::string& field) {
    if (std::string why = forbidden_character(v); !why.empty()) {
      problem(field, why);
      return;
    }
    put(parent, key, v);
  }
  void integer(Node parent, const std::string& key, const std::optional<int>& v) {
    if (v) put(parent, key, std::to_string(*v));
  }
  void money(Node parent, const std::string& key, const std::optional<Decimal>& v) {
    if (v) put(parent, key, v->to_string_fixed(2));
  }
  void number(Node parent, const std::string& key, const std::optional<Decimal>& v) {
    if (v) put(parent, key, v->to_string());
  }
  // 填报日期 in the mapping's date format (ISO 8601, or the system's 14 digits).
  void date_time(Node parent, const std::string& key, const std::optional<std::string>& v,
                 const std::string& field) {
    if (!v) return;
    auto written = format_xml_date(*v, m_.date_format);
    if (!written) {
      problem(field, "'" + *v + "' is not an ISO 8601 date or date and time (YYYY-MM-DD[Thh:mm:ss])");
      return;
    }
    put(parent, key, *written);
  }
  // Named by where the form came from (its file and line); a record read
  // from YAML also names the input it was read from.
  void problem(const std::string& field, const std::string& why) {
    Problem p;
    p.file = file_;
    std::string form = "form " + std::to_string(form_number_);
    if (record_ && !record_->source.file.empty()) {
      p.file = record_->source.file;
      if (record_->source.lines) p.line = record_->source.lines->first;
      if (record_->source.pages) p.page = record_->source.pages->first;
      if (record_->source.file != file_) form += " of " + file_;
    }
    p.text = form + ", field " + field + ": " + why;
    problems_.push_back(std::move(p));
  }

  const XmlMapping& mapping() const { return m_; }
  Out& output() { return out_; }

 private:
  // m_.at(key), looked up once a key (the mapping's map compares whole keys).
  const XmlName& name(const std::string& key) {
    auto it = names_.find(key);
    if (it == names_.end()) it = names_.emplace(key, &m_.at(key)).first;
    return *it->second;
  }

  void put(Node parent, const std::string& key, const std::string& v) {
    const XmlName& n = name(key);
    if (n.is_attribute()) {
      out_.attribute(parent, n.attribute, v);
      return;
    }
    Node e = group(parent, key);
    out_.text(e, v);
  }

  const XmlMapping& m_;
  std::unordered_map<std::string, const XmlName*> names_;
  std::vector<Problem>& problems_;
  Out& out_;
  const Record* record_ = nullptr;
  int form_number_ = 0;
  std::string file_;
};

// A single value, written as its field's kind says. `field` is the record
// path, for messages.
template <class R, class Owner>
void leaf(R& out, typename R::Node parent, const std::string& key, const Field<Owner>& f, const Owner& o,
          const std::string& field) {
  switch (f.kind) {
    case FieldKind::text: out.text(parent, key, f.text(o), field); break;
    case FieldKind::integer:
    case FieldKind::years: out.integer(parent, key, f.integer(o)); break;
    case FieldKind::money: out.money(parent, key, f.number(o)); break;
    case FieldKind::quantity: out.number(parent, key, f.number(o)); break;
    case FieldKind::date_time: out.date_time(parent, key, f.text(o), field); break;
    case FieldKind::funds:
    case FieldKind::indicators: break;  // groups: written by their own functions
  }
}

// "PREFIX" + each field's path, made once (one prefix for each table of
// fields: the list is kept by the table's type).
template <class Fields>
const std::vector<std::string>& prefixed_paths(std::string_view prefix, const Fields& fields) {
  static const std::vector<std::string> keys = [&] {
    std::vector<std::string> k;
    for (const auto& m : fields) k.push_back(std::string(prefix) + std::string(m.path));
    return k;
  }();
  return keys;
}

template <class R>
void funds(R& out, typename R::Node parent, const std::string& key, const Funds& f) {
  typename R::Node g = out.group(parent, key);
  const auto fields = funds_fields();
  const auto& keys = prefixed_paths("funds.", fields);
  for (size_t n = 0; n < fields.size(); ++n) leaf(out, g, keys[n], fields[n], f, keys[n]);
}

// `key`: "indicators.period" or "indicators.annual".
template <class R>
void indicators(R& out, typename R::Node parent, const std::string& key, const std::vector<Indicator>& list) {
  const XmlCodes& codes = out.mapping().codes;
  typename R::Node g = out.group(parent, key);
  const std::string item = key + ".item";
  const auto fields = indicator_fields();
  const auto& keys = prefixed_paths("indicator.", fields);
  std::string leaf_field;
  for (size_t k = 0; k < list.size(); ++k) {
    const Indicator& i = list[k];
    const std::string field = key + "[" + std::to_string(k + 1) + "].";
    typename R::Node e = out.group(g, item);
    std::optional<std::string> code1 = i.level1 ? codes.level1_code(*i.level1) : std::nullopt;
    std::optional<std::string> code2 = i.level2 ? codes.level2_code(*i.level2, code1) : std::nullopt;
    for (size_t n = 0; n < fields.size(); ++n) {
      const auto& m = fields[n];
      leaf_field.assign(field).append(m.path);
      if (m.path == "op") {
        // 计算符号: the comparison's code; 定性 for a value with none.
        if (i.op || i.value) {
          std::optional<std::string> sign = codes.sign_code(i.op);
          if (sign)
            out.text(e, "indicator.sign", sign, leaf_field);
          else
            out.problem(leaf_field, "'" + *i.op + "' has no 计算符号 code (>=, >, =, <, <=)");
        }
        continue;
      }
      leaf(out, e, keys[n], m, i, leaf_field);
      // A category's code follows its name.
      if (m.path == "level1") out.text(e, "indicator.level1_code", code1, leaf_field);
      if (m.path == "level2") out.text(e, "indicator.level2_code", code2, leaf_field);
    }
  }
}

template <class R>
void form(R& out, typename R::Node root, const Record& r) {
  typename R::Node f = out.group(root, "form");
  typename R::Node s = out.group(f, "source");
  out.text(s, "source.file", r.source.file, "source.file");
  if (r.source.lines) {
    out.integer(s, "source.first_line", r.source.lines->first);
    out.integer(s, "source.last_line", r.source.lines->second);
  }
  if (r.source.pages) {
    out.integer(s, "source.first_page", r.source.pages->first);
    out.integer(s, "source.last_page", r.source.pages->second);
  }
  // The record's fields in record order; a field's group is an element.
  using Node = typename R::Node;
  each_record_field(
      f, [&](Node node, const std::string& group) { return out.group(node, group); },
      [&](const RecordField& field, Node parent) {
        const std::string path(field.path);
        if (field.kind == FieldKind::funds)
          funds(out, parent, path, field.funds(r));
        else if (field.kind == FieldKind::indicators)
          indicators(out, parent, path, field.list(r));
        else
          leaf(out, parent, path, field, r, path);
      });
}

[[noreturn]] void fail(const std::vector<Problem>& problems) {
  const Problem& first = problems.front();
  std::string message = "XML not written: " + first.text;
  if (problems.size() > 1) {
    message += "; and " + std::to_string(problems.size() - 1) + " more:";
    for (size_t k = 1; k < problems.size(); ++k)
      message += "\n  " + format_location(problems[k].file, problems[k].line, problems[k].page) + " " + problems[k].text;
  }
  throw InputError(first.file, message, first.line, first.page);
}

// pugixml writes a carriage return in text as is, and every XML reader
// turns it into a line feed; as a character reference it survives. (CR
// cannot be part of a multi-byte UTF-8 sequence, and pugixml's own line
// breaks are LF, so every CR here is one from a text.)
std::string escape_cr(std::string&& xml) {
  if (xml.find('\r') == std::string::npos) return std::move(xml);
  std::string escaped;
  escaped.reserve(xml.size());
  for (char ch : xml) {
    if (ch == '\r')
      escaped += "&#13;";
    else
      escaped += ch;
  }
  return escaped;
}

}  // namespace

namespace {

const std::string kXsiAttribute = "xmlns:xsi";
const std::string kXsi = "http://www.w3.org/2001/XMLSchema-instance";
const std::string kSchemaAttribute = "xsi:noNamespaceSchemaLocation";
const char* const kDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

// The document's root element and header (its sources, the number of
// forms), for the whole document and for the streamed one alike.
template <class R>
typename R::Node document_head(R& out, typename R::Node doc, const XmlMapping& m, const std::string& created,
                               const std::vector<std::string>& files, int forms) {
  auto& o = out.output();
  typename R::Node root = o.child(doc, m.at("document").element);
  o.attribute(root, kXsiAttribute, kXsi);
  o.attribute(root, kSchemaAttribute, m.schema);
  typename R::Node h = out.group(root, "header");
  out.text(h, "header.generator", std::string("perfgoal"), "header");
  out.text(h, "header.version", std::string(PERFGOAL_VERSION), "header");
  out.text(h, "header.record_format", std::string(kRecordFormat), "header");
  out.text(h, "header.mapping", m.name, "header");
  out.text(h, "header.created", created, "header");
  typename R::Node sources = out.group(h, "header.sources");
  for (const auto& file : files) {
    out.at(nullptr, 0, file);
    out.text(sources, "header.source", file, "source.file");
  }
  out.integer(h, "header.form_count", forms);
  return root;
}

// The document of a batch inside `doc`: its head (the inputs, the number of
// forms), then every form. Throws an InputError naming every value that
// cannot be written (`problems`: the renderer's).
template <class R>
void render_batch(R& out, typename R::Node doc, std::span<const Conversion> batch, const XmlMapping& m,
                  const std::string& created, const std::vector<Problem>& problems) {
  std::vector<std::string> files;
  size_t forms = 0;
  for (const auto& c : batch) {
    forms += c.records.size();
    files.push_back(c.file);
  }
  typename R::Node root = document_head(out, doc, m, created, files, static_cast<int>(forms));
  for (const auto& c : batch)
    for (size_t k = 0; k < c.records.size(); ++k) {
      out.at(&c.records[k], static_cast<int>(k + 1), c.file);
      form(out, root, c.records[k]);
    }
  if (!problems.empty()) fail(problems);
}

}  // namespace

std::string records_to_xml(std::span<const Conversion> batch, const XmlMapping& m, const std::string& created) {
  std::vector<Problem> problems;
  std::string xml = kDeclaration;
  StreamOut o(xml, 0);
  Renderer<StreamOut> out(m, problems, o);
  render_batch(out, StreamOut::Node{0}, batch, m, created, problems);
  o.close_all();
  return xml;
}

std::string records_to_xml_tree(std::span<const Conversion> batch, const XmlMapping& m, const std::string& created) {
  std::vector<Problem> problems;
  TreeOut o;
  Renderer<TreeOut> out(m, problems, o);
  pugi::xml_document doc;
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version").set_value("1.0");
  decl.append_attribute("encoding").set_value("UTF-8");
  render_batch(out, pugi::xml_node(doc), batch, m, created, problems);

  std::ostringstream text;
  doc.save(text, "  ", pugi::format_indent, pugi::encoding_utf8);
  return escape_cr(text.str());
}

namespace {

class XmlFormWriter : public FormWriter {
 public:
  XmlFormWriter(const XmlMapping& m, const std::filesystem::path& out, const std::string& input_file)
      : m_(m), out_(out), input_(input_file), file_(out), created_(xml_created_time()), stream_(xml_, 1),
        renderer_(m, problems_, stream_) {
    body_ = std::tmpfile();
    if (!body_) throw std::runtime_error("cannot write " + out.string() + ": no temporary file");
  }
  ~XmlFormWriter() override {
    if (body_) std::fclose(body_);
  }
  void add(const Record& r) override {
    ++forms_;
    xml_.clear();
    renderer_.at(&r, forms_, input_);
    form(renderer_, StreamOut::Node{0}, r);
    stream_.close_all();
    if (!problems_.empty()) return;  // refused at the end: no need to write on
    if (std::fwrite(xml_.data(), 1, xml_.size(), body_) != xml_.size())
      throw std::runtime_error("cannot write " + out_.string() + ": " + std::strerror(errno));
  }
  void finish(const FindingsOf&) override {
    if (!problems_.empty()) fail(problems_);
    // The document's head (the root element left open), the forms, its end.
    std::vector<Problem> problems;
    std::string xml = kDeclaration;
    StreamOut o(xml, 0);
    Renderer<StreamOut> out(m_, problems, o);
    StreamOut::Node root = document_head(out, StreamOut::Node{0}, m_, created_, {input_}, forms_);
    if (!problems.empty()) fail(problems);
    o.close_inside(root);
    std::ofstream f(file_.tmp(), std::ios::binary);
    f.write(xml.data(), static_cast<std::streamsize>(xml.size()));
    std::rewind(body_);
    std::vector<char> block(1 << 16);
    for (size_t n; (n = std::fread(block.data(), 1, block.size(), body_)) > 0;)
      f.write(block.data(), static_cast<std::streamsize>(n));
    if (std::ferror(body_)) throw std::runtime_error("cannot write " + out_.string() + ": reading the forms back");
    xml.clear();
    o.close_all();
    f << xml;
    file_.commit(f);
  }

 private:
  const XmlMapping& m_;
  std::filesystem::path out_;
  std::string input_;
  AtomicFile file_;
  std::string created_;
  std::vector<Problem> problems_;
  std::string xml_;  // a form's XML, the buffer kept between forms
  StreamOut stream_;
  Renderer<StreamOut> renderer_;
  std::FILE* body_ = nullptr;
  int forms_ = 0;
};

}  // namespace

std::unique_ptr<FormWriter> open_xml_form_writer(const XmlMapping& mapping, const std::filesystem::path& out,
                                                 const std::string& input_file) {
  return std::make_unique<XmlFormWriter>(mapping, out, input_file);
}

std::string xml_created_time() {
  std::time_t t = std::time(nullptr);
  if (const char* env = std::getenv("SOURCE_DATE_EPOCH"); env && *env) {
    long long seconds = 0;
    const char* end = env + std::strlen(env);
    auto [ptr, ec] = std::from_chars(env, end, seconds);
    if (ec != std::errc() || ptr != end || seconds < 0)
      throw std::runtime_error("SOURCE_DATE_EPOCH='" + std::string(env) + "' is not a number of seconds");
    t = static_cast<std::time_t>(seconds);
  }
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Writer xml_writer(XmlMapping mapping) {
  auto shared = std::make_shared<const XmlMapping>(std::move(mapping));
  return Writer{"xml", ".xml", [shared](std::span<const Conversion> batch, const std::filesystem::path& out) {
                  const XmlMapping& m = *shared;
                  std::string xml = records_to_xml(batch, m, xml_created_time());
                  write_stream_atomically(out, [&](std::ostream& f) { f << xml; });
                },
                [shared](const std::filesystem::path& out, const std::string& input_file) {
                  return open_xml_form_writer(*shared, out, input_file);
                }};
}

}  // namespace perfgoal

#include "config/yaml_file.h"

#include <yaml.h>

#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

namespace perfgoal {

namespace {

struct Parser {
  yaml_parser_t p;
  Parser() { yaml_parser_initialize(&p); }
  ~Parser() { yaml_parser_delete(&p); }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;
};

struct Event {
  yaml_event_t e{};
  bool held = false;
  ~Event() { clear(); }
  void clear() {
    if (held) yaml_event_delete(&e);
    held = false;
  }
};

std::string anchor_of(const yaml_char_t* anchor) { return anchor ? reinterpret_cast<const char*>(anchor) : ""; }

// A collection being filled: a sequence, or a mapping with the key read
// before its value (if any).
struct Open {
  YAML::Node node;
  bool map;
  std::optional<YAML::Node> key;
};

}  // namespace

std::optional<YAML::Node> parse_yaml_quickly(std::string_view text) {
  Parser parser;
  yaml_parser_set_input_string(&parser.p, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  std::vector<Open> open;
  std::map<std::string, YAML::Node> anchors;
  std::optional<YAML::Node> root;
  int documents = 0;
  // A node read: the root, the next item of the open sequence, or the open
  // mapping's key or value. Collections are put in place before they are
  // filled, so that their nodes join the tree's memory as they are made.
  auto place = [&](const YAML::Node& n) {
    if (open.empty()) {
      root = n;
      return;
    }
    Open& top = open.back();
    if (!top.map) {
      top.node.push_back(n);
    } else if (!top.key) {
      top.key = n;
    } else {
      top.node.force_insert(*top.key, n);
      top.key.reset();
    }
  };
  Event ev;
  for (;;) {
    ev.clear();
    if (!yaml_parser_parse(&parser.p, &ev.e)) return std::nullopt;
    ev.held = true;
    const yaml_event_t& e = ev.e;
    switch (e.type) {
      case YAML_STREAM_START_EVENT:
      case YAML_NO_EVENT:
        break;
      case YAML_DOCUMENT_START_EVENT:
        if (++documents > 1) return std::nullopt;
        break;
      case YAML_DOCUMENT_END_EVENT:
        break;
      case YAML_STREAM_END_EVENT:
        // No document: yaml-cpp's YAML::Load gives a null node.
        return root ? *root : YAML::Node();
      case YAML_ALIAS_EVENT: {
        auto it = anchors.find(anchor_of(e.data.alias.anchor));
        if (it == anchors.end()) return std::nullopt;
        place(it->second);
        break;
      }
      case YAML_SCALAR_EVENT: {
        const auto& s = e.data.scalar;
        std::string value(reinterpret_cast<const char*>(s.value), s.length);
        // yaml-cpp: a plain scalar without a tag that reads as null is null.
        YAML::Node n = s.style == YAML_PLAIN_SCALAR_STYLE && !s.tag && YAML::IsNullString(value)
                           ? YAML::Node(YAML::NodeType::Null)
                           : YAML::Node(value);
        if (s.anchor) anchors.insert_or_assign(anchor_of(s.anchor), n);
        place(n);
        break;
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        const bool map = e.type == YAML_MAPPING_START_EVENT;
        YAML::Node n(map ? YAML::NodeType::Map : YAML::NodeType::Sequence);
        const yaml_char_t* anchor = map ? e.data.mapping_start.anchor : e.data.sequence_start.anchor;
        if (anchor) anchors.insert_or_assign(anchor_of(anchor), n);
        place(n);
        open.push_back({n, map, std::nullopt});
        break;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT:
        if (open.empty()) return std::nullopt;
        open.pop_back();
        break;
    }
  }
}

std::optional<YAML::Node> read_yaml_file_quickly(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return parse_yaml_quickly(text);
}

}  // namespace perfgoal

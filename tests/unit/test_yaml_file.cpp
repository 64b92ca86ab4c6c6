#include <doctest/doctest.h>

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "config/form_template.h"
#include "config/yaml_file.h"
#include "normalize/checks.h"
#include "support.h"

using namespace perfgoal;
using namespace perfgoal::test;

namespace {

// The nodes as yaml-cpp shows them: type, text, items and pairs in order.
std::string shape(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Undefined:
      return "undefined";
    case YAML::NodeType::Null:
      return "~";
    case YAML::NodeType::Scalar:
      return "'" + n.Scalar() + "'";
    case YAML::NodeType::Sequence: {
      std::string s = "[";
      for (const auto& e : n) s += shape(e) + ",";
      return s + "]";
    }
    case YAML::NodeType::Map: {
      std::string s = "{";
      for (const auto& kv : n) s += shape(kv.first) + ":" + shape(kv.second) + ",";
      return s + "}";
    }
  }
  return "?";
}

std::string quick_shape(const std::string& text) {
  auto n = parse_yaml_quickly(text);
  REQUIRE(n.has_value());
  return shape(*n);
}

}  // namespace

TEST_CASE("parse_yaml_quickly: the same nodes as yaml-cpp's reader, for every YAML file of the templates") {
  int files = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(src("templates"))) {
    if (e.path().extension() != ".yaml") continue;
    ++files;
    const std::string text = slurp(e.path().string());
    CAPTURE(e.path().string());
    auto quick = parse_yaml_quickly(text);
    REQUIRE(quick.has_value());
    CHECK(shape(*quick) == shape(YAML::Load(text)));
  }
  CHECK(files >= 8);
}

TEST_CASE("parse_yaml_quickly: nulls, quoting, styles, anchors and aliases as yaml-cpp reads them") {
  const char* texts[] = {
      "",
      "a:\nb: ~\nc: null\nd: Null\ne: NULL\nf: 'null'\ng: \"~\"\nh: !!str null\ni: nil\n",
      "list: [1, 'two', \"三\", {k: v}]\nflow: {a: 1, b: [x, y]}\n",
      "text: |\n  第一行\n  第二行\nfolded: >\n  a\n  b\n\n  c\nplain: a\n  b\n",
      "base: &b {x: 1, y: [2, 3]}\nuse: *b\nname: &n 项目名称\nagain: *n\n",
      "- a\n- - b\n  - c\n-\n- {}\n- []\n",
      "dup: 1\ndup: 2\n? [complex, key]\n: value\n",
      "\xEF\xBB\xBF" "bom: 是\n",
      "--- \nonly: one\n...\n",
  };
  for (const std::string t : texts) {
    CAPTURE(t);
    CHECK(quick_shape(t) == shape(YAML::Load(t)));
  }
  // An alias is the node of its anchor, not a copy.
  auto n = parse_yaml_quickly("a: &x {k: 1}\nb: *x\n");
  REQUIRE(n.has_value());
  CHECK((*n)["a"].is((*n)["b"]));
}

TEST_CASE("parse_yaml_quickly: what libyaml does not read, or a second document, is left to yaml-cpp") {
  CHECK_FALSE(parse_yaml_quickly("a: [1, 2\n").has_value());
  CHECK_FALSE(parse_yaml_quickly("a: *missing\n").has_value());
  CHECK_FALSE(parse_yaml_quickly("a: 1\n---\nb: 2\n").has_value());
  CHECK_FALSE(read_yaml_file_quickly(src("templates/no-such-file.yaml")).has_value());
}

TEST_CASE("load_template: a refused template's message still names its line (read again by yaml-cpp)") {
  auto dir = scratch_dir("perfgoal-yaml-file");
  std::string text = slurp(src("templates/forms/ningxia-annual-project-targets.yaml"));
  // A field the record does not have, on a line of its own under fields:
  auto at = text.find("\nfields:\n");
  REQUIRE(at != std::string::npos);
  text.insert(at + 9, "  no_such_field: [某某]\n");
  const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at) + 9, '\n'));
  std::ofstream(dir / "t.yaml", std::ios::binary) << text;
  CHECK_THROWS_WITH(load_template(dir / "t.yaml"),
                    ((dir / "t.yaml").string() + ":" + std::to_string(line) + ": 'no_such_field' is not a field of the record").c_str());
  std::filesystem::remove_all(dir);
}

// The configuration's YAML files (form templates, checks, XML mappings) read
// by libyaml into yaml-cpp's nodes. yaml-cpp's own reader took about 1,300
// instructions a byte of those files (about 33 M instructions a run: most of
// converting a small input); libyaml reads them in a small part of that, and
// the code that understands the files keeps using yaml-cpp's nodes.
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <optional>
#include <string_view>

namespace perfgoal {

// The first document of `text` as yaml-cpp's reader makes it (the same nodes
// in the same order; a plain ~, null, Null, NULL or nothing is null; an alias
// is the node of its anchor), read by libyaml. std::nullopt when libyaml does
// not read the text or it holds more than one document. The nodes carry no
// marks (line numbers): a caller whose messages name lines reads the file
// again with yaml-cpp for them (read_yaml_file_quickly's callers do so
// whenever the quick reading's content is refused).
std::optional<YAML::Node> parse_yaml_quickly(std::string_view text);

// parse_yaml_quickly of the file's bytes; std::nullopt also when the file
// cannot be read (YAML::LoadFile then says so as before).
std::optional<YAML::Node> read_yaml_file_quickly(const std::filesystem::path& file);

}  // namespace perfgoal

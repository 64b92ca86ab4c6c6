// Writes a record as YAML (perfgoal-record/1) without a general emitter: the
// record's shape is fixed (model/fields.h), so each field is appended as its
// kind says. The bytes are those yaml-cpp's Emitter writes for the same
// record (block style, indent 2, text double-quoted, null as `null`); the
// unit tests compare the two on the fixtures and on generated odd text.
#pragma once

#include <string>
#include <string_view>

#include "model/record.h"

namespace perfgoal {

// Appends one document ("---\n" ... "\n") to `out`.
void append_record_yaml(std::string& out, const Record& r);

// Appends `text` as a double-quoted YAML scalar, escaped as yaml-cpp does:
// `"` `\` and control characters escaped, C1 controls, U+00A0 and the BOM
// as \x.. / \u.., invalid UTF-8 as U+FFFD, everything else verbatim.
void append_double_quoted(std::string& out, std::string_view text);

}  // namespace perfgoal

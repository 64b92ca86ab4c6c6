// A fast reader for records exactly as perfgoal writes them
// (emit/record_yaml.cpp): one line per key, in the field tables' order, text
// double-quoted on one line, numbers and null plain. It reads nothing else:
// a document with anything it does not expect (a comment, flow style, an
// anchor, a key out of order or missing, an escape or character it does not
// decode exactly as libyaml does) is declined, and the libyaml reader
// (extract/record_reader.cpp) reads it. What it accepts it reads as libyaml's
// reader does: the same record, the same lines (tested against that reader).
#pragma once

#include <string_view>

#include "model/record.h"

namespace perfgoal {

// One document of a stream, starting with its "---" line and ending at the
// next document's "---" (or the end of the stream). True when the document
// is in the writer's shape: `r` then holds the record (indicator lines
// 1-based within the document, as the libyaml reader counts them before
// moving them by the document's first line) and `root_line` the 0-based
// line of the record's mapping. False otherwise (`r` is then unspecified).
bool read_canonical_record(std::string_view document, Record& r, int& root_line);

}  // namespace perfgoal

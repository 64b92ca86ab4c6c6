// XML for the provincial reporting portal, rendered from records and
// written as it is rendered: pugixml's indented output byte for byte,
// without building its tree (tests compare the two). The names come from a
// mapping (templates/xml/*.yaml, see xml_mapping.h); each mapping ships
// with the XSD its output is valid against.
//
// One document per batch, one element per form. Money has two decimal places
// at least (exact, never rounded), dates are ISO 8601, the encoding is UTF-8.
// A text holding a character XML 1.0 forbids (a control character, invalid
// UTF-8) is never written: the writer throws an InputError naming the form
// and field, and no file is written.
#pragma once

#include <filesystem>
#include <span>
#include <string>

#include "emit/writer.h"
#include "emit/xml_mapping.h"
#include "model/conversion.h"

namespace perfgoal {

// The document for a batch. `created` is the header's time of conversion
// (ISO 8601, e.g. "2025-01-01T00:00:00Z").
std::string records_to_xml(std::span<const Conversion> batch, const XmlMapping& mapping, const std::string& created);

// The same document by way of a pugixml tree, as it was written before the
// stream (for tests: the stream's reference).
std::string records_to_xml_tree(std::span<const Conversion> batch, const XmlMapping& mapping,
                                const std::string& created);

// Now, or $SOURCE_DATE_EPOCH when set (reproducible output), as ISO 8601 UTC.
// Throws std::runtime_error when SOURCE_DATE_EPOCH is not a number of seconds.
std::string xml_created_time();

// The "xml" writer bound to a mapping (templates/xml/default.yaml unless
// perfgoal convert --xml-mapping names another): the writers table's entry.
Writer xml_writer(XmlMapping mapping);

}  // namespace perfgoal

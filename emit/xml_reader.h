// Reading the XML written by xml_writer back into records, with the same
// mapping: record -> XML -> record gives the record again.
#pragma once

#include <string>
#include <vector>

#include "emit/xml_mapping.h"
#include "model/record.h"

namespace perfgoal {

// Throws InputError naming `file` and the line on anything that is not a
// document of this mapping (malformed XML, a wrong root, a value that is not
// a number, an unknown 计算符号 code, a value given twice).
std::vector<Record> records_from_xml(const std::string& text, const std::string& file, const XmlMapping& mapping);

}  // namespace perfgoal

// Writers for inputs converted as a stream (emit/writer.h, FormWriter): the
// output of one input written record by record, the same bytes as the
// whole-batch writers give for that input.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "emit/writer.h"
#include "emit/xml_mapping.h"

namespace perfgoal {

// YAML records: each record's document appended as it comes.
std::unique_ptr<FormWriter> open_yaml_form_writer(const std::filesystem::path& out, const std::string& input_file);

// Portal XML: each form's element rendered alone and appended to a
// temporary body; the header (which counts the forms) is written when the
// input ends, then the body copied after it.
std::unique_ptr<FormWriter> open_xml_form_writer(const XmlMapping& mapping, const std::filesystem::path& out,
                                                 const std::string& input_file);

}  // namespace perfgoal

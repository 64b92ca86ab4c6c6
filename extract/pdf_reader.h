// PDF input, read with Poppler's core API: one pass over each page collects
// the characters with their boxes and the ruling lines of the grid (stroked
// segments and thin filled rectangles); extract/pdf_layout turns them into
// rows of cells. Scanned (image-only) pages, encrypted, damaged and truncated
// files are reported, and Poppler's own messages become reader notes.
#pragma once

#include <filesystem>

#include "extract/pdf_layout.h"
#include "extract/reader.h"
#include "model/cells.h"

namespace perfgoal {

// The first bytes of a PDF ("%PDF", possibly after a little junk).
bool sniff_pdf(std::string_view head);

// Throws InputError naming the file (and page) when it cannot be read:
// encrypted, damaged, truncated, or with no text at all (scanned).
CellDocument read_pdf_file(const std::filesystem::path& path, const ReadOptions& options);

// Poppler's message for a font that is not embedded and whose character
// collection it has no maps for ("Missing language pack for 'Adobe-GB1'
// mapping": Debian's poppler-data is not installed): what to tell the user,
// naming the collection; "" for any other message.
std::string missing_font_data(std::string_view poppler_message);

// What each page draws, before layout (for tests and the extract command).
std::vector<PdfPage> read_pdf_pages(const std::filesystem::path& path, std::vector<ReaderNote>& notes);

}  // namespace perfgoal

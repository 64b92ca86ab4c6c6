// The module's table (see pdf_module.h): its own readers.
#include "extract/pdf_module.h"

#include "extract/pdf_reader.h"
#include "extract/scan_reader.h"

extern "C" const perfgoal::PdfModule perfgoal_pdf_module = {perfgoal::read_pdf_file, perfgoal::read_image_file};

#pragma once
// The text lines of a scanned cell, from the ink counted in each row of its
// image (Leptonica's pixCountPixelsByRow): the scan reader
// (extract/scan_reader.cpp) reads a cell of several lines line by line.

#include <utility>
#include <vector>

namespace perfgoal {

// The pitch of the text lines (pixels from one line's top to the next's):
// the lag, between min_pitch and two thirds of the rows, at which the rows'
// ink counts repeat best (their autocorrelation's first clear peak); 0 when
// nothing repeats.
int line_pitch(const std::vector<int>& row_ink, int min_pitch);

// The lines of a crop as bands of rows [top, bottom] (inclusive): runs of
// rows with ink, a band much lower than the others (a comma's tail, a stray
// dot) joined to its nearer neighbour, and a band as high as two or more
// lines (lines that touch: a dense cell at a low resolution) cut at the
// rows with least ink, one line pitch apart. Empty when there is no ink; one band for one
// line; empty too when a band is too high for one line and cannot be cut
// (no clear gap between lines where the pitch says one should be).
std::vector<std::pair<int, int>> line_bands(const std::vector<int>& row_ink, int min_pitch);

// The lines of a crop `width` pixels wide: line_bands with min_pitch, then
// each band (or, when line_bands found no lines it could cut, all the rows
// with ink) at least twice as high as small_pitch in a long crop (at least
// 8 times as wide as the band is high: a row's ink is then the sum over many
// glyphs, so a gap between two lines stands out from the gaps between a
// glyph's strokes) cut at its nearly blank rows. Lines of a small font
// (Calc shrinking a sheet to the page: lines 7 pt apart) touch at a low
// resolution, below the usual minimum pitch; line_bands joins them, or
// takes a short last line for a comma's tail and joins it too. A part
// still that high is cut by line_bands with small_pitch.
std::vector<std::pair<int, int>> line_bands_of_small_text(const std::vector<int>& row_ink, int min_pitch,
                                                          int small_pitch, int width);

}  // namespace perfgoal

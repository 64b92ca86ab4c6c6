#pragma once
// What OCR's reading of a cell is made of, read as a Chinese form prints it:
// the scan reader (extract/scan_reader.cpp) applies these to each reading.

#include <string>
#include <utility>
#include <vector>

namespace perfgoal {

enum class MarkWidth;

// Punctuation in a reading that holds Chinese text, one symbol (UTF-8) per
// element, replaced in place by the form it is printed in (see the .cpp).
// `widths` (empty, or one per symbol): the printed width of a mark where it
// was measured (mark_width); a , ; : ( ) or ，；：（） of known width is the
// form of that width, whatever the rules would make of it.
void chinese_punctuation(std::vector<std::string>& symbols, const std::vector<MarkWidth>& widths = {});

// The unit after a value's number when it is none of the usual units (empty
// when it is one, or the text is no value): such a reading is doubtful.
std::string unknown_unit(const std::string& text);


// Can `text` be the digits of a value after its comparison sign ("90%",
// "1,000吨", "0.5")? No: it starts with no digit, with a 0 followed by a
// digit or a comma ("000,000": the sign's box took the number's first digit,
// a 7 taken for ">"), or its thousands groups are wrong ("00,000").
bool number_after_sign(const std::string& text);

// Did the digits model read a comparison sign the Chinese model left out as
// a digit? `digits` is `chinese` (a percentage) with a 2 before it: "80%"
// and "280%" for ≥80%. A 1 before it is no sign ("00%" and "100%": the
// Chinese model lost the 1), nor a 2 before an amount ("5,000", "25,000").
bool sign_read_as_digit(const std::string& chinese, const std::string& digits);

// The number of ASCII digits in `text`.
int digit_count(const std::string& text);

// The digits of a reading (one symbol, UTF-8, per element; `x0s`, `x1s`:
// each symbol's box across) that stand on ink of their own: a digit whose
// box lies within another digit's is a second reading of that digit's ink,
// not a digit of the number (≥4家 read as ">14家", the 1 at 62-66 inside
// the 4 at 62-78).
int digits_on_own_ink(const std::vector<std::string>& symbols, const std::vector<int>& x0s, const std::vector<int>& x1s);


// The numbers in a reading, one symbol (UTF-8) per element and the text line
// each is on: the ranges [first, last) of two or more symbols that are digits
// with , or . between digits ("35000万元": [0, 5); "≥1,200人": [1, 6)), each
// on one line. The scan reader joins each into one word: Tesseract's boxes
// leave gaps inside a number that would become spaces ("3500 0万元").
std::vector<std::pair<size_t, size_t>> number_runs(const std::vector<std::string>& symbols,
                                                   const std::vector<int>& lines);


// Is `text` a value as a form prints one: a comparison sign or none, a
// number ("1", "5,300,000", "98.5"), then nothing, % or a usual unit ("1年",
// "≥110人", "≤300万元")?
bool well_formed_value(const std::string& text);

// The digits of the number a value's reading starts with, after a sign or
// one other character read for it ("≤385774万7": "385774"; "之90%": "90";
// "125浪交": "125"), separators left out; empty when no number starts it.
std::string leading_digits(const std::string& text);

// Is `other`, another reading of the same ink, the value `first` is a
// misreading of? `first` starts with a number but is no well-formed value
// (its unit none of the usual ones, "125浪交"; digits after its unit,
// "125万7"); `other` is a well-formed value with the same digits in its
// number and about as many characters ("125万元"), and a sign where `first`
// has something before its number (not "90%" for 过90%: the sign lost, which
// its shape may give). A reading of the ink,
// never a value made up.
bool value_read_better(const std::string& first, const std::string& other);

// Which of a reading's symbols are digits read from a speck: the first
// digit of a number less than half as tall as the tallest digit of
// its line (`heights`: each
// symbol's box height; `lines`: its line), where two digits of that line or
// more are at least four fifths as tall (45人 read as 145人: the 1 a dot by
// the 4's foot). A lone digit, or digits all short, are judged by nothing.
std::vector<bool> speck_digits(const std::vector<std::string>& symbols, const std::vector<int>& heights,
                               const std::vector<int>& lines);

// Is `with` the reading `without` with one bar more right after a digit
// (] | ! l I: 1]年 beside 1年)? Two readings of the same ink (two
// thresholds) that differ so: the bar, which chinese_punctuation would take
// for a 1 (11年), is the digit's fringe or a speck one threshold kept.
bool bar_after_digit_added(const std::vector<std::string>& with, const std::vector<std::string>& without);

// Do the Chinese and the digits model's readings of a value disagree on a %
// alone (a number and % in one, the same number alone in the other, spaces
// aside)? Both know %: the glyph one of them took for % is likely something
// else (2个 read as 2 by the Chinese model and 2% by the digits model, which
// has no 个), or a % was lost.
bool percent_disputed(const std::string& chinese, const std::string& digits);

// How wide a punctuation mark is printed: half-width (, ; : ( ), the ASCII
// forms) or full-width (，；：（）). unknown: not measured, or in between.
enum class MarkWidth { unknown, half, full };

// A run of columns holding ink [x0, x1), its ink from row y0 to y1 (excluded).
struct InkRun {
  int x0 = 0, x1 = 0, y0 = 0, y1 = 0;
};

// The width a punctuation mark takes between its neighbours, from the ink of
// its text line: `runs` are the line's runs of columns holding ink, left to
// right, rows counted from the top of the line's ink; [x0, x1) the mark's
// box as the engine gives it (an estimate); `height` the height of the
// line's ink. The mark is the run nearest the box's middle, within a height
// of it, that has the mark's shape, not a character's narrow part (a 纟 of
// 缩): a bracket at most a third of the height wide; a comma at most half
// the height wide, its ink in the lower half of the line; a colon or a
// semicolon at most half the height wide, below the line's top and at most
// 0.8 of the height high. The space it takes is from the end of the ink
// before it to the start of the ink after it. -1 when no such run lies
// there, or it is the first or the last.
enum class MarkKind { bracket, comma, stop };
int mark_space(const std::vector<InkRun>& runs, int x0, int x1, int height, MarkKind kind);

// A mark taking `space` pixels in a line `height` pixels high: a full-width
// mark takes a whole character's width and the gaps on its sides (a
// character's ink is about its height); a half-width one half of that or
// less. In between (from 0.75 to 0.95 of the height): unknown.
MarkWidth mark_width(int space, int height);

// The height a line's characters are printed in, from `runs`, the line's
// runs of columns holding ink, and `height`, the height of its ink: that
// height, unless it is more than 1.25 times the median of the runs' own
// heights (a speck, or a stroke of the next line, reached into the line's
// rows): then that median. A full-width mark takes a character's width,
// about this height.
int character_height(const std::vector<InkRun>& runs, int height);


// The ink of a text line no glyph was read from: of the line's runs of
// columns holding ink [x0, x1), those farther than a sixth of the ink's
// `height` from every glyph's box [x0, x1) of the line (the boxes are the
// engine's estimates). A character lost in reading leaves such ink (项目资金
// read from 项目总资金, 3 from 3个, a list's 1. read as 1).
std::vector<std::pair<int, int>> unread_ink(const std::vector<std::pair<int, int>>& runs,
                                            const std::vector<std::pair<int, int>>& boxes, int height);


// Does a cell of a page scanned (or rendered) at `dpi` hold text, its ink
// (specks left out) `ink` pixels in a box `box_w` x `box_h`? Yes with the ink
// of a small digit (dpi²/1500 pixels, at least 12); with half of that too
// where the ink is one glyph's box as high as a digit printed small (1/25
// inch or more, at most 1/6) and not much narrower than a third of its
// height: a lone 0 of a form printed small (12 x 16 pixels, 52 of ink at 300
// dpi) was lost with its cell, a funds source left blank.
bool cell_holds_text(int ink, int box_w, int box_h, int dpi);

// The ink of a small digit at `dpi`: dpi²/1500 pixels, at least 12 (60 at
// 300 dpi). A cell with less holds specks, not text (but cell_holds_text).
int min_text_ink(int dpi);


// What a comma, semicolon or colon's ink shows (the Chinese model reads many
// a printed ； as ，, and ： as ；): `parts` are the runs of rows holding ink
// [y0, y1) in the mark's columns, rows counted from the top of its line's
// ink, `height` the height of the line's ink.
//   semicolon  a dot in the middle of the line above a tail at its foot
//              taller than the dot (1.3 times or more)
//   colon      a dot above another of about its size (at most 1.15 times)
//   unknown    anything else: one part (a comma, or a dot lost), parts
//              reaching over the line's upper third or taller than a third
//              of it (a character's stroke, not a mark)
enum class MarkShape { unknown, semicolon, colon };
MarkShape mark_shape(const std::vector<std::pair<int, int>>& parts, int height);

// `read` (one symbol) as the mark of `shape`, in the width it was read in
// (, and ; and : ASCII, ， ； ： full-width); `read` itself when it is
// none of , ; : ， ； ： or the shape is unknown.
std::string shaped_mark(const std::string& read, MarkShape shape);

// A value's readings weighed against each other, glyph by glyph.

// How many digits the number of a value's reading holds (one symbol, UTF-8,
// per element; `x0s`, `x1s`: each symbol's box across): the digits on ink of
// their own (extract/ocr_text: digits_on_own_ink), no more than those of
// the number the reading starts with (leading_digits): a digit after the
// unit is a misread part of the unit, not of the number ("<1598.31力7" read
// from ≤1598.31万元: six digits, not seven).
int number_digits_read(const std::vector<std::string>& symbols, const std::vector<int>& x0s,
                       const std::vector<int>& x1s);

// Did the digits model read a value's unit as digits? `chinese` is a
// well-formed value with a unit after its number ("2个", "≥3家"; not a bare
// number, nor %), and `digits` (the digits model's reading of the same ink:
// it knows no Chinese) holds that number's digits and more after them
// ("24": 个 read as 4). The Chinese model's reading is the one to keep.
bool unit_read_as_digits(const std::string& chinese, const std::string& digits);

// Is ink `width` pixels across and `height` high more than `digits` digits
// of that height take (each at most three quarters as wide as high, with its
// gap), with half a character to spare? Then a reading of that many digits
// left ink unread (2个 read as "2"), whatever Tesseract's boxes say (its box
// of the 2 took in the 个).
bool wider_than_digits(int width, int height, int digits);

}  // namespace perfgoal

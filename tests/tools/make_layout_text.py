#!/usr/bin/env python3
"""Writes a space-aligned (layout) text version of a tab-separated export,
as a PDF-to-text tool or a fixed-width export would: columns padded to a
common display width (CJK counts two), long cells pushing the row right.
usage: make_layout_text.py IN.txt OUT.txt"""
import sys, unicodedata
def w(s): return sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in s)
lines = open(sys.argv[1], encoding='utf-8').read().split('\n')
rows = [l.split('\t') for l in lines]
ncol = max(len(r) for r in rows)
width = [0]*ncol
for r in rows:
    if len(r) == 1: continue
    for i,c in enumerate(r): width[i] = max(width[i], min(w(c), 40))
out = []
for r in rows:
    if len(r) == 1: out.append(r[0]); continue
    s = ''
    for i,c in enumerate(r):
        s += c + ' ' * max(2, width[i] - w(c) + 2)
    out.append(s.rstrip())
open(sys.argv[2], 'w', encoding='utf-8').write('\n'.join(out))

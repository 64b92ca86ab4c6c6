#!/usr/bin/env python3
"""Every element and attribute declared in the XSDs of templates/xml/ has an
xs:annotation/xs:documentation that gives its Chinese label (at least one
CJK character) and its meaning. Usage: xsd_documented.py TEMPLATES_XML_DIR"""
import pathlib
import re
import sys
import xml.etree.ElementTree as ET

XS = "{http://www.w3.org/2001/XMLSchema}"
failed = []
xsds = sorted(pathlib.Path(sys.argv[1]).glob("*.xsd"))
if len(xsds) < 2:
    failed.append(f"expected the XSDs of both mappings in {sys.argv[1]}, found {len(xsds)}")
for xsd in xsds:
    count = 0
    for kind in ("element", "attribute"):
        for decl in ET.parse(xsd).iter(XS + kind):
            count += 1
            doc = decl.find(f"{XS}annotation/{XS}documentation")
            text = (doc.text or "") if doc is not None else ""
            if not re.search(r"[\u4e00-\u9fff]", text):
                failed.append(f"{xsd.name}: {kind} {decl.get('name')}: no documentation with its Chinese label")
    print(f"{xsd.name}: {count} declarations documented")
for f in failed:
    print(f, file=sys.stderr)
sys.exit(1 if failed else 0)

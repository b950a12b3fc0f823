#!/usr/bin/env python3
# Writes the PTX of every gpu.binary object in an .mlir file (the output of
# scan-opt --scan-to-nvvm) to DIR/<binary>.ptx, one file per kernel module,
# and prints their names. Used by the ptxas tests.
import os
import re
import sys

source, directory = open(sys.argv[1]).read(), sys.argv[2]
os.makedirs(directory, exist_ok=True)
pattern = re.compile(r'gpu\.binary @(\w+)\s+\[#gpu\.object<.*?assembly = "((?:[^"\\]|\\.)*)"')
count = 0
for match in pattern.finditer(source):
    text = re.sub(r"\\([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)), match.group(2))
    text = text.replace("\\\\", "\\")
    with open(os.path.join(directory, match.group(1) + ".ptx"), "w") as out:
        out.write(text)
    print(match.group(1))
    count += 1
if count == 0:
    sys.exit("extract-ptx: no gpu.binary with PTX in " + sys.argv[1])

#!/usr/bin/env python3
"""Prints every skipped test of the last ctest run with the reason it gave.

Usage: skip_report.py <build-dir>. Reads Testing/Temporary/LastTest.log, where each
skipped GoogleTest case printed `<file>:<line>: Skipped` followed by its reason.
"""
import re
import sys
from collections import Counter
from pathlib import Path

log = Path(sys.argv[1]) / "Testing" / "Temporary" / "LastTest.log"
if not log.exists():
    sys.exit(0)
text = log.read_text(errors="replace")
skips = []
# Each test's block starts with "N/M Testing: name" at the start of a line.
for block in re.split(r"^(?=\d+/\d+ Testing: )", text, flags=re.M):
    m = re.search(r"^\d+/\d+ Testing: (\S+)", block, re.M)
    if not m or "Skip regular expression found" not in block:
        continue
    reason = re.search(r":\d+: Skipped\n(.*?)\n\[  SKIPPED \]", block, re.S)
    skips.append((m.group(1), reason.group(1).strip() if reason else "(no reason given)"))
if not skips:
    print("No test was skipped.")
    sys.exit(0)
print(f"{len(skips)} skipped test(s), each with its reason:")
for name, reason in sorted(skips):
    print(f"  SKIPPED {name}: {reason}")
print("Skips by reason:")
for reason, n in Counter(r for _, r in skips).most_common():
    print(f"  {n:4d} x {reason}")

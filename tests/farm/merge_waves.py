"""The farm's merge summary carries the `waves:` command a failing
cross-check seed printed (scripts/farm/sriov_farm/merge.py).

  merge_waves.py SCRIPTS_FARM_DIR
"""
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, sys.argv[1])
from sriov_farm import junit, merge  # noqa: E402

# A failing case as ctest --output-junit writes it (output in system-out).
CASE = """<testcase name="regression_seed_1003" classname="x" time="1.5" status="fail">
<failure message=""/>
<system-out>RTL/TLM mismatch (data) at 1200 ns, seed 1003
  reproduce: sriov-xcheck --seed 1003 --tlps 200000
waves: sriov-xcheck --seed 1003 --tlps 200000 --variant xcheck_trace --vcd w.vcd --waves-from 0s --waves-to 11.2us
</system-out></testcase>"""
PASSING = '<testcase name="regression_seed_1004" classname="x" time="1.0" status="run"/>'

plan = {"build": "/b", "label": "regression", "shards": [["regression_seed_1003",
                                                          "regression_seed_1004"]],
        "tests": {n: {"seed": s, "command": ["/b/sriov-xcheck", "--seed", str(s)], "workdir": "/b"}
                  for n, s in (("regression_seed_1003", 1003), ("regression_seed_1004", 1004))}}
cases = [ET.fromstring(CASE), ET.fromstring(PASSING)]
text = merge.summary(plan, junit.totals(cases), cases, [], [])
print(text, end="")
want = ("    waves: sriov-xcheck --seed 1003 --tlps 200000 --variant xcheck_trace --vcd w.vcd "
        "--waves-from 0s --waves-to 11.2us")
lines = text.splitlines()
if want not in lines or sum(line.strip().startswith("waves:") for line in lines) != 1:
    sys.exit("merge_waves.py: the summary lacks the failing seed's waves line (only it)")
if lines.index(want) < lines.index("  regression_seed_1003 (seed 1003)"):
    sys.exit("merge_waves.py: the waves line is not under its test")

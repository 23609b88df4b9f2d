#!/usr/bin/env python3
"""The one coverage table of scripts/coverage.sh (docs/verification.md, "Coverage").

  coverage_table.py ROOT REPORT_DIR
  coverage_table.py ROOT REPORT_DIR --uncovered   # RTL line/branch points never hit

reads REPORT_DIR/rtl.dat (Verilator's database: line, branch and toggle
points by kind and by block: the fixed sriov_cfg_space and the configurable
sriov_cfg_port_space get rows of their own), rtl.info and cxx.info (the lcov tracefiles the HTML report
shows: its RTL figure counts source lines carrying any point, of any kind)
and fcov.txt (sriov-xcheck --fcov-merge), and prints one Markdown table:
covered / total and % per kind.
"""
import collections
import re
import sys
from pathlib import Path


def read_info(path, root, by_file=False):
    """{top folder (or file): [lines hit, lines, branches hit, branches]} of an lcov tracefile."""
    sums = collections.defaultdict(lambda: [0, 0, 0, 0])
    folder = None
    for line in Path(path).read_text(encoding="latin-1").splitlines():
        if line.startswith("SF:"):
            src = line[3:]
            if src.startswith(root + "/"):
                src = src[len(root) + 1:]
            if by_file:
                folder = Path(src).name
            else:
                folder = src.split("/")[0] if "/" in src else "."
        elif line.startswith("DA:"):
            count = line[3:].split(",")[1]
            sums[folder][0] += int(float(count)) > 0
            sums[folder][1] += 1
        elif line.startswith("BRDA:"):
            taken = line[5:].split(",")[3]
            sums[folder][2] += taken not in ("-", "0")
            sums[folder][3] += 1
    return sums


def read_points(path):
    """{(kind, module): [points hit, points]} of a Verilator coverage database.

    kind is line, branch or toggle; module the block the point is in (its
    page, e.g. v_line/sriov_cfg_port_space), so the two blocks get rows of
    their own."""
    kinds = collections.defaultdict(lambda: [0, 0])
    for line in Path(path).read_text(encoding="latin-1").splitlines():
        m = re.match(r"C '(.*)' (\d+)$", line)
        if not m:
            continue
        fields = dict(f.split("\x02", 1) for f in m.group(1).split("\x01") if "\x02" in f)
        kind, _, module = fields.get("page", "?/?").partition("/")
        # A parameterised instance's module is named e.g. sriov_req_fsm__C3:
        # one row per source module.
        key = (kind.replace("v_", ""), re.sub(r"__\w+$", "", module))
        kinds[key][0] += int(m.group(2)) > 0
        kinds[key][1] += 1
    return kinds


def uncovered(root, path):
    """Every RTL line or branch point never hit (toggles left out: see the
    docs), as 'file:line: kind point (module): source line'."""
    out = set()
    for line in Path(path).read_text(encoding="latin-1").splitlines():
        m = re.match(r"C '(.*)' (\d+)$", line)
        if not m or int(m.group(2)) > 0:
            continue
        fields = dict(f.split("\x02", 1) for f in m.group(1).split("\x01") if "\x02" in f)
        kind, _, module = fields.get("page", "?/?").partition("/")
        if kind == "v_toggle":
            continue
        src, no = fields.get("f", "?"), int(fields.get("l", "0"))
        try:
            text = (Path(root) / "rtl" / src).read_text().splitlines()[no - 1].strip()
        except (OSError, IndexError):
            text = "?"
        out.add((src, no, f"{kind[2:]} {fields.get('o', '?')} ({module}): {text}"))
    return [f"{src}:{no}: {what}" for src, no, what in sorted(out)]


def read_fcov(path):
    """(goal bins hit, goal bins, requests sampled) of an --fcov-merge summary."""
    text = Path(path).read_text()
    m = re.search(r"(\d+) requests sampled, (\d+) of (\d+) goal bins hit", text)
    if not m:
        sys.exit(f"coverage_table.py: no functional coverage summary in {path}")
    return int(m.group(2)), int(m.group(3)), int(m.group(1))


def row(kind, hit, total, note=""):
    pct = f"{100.0 * hit / total:.1f}" if total else "-"
    return f"| {kind} | {hit} / {total} | {pct} |{(' ' + note) if note else ''}"


# The RTL blocks, each with its rows: (module, source file, what it is).
BLOCKS = (("sriov_cfg_space", "sriov_cfg_space.sv", "fixed block"),
          ("sriov_cfg_port_space", "sriov_cfg_port_space.sv", "configurable block"),
          ("sriov_req_fsm", "sriov_req_fsm.sv", "request state machine of both blocks"),
          ("sriov_cfg_pkg", "sriov_cfg_pkg.sv", "package"))


def main(root, report):
    report = Path(report)
    rtl = read_info(report / "rtl.info", root, by_file=True)
    cxx = read_info(report / "cxx.info", root)
    points = read_points(report / "rtl.dat")
    f_hit, f_total, samples = read_fcov(report / "fcov.txt")
    lines = ["| kind | covered / total | % |", "|---|---|---|"]
    for module, source, what in BLOCKS:
        kinds = ("line", "branch", "toggle")
        if not any((k, module) in points for k in kinds) and source not in rtl:
            continue
        for kind in kinds:
            lines.append(row(f"RTL {kind} points, {what} {module} (Verilator)",
                             *points.get((kind, module), [0, 0])))
        v = rtl.get(source, [0, 0, 0, 0])
        lines.append(row(f"RTL source lines with any point, {source} (the HTML's figure)",
                         v[0], v[1]))
    lines.append(row(f"functional goal bins ({samples} requests)", f_hit, f_total))
    for folder in ("models", "sw-stubs"):
        v = cxx.get(folder, [0, 0, 0, 0])
        lines.append(row(f"C++ line, {folder}/ (gcov)", v[0], v[1]))
        lines.append(row(f"C++ branch, {folder}/ (gcov)", v[2], v[3]))
    both = [sum(cxx.get(f, [0, 0, 0, 0])[i] for f in ("models", "sw-stubs")) for i in range(4)]
    lines.append(row("C++ line, both (gcov)", both[0], both[1]))
    lines.append(row("C++ branch, both (gcov)", both[2], both[3]))
    print("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[3] == "--uncovered":
        print("\n".join(uncovered(sys.argv[1], Path(sys.argv[2]) / "rtl.dat")))
    elif len(sys.argv) == 3:
        main(sys.argv[1], sys.argv[2])
    else:
        sys.exit(__doc__)

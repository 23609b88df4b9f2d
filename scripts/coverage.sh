#!/usr/bin/env bash
# RTL coverage of the cross-check (docs/verification.md, "Coverage").
#
# Builds the coverage configuration (SRIOV_XCHECK_COVERAGE=ON: the xcheck RTL
# variant and sriov-sim's default_cov variant carry Verilator line + toggle
# coverage), runs the crosscheck label (each test writes one coverage
# database), merges them with verilator_coverage, prints line/toggle/branch
# figures and the uncovered lines, and writes an HTML report with genhtml when
# lcov is installed. Functional coverage of the stimulus is printed by the
# label's last test (xcheck_fcov_summary_crosscheck).
#
#   scripts/coverage.sh                 # build/coverage, -j2
#   BUILD_DIR=/tmp/cov JOBS=4 scripts/coverage.sh
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=$(realpath -m "${BUILD_DIR:-$root/build/coverage}")
jobs=${JOBS:-2}
out=$build/coverage-report

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSRIOV_XCHECK_COVERAGE=ON
cmake --build "$build" -j"$jobs" --target sriov-xcheck sriov-sim
rm -rf "$build/xcheck-coverage" "$out"
mkdir -p "$build/xcheck-coverage" "$out"
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
ctest --test-dir "$build" -L crosscheck -j"$jobs" --output-on-failure \
    | grep -E "tests passed|tests failed|functional coverage|^ +(pf|vf|absent|type1) |Total Test time" || true

shopt -s nullglob
dbs=("$build"/xcheck-coverage/*.dat)
if [ ${#dbs[@]} -eq 0 ]; then
    echo "coverage.sh: no coverage databases were written" >&2
    exit 1
fi
verilator_coverage --write "$out/merged.dat" "${dbs[@]}"
echo "merged ${#dbs[@]} coverage databases -> $out/merged.dat"

# Per-type figures: points hit / points, by coverage type (line, toggle, branch, ...).
python3 - "$out/merged.dat" <<'PY'
import re, sys, collections
tot = collections.Counter(); hit = collections.Counter()
for line in open(sys.argv[1], encoding="latin-1"):
    m = re.match(r"C '(.*)' (\d+)$", line.rstrip("\n"))
    if not m:
        continue
    fields = dict(f.split("\x02", 1) for f in m.group(1).split("\x01") if "\x02" in f)
    kind = fields.get("page", "?").split("/")[0].replace("v_", "")
    tot[kind] += 1
    hit[kind] += int(m.group(2)) > 0
for k in sorted(tot):
    print(f"  {k:8s} {hit[k]:6d} / {tot[k]:6d}  {100.0 * hit[k] / tot[k]:5.1f}%")
print(f"  {'total':8s} {sum(hit.values()):6d} / {sum(tot.values()):6d}  "
      f"{100.0 * sum(hit.values()) / max(1, sum(tot.values())):5.1f}%")
PY

# The coverage points name the RTL sources relative to rtl/ (where Verilator ran).
cd "$root/rtl"
verilator_coverage --annotate "$out/annotated" --annotate-min 1 "$out/merged.dat"
echo "annotated sources: $out/annotated (lines marked %000000 were never hit):"
grep -n "^%000000" "$out"/annotated/*.sv | sed 's/^/  /' | head -60 || true

if command -v genhtml >/dev/null 2>&1; then
    verilator_coverage --write-info "$out/merged.info" "$out/merged.dat"
    genhtml --quiet --output-directory "$out/html" "$out/merged.info" >/dev/null 2>&1 \
        && echo "HTML report: $out/html/index.html" \
        || echo "genhtml failed (see $out/merged.info)"
else
    echo "lcov/genhtml not installed: no HTML report"
fi

#!/usr/bin/env bash
# One coverage figure per kind, one HTML report, one summary table
# (docs/verification.md, "Coverage"):
#   - RTL line / branch / toggle: Verilator coverage of the cross-checked RTL
#     (the xcheck variant, and default_cov for sriov-sim --rtl-check), every
#     crosscheck-label run writing one database, merged by verilator_coverage;
#   - functional: the goal bins of the cross-check's stimulus (the crosscheck
#     label's merged .fcov files; that label fails when a goal bin is missed);
#   - C++ line / branch of models/ and sw-stubs/: gcov over the whole default
#     test suite (every label but regression and synth), read by lcov.
# Builds the `coverage` preset (build/coverage: gcov on our code,
# SRIOV_XCHECK_COVERAGE=ON), runs every test but the regression and synth
# labels, and writes
# build/coverage/coverage-report/{summary.md, html/index.html, rtl-annotated/}.
# The RTL line and branch figures of the table are lcov's reading of the same
# tracefile the HTML shows, so the table, the HTML and the docs agree.
#
#   scripts/coverage.sh                 # -j2
#   JOBS=4 scripts/coverage.sh
# Exits 1 when a test failed (the report is still written), 2 when a tool is missing.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build/coverage
jobs=${JOBS:-2}
out=$build/coverage-report

for tool in lcov genhtml verilator_coverage python3; do
    command -v "$tool" >/dev/null || { echo "coverage.sh: $tool is not installed (Debian: lcov, verilator)" >&2; exit 2; }
done

# What the docs quote with the table: when, and how busy the machine was.
load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "coverage.sh: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(load), JOBS=$jobs"
started=$SECONDS

cd "$root"
cmake --preset coverage >/dev/null
cmake --build --preset coverage -j"$jobs"

# A fresh measurement: no counters, databases or hit files of an earlier run.
find "$build" -name '*.gcda' -delete
rm -rf "$build/xcheck-coverage" "$out"
mkdir -p "$build/xcheck-coverage" "$out"
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
tests_rc=0
# (not the regression label, nor synth: yosys runs no C++ of ours and no cross-check)
ctest --test-dir "$build" -LE "^(regression|synth)$" -j"$jobs" >"$out/ctest.log" 2>&1 || tests_rc=$?
grep -E "tests passed|tests failed|Total Test time" "$out/ctest.log" | sed 's/^/ctest: /'

# RTL: merge the databases, the lcov tracefile of the merge, the toggle figure
# (lcov has no toggle kind) and the annotated sources.
shopt -s nullglob
dbs=("$build"/xcheck-coverage/*.dat)
[ ${#dbs[@]} -gt 0 ] || { echo "coverage.sh: no RTL coverage databases were written" >&2; exit 1; }
verilator_coverage --write "$out/rtl.dat" "${dbs[@]}"
verilator_coverage --write-info "$out/rtl.info" "$out/rtl.dat"
# The coverage points name the RTL sources relative to rtl/, where Verilator ran.
sed -i "s|^SF:\([^/]\)|SF:$root/rtl/\1|" "$out/rtl.info"
(cd "$root/rtl" && verilator_coverage --annotate "$out/rtl-annotated" --annotate-min 1 \
    "$out/rtl.dat" >/dev/null)
# Every RTL line and branch point never hit, as file:line: kind, source (the
# docs list each with its reason).
python3 "$root/scripts/coverage_table.py" "$root" "$out" --uncovered >"$out/rtl-uncovered.txt"

# Functional: the crosscheck label's hit files, merged.
"$build/tb/crosscheck/sriov-xcheck" --fcov-merge "$build/xcheck-fcov/crosscheck" >"$out/fcov.txt"

# C++: every test's counters, models/ and sw-stubs/ only. Sources are named
# relative to the build folder (../../models/... when ccache's CCACHE_BASEDIR
# rewrote the paths) or to the tree (models/..., -ffile-prefix-map): both
# resolve against the build folder, the second then moves to the tree.
lcov_rc=(--rc lcov_branch_coverage=1 --rc geninfo_no_exception_branch=1)
lcov "${lcov_rc[@]}" --quiet --capture --directory "$build" --base-directory "$build" \
    --output-file "$out/all.info" 2>"$out/lcov.log"
sed -i "s|^SF:$build/|SF:$root/|" "$out/all.info"
lcov "${lcov_rc[@]}" --quiet --extract "$out/all.info" "$root/models/*" "$root/sw-stubs/*" \
    --output-file "$out/cxx.info" 2>>"$out/lcov.log"

genhtml "${lcov_rc[@]}" --quiet --branch-coverage --prefix "$root" --title "sriov-tlm coverage" \
    --output-directory "$out/html" "$out/cxx.info" "$out/rtl.info" >>"$out/lcov.log" 2>&1

python3 "$root/scripts/coverage_table.py" "$root" "$out" | tee "$out/summary.md"
echo "coverage.sh: $(( (SECONDS - started) / 60 )) min in all, load $(load) at the end"
echo "HTML report: $out/html/index.html"
echo "RTL line/branch points never hit: $out/rtl-uncovered.txt ($(wc -l <"$out/rtl-uncovered.txt")); annotated sources: $out/rtl-annotated (%000000)"
if [ "$tests_rc" -ne 0 ]; then
    echo "coverage.sh: tests failed (see $out/ctest.log)" >&2
    exit 1
fi

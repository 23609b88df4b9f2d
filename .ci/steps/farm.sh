#!/usr/bin/env bash
# CI step: the regression farm for real (docs/regressions.md). Installs
# slurm-wlm and munge, starts a one-node Slurm cluster on localhost in a
# temporary folder, submits a 4-task job array over a reduced seed set,
# waits (with a timeout), merges, and checks that the merged JUnit totals and
# the merged functional coverage equal the same seeds run by plain ctest.
# The daemons are stopped on every exit. Uses build/default (built if needed).
#   FARM_SEEDS=1000-1015 FARM_TASKS=4 FARM_TIMEOUT=300 .ci/steps/farm.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
top=$(pwd)
start=$(date +%s)
stamp() { echo "== farm [$(($(date +%s) - start))s] $*"; }
build=$top/build/default
seeds=${FARM_SEEDS:-1000-1015}
tasks=${FARM_TASKS:-4}
timeout=${FARM_TIMEOUT:-300}

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    stamp "installing slurm-wlm and munge"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
fi
if [ ! -x "$build/tb/crosscheck/sriov-xcheck" ]; then
    stamp "building sriov-xcheck (build/default)"
    cmake --preset default >/dev/null
    cmake --build --preset default -j "$(nproc)" --target sriov-xcheck
fi

work=$(mktemp -d /tmp/sriov-farm-ci.XXXXXX)
# On every exit: the daemons stop; the folder goes on success, stays on failure.
cleanup() {
    local rc=$?
    scripts/farm/local-cluster.sh stop "$work/cluster"
    if [ "$rc" -eq 0 ]; then rm -rf "$work"; else echo "farm.sh: failed; results and logs in $work" >&2; fi
}
trap cleanup EXIT
stamp "one-node Slurm cluster in $work/cluster"
scripts/farm/local-cluster.sh start "$work/cluster"
export SLURM_CONF=$work/cluster/slurm.conf

stamp "sriov-farm: seeds $seeds in $tasks array tasks"
farm_rc=0
scripts/farm/sriov-farm submit --build "$build" --out "$work/farm" --tasks "$tasks" \
    --seeds "$seeds" --wait "$timeout" || farm_rc=$?

stamp "the same seeds by plain ctest"
first=${seeds%-*}
last=${seeds#*-}
# Every regression test of those seeds: the 82599 seeds and the description
# seeds (regression_device_<name>_seed_<n>), as the farm's plan takes them.
regex="^regression_(device_.*_)?seed_($(seq -s '|' "$first" "$last"))\$"
plain_rc=0
SRIOV_RESULTS_DIR=$work/plain ctest --test-dir "$build" -L '^regression$' -R "$regex" -FA '.*' \
    -j "$(nproc)" --output-junit "$work/plain/junit.xml" >"$work/plain.log" || plain_rc=$?

stamp "compare"
scripts/farm/sriov-farm compare "$work/farm/merged/junit.xml" "$work/plain/junit.xml"
"$build/tb/crosscheck/sriov-xcheck" --fcov-merge "$work/plain/xcheck-fcov/regression" \
    | tail -n +2 >"$work/plain-fcov.txt"
tail -n +2 "$work/farm/merged/fcov-summary.txt" | diff - "$work/plain-fcov.txt"
echo "merged functional coverage equal to plain ctest's"
# The check can fail: one test fewer must not compare equal.
python3 - "$work/farm/merged/junit.xml" "$work/short.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
tree = ET.parse(sys.argv[1])
suite = tree.getroot().find("testsuite")
suite.remove(suite.find("testcase"))
tree.write(sys.argv[2])
PY
if scripts/farm/sriov-farm compare "$work/farm/merged/junit.xml" "$work/short.xml" >/dev/null; then
    echo "farm.sh: compare accepted different totals" >&2
    exit 1
fi
if [ "$farm_rc" -ne 0 ] || [ "$plain_rc" -ne 0 ]; then
    echo "farm.sh: failing tests (farm exit $farm_rc, plain ctest exit $plain_rc)" >&2
    exit 1
fi
stamp "done"

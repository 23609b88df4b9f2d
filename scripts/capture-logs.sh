#!/usr/bin/env bash
# Writes the JSONL transaction logs of the reference runs into OUT:
# the default run, --flow linux, and every tb/scenarios/*.sriov, in LT and AT.
# Two captures of different builds compare with `diff -r OUT1 OUT2`: a
# refactoring that keeps behaviour leaves them identical. Pointer values the
# stubs print (NdisMiniportHandle, InformationBuffer) change with address-space
# layout randomization from run to run; they are written as PTR.
#   scripts/capture-logs.sh SRIOV_SIM OUT
set -euo pipefail
sim=$(realpath "$1")
out=$2
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mkdir -p "$out"
cd "$out" # relative log names: the printed summaries compare too
for mode in lt at; do
    "$sim" --mode "$mode" --out-dir . --log "default-$mode.jsonl" >"default-$mode.txt"
    "$sim" --flow linux --mode "$mode" --log "linux-$mode.jsonl" >"linux-$mode.txt"
    for f in "$top"/tb/scenarios/*.sriov; do
        name=$(basename "$f" .sriov)
        "$sim" --scenario "$f" --mode "$mode" --log "$name-$mode.jsonl" \
            >"$name-$mode.txt" || echo "$name ($mode): exit $?" >>"exit-codes.txt"
    done
done
rm -f ./*.vcd # the default run's waveform carries the date
sed -i "s#$top/##g" ./*.txt # the summaries name the scenario file; captures of two checkouts compare
sed -E -i 's/(NdisMiniportHandle|InformationBuffer)=(0x[0-9a-f]+|\(nil\))/\1=PTR/g' ./*.jsonl
echo "capture-logs: $(ls ./*.jsonl | wc -l) logs in $PWD"

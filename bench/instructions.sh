#!/usr/bin/env bash
# Instructions per TLP of each path, from callgrind: the figure that does not
# move with the load of a shared machine (docs/performance.md). Each figure is
# the difference of two runs that differ only in the number of TLPs, divided
# by that difference, so start-up, elaboration and the recording of the RTL
# stream cancel out:
#   bare    a bare LT b_transport with a quantum keeper (the yardstick)
#   lt      a config TLP through root complex + link + endpoint + config, LT
#   at      the same in AT from a blocking initiator (a thread that waits in
#           b_transport, as the Windows stubs); bench_cosim runs N/4 AT TLPs per N
#   at_nb   the same AT stream from an nb_transport initiator on rc.ecam_nb
#           (no thread switch per request), N/4 TLPs per N
#   mmio    a memory request through root complex + link + endpoint, LT:
#           4-byte MRd (+ CplD) and MWr to the VFs' BAR0 in turn (rc.mmio.host)
#   step    the AT yardstick: one timed SystemC kernel step (an event notified
#           1 ns ahead, a method run) per iteration and nothing else, the floor
#           of an AT TLP the model acts on at one instant; N/4 per N
#   tlm     the TLM endpoint + configuration model alone on bench_rtl's recorded
#           random stream (sriov_endpoint::handle, no kernel per TLP)
#   rtl     the Verilated configuration space alone (bench_rtl, one repetition)
#   xcheck  the TLM endpoint with the RTL shadow attached (bench_rtl)
# Then the wall-clock medians of one bench_cosim and one bench_rtl run, side
# by side (these swing with load; quote them next to the yardstick).
#
#   bench/instructions.sh [BUILD_DIR=build/default]
# Environment: N (LT/AT TLPs of the shorter run, default 200000), RTL_N
# (bench_rtl TLPs, default 20000), WALL_N / WALL_REPS / WALL_RTL_N (the
# wall-clock run: 2000000 / 5 / 1000000), SKIP_WALL=1 to skip it, VF_SWEEP="1 8
# 64 512 4096" to print the LT figure with that many VFs enabled too, one line
# each as "lt@<VFs> <instructions>" (the scale check; the PF and every VF in turn).
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(realpath "${1:-$top/build/default}")
cosim=$build/bench/cosim/bench_cosim
rtl=$build/bench/rtl/bench_rtl
n=${N:-200000}
rtl_n=${RTL_N:-20000}
for b in "$cosim" "$rtl"; do
    [[ -x $b ]] || { echo "instructions.sh: $b not built" >&2; exit 1; }
done
command -v valgrind >/dev/null || { echo "instructions.sh: valgrind not found" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Instructions callgrind collected for one run of "$@" (its output kept in $tmp/out).
collected() {
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" "$@" >"$tmp/out" 2>"$tmp/err" || {
        echo "instructions.sh: $* failed" >&2
        cat "$tmp/err" >&2
        exit 1
    }
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$tmp/err"
}

# Prints "<path> <instructions per TLP>" from two totals and the TLPs between them.
per_tlp() {
    awk -v p="$1" -v a="$2" -v b="$3" -v t="$4" 'BEGIN { printf "%s %.1f\n", p, (b - a) / t }'
}

for path in bare lt at at_nb mmio step; do
    a=$(collected "$cosim" "$n" 1 "$path")
    b=$(collected "$cosim" $((2 * n)) 1 "$path")
    tlps=$n
    [[ $path == at* || $path == step ]] && tlps=$((n / 4))
    per_tlp "$path" "$a" "$b" "$tlps"
done
for vfs in ${VF_SWEEP:-}; do
    a=$(collected "$cosim" "$n" 1 lt "$vfs")
    b=$(collected "$cosim" $((2 * n)) 1 lt "$vfs")
    per_tlp "lt@$vfs" "$a" "$b" "$n"
done
for path in tlm rtl xcheck; do
    a=$(collected "$rtl" "$rtl_n" 1 1 "$path")
    b=$(collected "$rtl" "$rtl_n" 2 1 "$path")
    # "TLPs per repetition  tlm A, rtl B, xcheck C": the TLPs the path applied.
    tlps=$(sed -n "s/.*TLPs per repetition.* $path \([0-9]*\).*/\1/p" "$tmp/out")
    per_tlp "$path" "$a" "$b" "$tlps"
done

[[ ${SKIP_WALL:-0} == 1 ]] && exit 0
wall_n=${WALL_N:-2000000}
wall_reps=${WALL_REPS:-5}
echo "wall-clock medians, TLPs/s (bench_cosim $wall_n $wall_reps, bench_rtl ${WALL_RTL_N:-1000000} $wall_reps):"
"$cosim" "$wall_n" "$wall_reps" >"$tmp/cosim.txt" 2>"$tmp/cosim.err"
"$rtl" "${WALL_RTL_N:-1000000}" "$wall_reps" >"$tmp/rtl.txt" 2>"$tmp/rtl.err"
# Both print "median <path> <TLPs/s>" per path they ran.
sed -n 's/^median //p' "$tmp/cosim.txt" "$tmp/rtl.txt" | grep -E '^(bare|lt|at|at_nb|step|tlm|rtl|xcheck) '

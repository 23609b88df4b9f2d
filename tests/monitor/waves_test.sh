#!/usr/bin/env bash
# The waves of sriov-sim and sriov-xcheck (docs/verification.md, "Waves"):
#   waves_test.sh CASE SRIOV_SIM SRIOV_XCHECK WORKDIR
# Cases:
#   tlm_fst       the TLP monitor's FST (--vcd x.fst) has the same value changes
#                 as its VCD (read back with gtkwave's fst2vcd), and is smaller
#   rtl_fst       the RTL's FST (xcheck_fst) has the same changes as xcheck_trace's VCD
#   xcheck_window --waves-from/--waves-to: no change before from or after to,
#                 while the whole run has changes there
#   sim_window    the same for the TLP monitor and the RTL of sriov-sim --rtl-check
#   mismatch      a failing run prints a waves: command; it writes windowed waves
#   mem_vcd       the memory TLPs and MSI-X messages of tb/scenarios/mmio_msix.sriov
#                 are on the monitor's mem_down/mem_up lanes with the values and
#                 times of the run's --log (mem_waves.py), LT, VCD; every signal
#                 of waves/tlp_monitor.gtkw is in the file
#   mem_fst       the same in AT, FST (read back with fst2vcd)
# Exit 77 (CTest SKIP_RETURN_CODE) when fst2vcd is missing (Debian package gtkwave).
set -euo pipefail
case_name=$1 sim=$2 xcheck=$3 work=$4
here=$(cd "$(dirname "$0")" && pwd)
changes() { python3 "$here/wave_changes.py" "$@"; }
rm -rf "$work" && mkdir -p "$work" && cd "$work"
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1

need_fst2vcd() {
    command -v fst2vcd >/dev/null || { echo "fst2vcd not installed (gtkwave): skipped"; exit 77; }
}
nonempty() { [ -s "$1" ] || { echo "FAIL: $1 missing or empty"; exit 1; }; }
size() { stat -c %s "$1"; }

# in_window FILE FROM_PS TO_PS [WHOLE]: FILE's changes after time 0 lie in the
# window; WHOLE (the same run unwindowed) has changes outside it.
in_window() {
    local first last
    first=$(changes --first-change "$1")
    last=$(changes --last-change "$1")
    echo "$1: changes from $first to $last ps (window $2..$3)"
    [ "$first" != none ] || { echo "FAIL: no change in the window"; exit 1; }
    [ "$first" -ge "$2" ] || { echo "FAIL: a change before --waves-from"; exit 1; }
    [ "$last" -le "$3" ] || { echo "FAIL: a change after --waves-to"; exit 1; }
    if [ $# -ge 4 ]; then
        local wfirst wlast
        wfirst=$(changes --first-change "$4")
        wlast=$(changes --last-change "$4")
        [ "$wfirst" -lt "$2" ] && [ "$wlast" -gt "$3" ] ||
            { echo "FAIL: the whole run ($wfirst..$wlast) does not reach outside the window"; exit 1; }
    fi
}

# save_resolves SAVE VCD: every signal the GTKWave save shows is in VCD.
save_resolves() {
    local missing
    missing=$(changes --missing "$1" "$2")
    [ -z "$missing" ] || { echo "FAIL: $1 shows signals $2 lacks:" $missing; exit 1; }
    echo "$1: every signal found in $2"
}

# same_waves VCD FST: FST is written, read back, has VCD's changes, and is smaller.
same_waves() {
    nonempty "$2"
    fst2vcd "$2" >"$2.vcd"
    changes --same "$1" "$2.vcd"
    echo "VCD $(size "$1") bytes, FST $(size "$2") bytes"
    [ "$(size "$2")" -lt "$(size "$1")" ]
}

case $case_name in
tlm_fst)
    need_fst2vcd
    "$sim" --quiet --vcd t.vcd
    "$sim" --quiet --vcd t.fst
    same_waves t.vcd t.fst
    ;;
rtl_fst)
    need_fst2vcd
    "$xcheck" --quiet --variant xcheck_trace --seed 7 --tlps 5000 --vcd r.vcd
    "$xcheck" --quiet --variant xcheck_fst --seed 7 --tlps 5000 --vcd r.fst
    same_waves r.vcd r.fst
    ;;
xcheck_window)
    "$xcheck" --quiet --variant xcheck_trace --seed 7 --tlps 2000 --vcd whole.vcd
    "$xcheck" --quiet --variant xcheck_trace --seed 7 --tlps 2000 --vcd w.vcd \
        --waves-from 300us --waves-to 0.4ms
    in_window w.vcd 300000000 400000000 whole.vcd
    ;;
sim_window)
    "$sim" --quiet --flow linux --num-vfs 8 --rtl-check --vcd whole.fst
    "$sim" --quiet --flow linux --num-vfs 8 --rtl-check --vcd w.vcd \
        --waves-from 100.01ms --waves-to 100.02ms
    need_fst2vcd
    fst2vcd whole.fst >whole.vcd
    fst2vcd whole.rtl.fst >whole.rtl.vcd
    in_window w.vcd 100010000000 100020000000 whole.vcd         # merged: monitor + RTL
    in_window w.rtl.vcd 100010000000 100020000000 whole.rtl.vcd # the RTL's own
    ;;
mismatch)
    rc=0
    "$xcheck" --fault vf_cmd_mse --sequence registers 2>err.txt || rc=$?
    [ "$rc" -eq 1 ] || { echo "FAIL: the fault run exited $rc"; exit 1; }
    cmd=$(sed -n 's/^waves: //p' err.txt)
    echo "waves command: $cmd"
    [[ "$cmd" == *" --waves-from "*" --waves-to "* ]] || { echo "FAIL: no waves command"; exit 1; }
    from=$(sed -E 's/.* --waves-from ([0-9]+)ns.*/\1/' <<<"$cmd")
    to=$(sed -E 's/.* --waves-to ([0-9]+)ns.*/\1/' <<<"$cmd")
    rc=0
    eval "$cmd" 2>/dev/null >/dev/null || rc=$?
    [ "$rc" -eq 1 ] || { echo "FAIL: the waves run exited $rc"; exit 1; }
    file=$(sed -E 's/.* --vcd ([^ ]+) .*/\1/' <<<"$cmd")
    nonempty "$file"
    in_window "$file" $((from * 1000)) $((to * 1000))
    echo "$file: $(size "$file") bytes"
    ;;
mem_vcd)
    "$sim" --quiet --scenario "$here/../../tb/scenarios/mmio_msix.sriov" --log m.jsonl --vcd m.vcd
    python3 "$here/mem_waves.py" m.jsonl m.vcd
    save_resolves "$here/../../waves/tlp_monitor.gtkw" m.vcd
    ;;
mem_fst)
    need_fst2vcd
    "$sim" --quiet --mode at --scenario "$here/../../tb/scenarios/mmio_msix.sriov" \
        --log m.jsonl --vcd m.fst
    fst2vcd m.fst >m.fst.vcd
    python3 "$here/mem_waves.py" m.jsonl m.fst.vcd
    save_resolves "$here/../../waves/tlp_monitor.gtkw" m.fst.vcd
    ;;
*)
    echo "waves_test.sh: unknown case $case_name" >&2
    exit 2
    ;;
esac
echo "PASS: $case_name"

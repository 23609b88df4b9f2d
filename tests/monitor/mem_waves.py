#!/usr/bin/env python3
"""The memory TLPs and MSI-X messages of a run in the TLP monitor's waves.

  mem_waves.py LOG.jsonl WAVES.vcd

LOG is the --log of the run that wrote WAVES (a VCD, or an FST converted by
fst2vcd). Per direction, the k-th memory TLP of the log (MRd/MWr/Cpl/CplD,
in time order) must be the k-th one on SystemC.mem_down / mem_up: its count
becomes k at the log's time_ps, valid is high, and fmt_type, requester, tag,
address, length, first/last BE, completer, status, byte count and the first
payload DW have the log's values. Each interrupt the root complex logged
(event "interrupt") must be an MWr on mem_up from its requester to its address
with its data, no later than the root complex received it. Exits 1 with the
first differences, or when the log has no memory TLP or no interrupt.
"""
import json
import sys

from wave_changes import changes

# models/tlp mem_tlp_type and pcie completion_status: the encodings the
# waves carry (waves/filters/fmt_type.txt, status.txt name them).
FMT_TYPE = {"MRd32": 0x00, "MRd64": 0x20, "MWr32": 0x40, "MWr64": 0x60, "Cpl": 0x0A, "CplD": 0x4A}
STATUS = {"SC": 0, "UR": 1, "CRS": 2, "CA": 4}


def routing_id(text):
    """'01:00.2' -> bus << 8 | dev << 3 | fn."""
    bus, rest = text.split(":")
    dev, fn = rest.split(".")
    return int(bus, 16) << 8 | int(dev, 16) << 3 | int(fn, 16)


def first_dw(payload_hex):
    b = bytes.fromhex(payload_hex or "")[:4]
    return int.from_bytes(b, "little")


def expected(rec):
    """{signal: value} the lane shows for a log record of a memory TLP."""
    v = {"valid": 1, "fmt_type": FMT_TYPE[rec["type"]],
         "requester": routing_id(rec["requester"]), "tag": rec["tag"],
         "data": first_dw(rec.get("payload"))}
    if "address" in rec:
        v.update(address=int(rec["address"], 16), length=rec["length_dw"],
                 first_be=rec["first_be"], last_be=rec["last_be"])
    else:
        v.update(completer=routing_id(rec["completer"]), status=STATUS[rec["status"]],
                 byte_count=rec["byte_count"])
    return v


class waves:
    def __init__(self, path):
        self.by_signal = {}
        for t, name, value in changes(path):
            self.by_signal.setdefault(name, []).append((t, value))

    def value(self, signal, time):
        """The value of `signal` after the changes at `time`."""
        out = None
        for t, v in self.by_signal.get(signal, []):
            if t > time:
                break
            out = v
        return out

    def when(self, signal, value):
        """The time `signal` changes to `value` (None if it never does)."""
        for t, v in self.by_signal.get(signal, []):
            if v == value:
                return t
        return None


def check(log_path, wave_path):
    records = [json.loads(line) for line in open(log_path, encoding="utf-8")]
    # (config TLPs' records carry their header "bytes", memory TLPs' do not)
    mem = [r for r in records if r.get("type") in FMT_TYPE and "bytes" not in r]
    interrupts = [r for r in records if r.get("event") == "interrupt"]
    w = waves(wave_path)
    errors = []
    shown = {"down": [], "up": []}
    for direction in ("down", "up"):
        lane = f"SystemC.mem_{direction}"
        recs = sorted((r for r in mem if r["direction"] == direction), key=lambda r: r["time_ps"])
        for k, rec in enumerate(recs, start=1):
            t = w.when(f"{lane}.count", k)
            if t != rec["time_ps"]:
                errors.append(f"{direction} TLP {k} ({rec['type']}): count {k} at {t}, "
                              f"the log has it at {rec['time_ps']} ps")
                continue
            got = {name: w.value(f"{lane}.{name}", t) for name in expected(rec)}
            if got != expected(rec):
                errors.append(f"{direction} TLP {k} at {t} ps: waves {got}, log {expected(rec)}")
            shown[direction].append((t, got))
        print(f"mem_{direction}: {len(recs)} memory TLPs in the log")
    for irq in interrupts:
        want = {"requester": routing_id(irq["requester"]),
                "address": int(irq["address"], 16), "data": int(irq["data"], 16)}
        match = [t for t, got in shown["up"]
                 if got["fmt_type"] in (FMT_TYPE["MWr32"], FMT_TYPE["MWr64"]) and
                 all(got[n] == want[n] for n in ("requester", "address", "data")) and
                 t <= irq["time_ps"]]
        if not match:
            errors.append(f"interrupt {irq}: no MSI-X MWr on mem_up before it")
    print(f"{len(interrupts)} interrupts in the log")
    if not mem or not interrupts:
        errors.append("the log has no memory TLP or no interrupt: nothing to compare")
    for e in errors[:10]:
        print("FAIL:", e)
    return 1 if errors else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(check(sys.argv[1], sys.argv[2]))

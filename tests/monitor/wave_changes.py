#!/usr/bin/env python3
"""Value changes of a VCD file, for the waves tests (tests/monitor).

  wave_changes.py FILE.vcd                 print "time signal value" lines (changes only)
  wave_changes.py --same A.vcd B.vcd       exit 1 unless both have the same changes
  wave_changes.py --first-change FILE.vcd  print the time of the first change after time 0
  wave_changes.py --last-change FILE.vcd   print the time of the last change
  wave_changes.py --missing SAVE.gtkw FILE.vcd
                                           print the signals SAVE shows that FILE lacks

Signals are named by their scope path (SystemC.tlp_down.valid), so two writers'
identifier codes and declaration order do not matter; a value written again
without changing is not a change. Values are compared as numbers. --same
leaves out the changes at the last time of either file: SystemC's VCD writer
does not record the updates of the delta cycle in which the run stops, an FST
file written beside it does.
"""
import sys


def changes(path):
    """[(time, name, value)] in file order, only real changes."""
    names = {}  # id code -> [names]
    scope = []
    out = []
    last = {}
    time = 0
    in_defs = True
    with open(path, encoding="latin-1") as f:
        for line in f:
            tok = line.split()
            if not tok:
                continue
            if in_defs:
                if tok[0] == "$scope":
                    scope.append(tok[2])
                elif tok[0] == "$upscope":
                    scope.pop()
                elif tok[0] == "$var":
                    names.setdefault(tok[3], []).append(".".join(scope + [tok[4]]))
                elif tok[0] == "$enddefinitions":
                    in_defs = False
                continue
            if tok[0].startswith("#") and len(tok) == 1:
                time = int(tok[0][1:])
                continue
            if tok[0][0] in "bB" and len(tok) == 2:
                value, code = tok[0][1:], tok[1]
            elif tok[0][0] in "01xXzZ" and len(tok) == 1:
                value, code = tok[0][0], tok[0][1:]
            else:
                continue  # $dumpvars, $end, comments
            v = int(value, 2) if set(value) <= set("01") else value
            for name in names.get(code, []):
                if last.get(name) != v:
                    out.append((time, name, v))
                    last[name] = v
    return out


def declared(path):
    """The signal names a VCD declares (scope path, no range)."""
    names = set()
    scope = []
    with open(path, encoding="latin-1") as f:
        for line in f:
            tok = line.split()
            if not tok:
                continue
            if tok[0] == "$scope":
                scope.append(tok[2])
            elif tok[0] == "$upscope":
                scope.pop()
            elif tok[0] == "$var":
                names.add(".".join(scope + [tok[4]]))
            elif tok[0] == "$enddefinitions":
                break
    return names


def main(argv):
    if len(argv) == 3 and argv[0] == "--same":
        a, b = changes(argv[1]), changes(argv[2])
        end = min(max((t for t, _, _ in x), default=0) for x in (a, b))
        a = [c for c in a if c[0] < end]
        b = [c for c in b if c[0] < end]
        sa, sb = sorted(a), sorted(b)
        if sa != sb:
            diff = sorted(set(sa) ^ set(sb))[:10]
            print(f"{argv[1]}: {len(a)} changes, {argv[2]}: {len(b)} changes; first differences:")
            for d in diff:
                print("  ", d, "only in", argv[1] if d in set(sa) else argv[2])
            return 1
        print(f"same {len(a)} value changes")
        return 0
    if len(argv) == 2 and argv[0] in ("--first-change", "--last-change"):
        times = [t for t, _, _ in changes(argv[1]) if t > 0]
        if not times:
            print("none")
        else:
            print(min(times) if argv[0] == "--first-change" else max(times))
        return 0
    if len(argv) == 3 and argv[0] == "--missing":
        have = declared(argv[2])
        with open(argv[1], encoding="latin-1") as f:
            shown = [ln.strip().split("[")[0] for ln in f if ln.startswith(("SystemC.", "TOP."))]
        for name in shown:
            if name not in have:
                print(name)
        return 0
    if len(argv) == 1:
        for t, n, v in changes(argv[0]):
            print(t, n, v)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The merge of a farmed run: OUT/merged/ holds one JUnit (every planned
test exactly once; a test whose task left no result is an error), the
merged functional coverage, the merged RTL coverage when the build wrote
any, and summary.txt (totals, failing seeds with reproduce commands and, for a
cross-check mismatch, the `waves:` command of a window around it)."""
import shutil
import subprocess
from pathlib import Path

from . import junit, plan as plan_mod
from .task import suite_name, task_dir


def _collect_cases(out, plan):
    """Every task's cases, and the tasks that left no result."""
    cases, missing = [], []
    for k in range(len(plan["shards"])):
        j = task_dir(out, k) / "junit.xml"
        if (task_dir(out, k) / "task.json").exists() and j.exists():
            cases.extend(junit.read_cases(j))
        elif plan["shards"][k]:
            missing.append(k)
    seen = {c.get("name") for c in cases}
    suite = suite_name(plan["label"])
    for k in missing:
        for name in plan["shards"][k]:
            if name not in seen:
                cases.append(junit.error_case(name, suite, f"task {k} left no result"))
    return cases, missing


def _results(out, plan, folder, pattern):
    """The files of one kind the tasks wrote under results/<folder>/."""
    files = []
    for k in range(len(plan["shards"])):
        files.extend(sorted((task_dir(out, k) / "results" / folder).rglob(pattern)))
    return files


def _xcheck(plan):
    """The build tree's sriov-xcheck (named by the tests' commands)."""
    for d in plan["tests"].values():
        if d["command"] and Path(d["command"][0]).name == "sriov-xcheck":
            return d["command"][0]
    return None


def merge_fcov(out, plan, merged):
    files = _results(out, plan, "xcheck-fcov", "*.fcov")
    xcheck = _xcheck(plan)
    if not files or xcheck is None:
        return None
    folder = merged / "fcov"
    folder.mkdir()
    for f in files:
        shutil.copy(f, folder / f.name)
    r = subprocess.run([xcheck, "--fcov-merge", str(folder)], capture_output=True, text=True)
    if r.returncode != 0:
        return f"functional coverage merge failed (exit {r.returncode}): {r.stderr.strip()}"
    (merged / "fcov-summary.txt").write_text(r.stdout)
    return r.stdout


def merge_rtl_coverage(out, plan, merged):
    files = _results(out, plan, "xcheck-coverage", "*.dat")
    if not files:
        return None
    target = merged / "rtl-coverage.dat"
    try:
        r = subprocess.run(["verilator_coverage", "--write", str(target), *map(str, files)],
                           capture_output=True, text=True)
    except FileNotFoundError:
        return f"RTL coverage not merged: verilator_coverage is not installed ({len(files)} files)"
    if r.returncode != 0:
        return f"RTL coverage merge failed (exit {r.returncode}): {r.stderr.strip()}"
    return f"merged {len(files)} RTL coverage databases -> {target}"


def waves_lines(case):
    """The `waves:` lines a failing run printed (sriov-xcheck after a
    mismatch: the command that replays the seed with waves of a window
    around the first mismatch), from the case's output in the JUnit."""
    text = "".join(e.text or "" for e in case.iter("system-out"))
    return [line.strip() for line in text.splitlines() if line.strip().startswith("waves:")]


def _failing(plan, cases):
    lines = []
    for c in cases:
        if junit.outcome(c) in ("failures", "errors"):
            name = c.get("name")
            seed = plan["tests"].get(name, {}).get("seed")
            lines.append(f"  {name}" + (f" (seed {seed})" if seed is not None else ""))
            lines.extend(f"    {cmd}" for cmd in plan_mod.reproduce_commands(plan, name))
            lines.extend(f"    {w}" for w in waves_lines(c))
    return lines


def summary(plan, totals, cases, missing, extras):
    passed = totals["tests"] - totals["failures"] - totals["errors"] - totals["skipped"]
    lines = [f"{suite_name(plan['label'])}: {totals['tests']} tests in {len(plan['shards'])} "
             f"tasks: {passed} passed, {totals['failures']} failed, {totals['errors']} errors, "
             f"{totals['skipped']} skipped; {totals['time']:.1f} s of test time"]
    if missing:
        lines.append(f"tasks that left no result: {' '.join(map(str, missing))}")
    failing = _failing(plan, cases)
    if failing:
        lines.append("failing tests and their reproduce commands:")
        lines.extend(failing)
    lines.extend(e for e in extras if e)
    return "\n".join(lines) + "\n"


def merge(out):
    """Writes OUT/merged/; returns 0 when every planned test passed."""
    out = Path(out)
    plan = plan_mod.load(out)
    merged = out / "merged"
    shutil.rmtree(merged, ignore_errors=True)
    merged.mkdir()
    cases, missing = _collect_cases(out, plan)
    totals = junit.write(merged / "junit.xml", suite_name(plan["label"]), cases,
                         {"build": plan["build"], "tasks": len(plan["shards"])})
    fcov = merge_fcov(out, plan, merged)
    rtl = merge_rtl_coverage(out, plan, merged)
    text = summary(plan, totals, cases, missing, [fcov, rtl])
    (merged / "summary.txt").write_text(text)
    print(text, end="")
    print(f"merged results: {merged}")
    return 0 if totals["failures"] + totals["errors"] == 0 and not missing else 1

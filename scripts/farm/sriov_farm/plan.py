"""The shard plan: the tests of a CTest label and the array task that runs each.

The driver writes OUT/plan.json before it submits anything; the tasks only
read it. A test's seed, labels, command and working folder come from
`ctest --show-only=json-v1`, so the farm never repeats a test definition.
"""
import json
import re
import shlex
import subprocess
from pathlib import Path


def ctest_tests(build, label):
    """The tests of `label` in the build tree, as ctest's JSON describes them."""
    out = subprocess.run(
        ["ctest", "--test-dir", str(build), "-L", f"^{label}$", "--show-only=json-v1"],
        check=True, capture_output=True, text=True).stdout
    return json.loads(out)["tests"]


def _property(test, name, default=None):
    for p in test.get("properties", []):
        if p["name"] == name:
            return p["value"]
    return default


def _seed(command):
    for flag, value in zip(command, command[1:]):
        if flag == "--seed":
            return int(value)
    return None


def describe(test):
    """What the farm keeps of one test: seed (or None), labels, how to rerun it."""
    return {
        "seed": _seed(test.get("command", [])),
        "labels": _property(test, "LABELS", []),
        "command": test.get("command", []),
        "workdir": _property(test, "WORKING_DIRECTORY"),
    }


def _is_fixture(test):
    return _property(test, "FIXTURES_SETUP") or _property(test, "FIXTURES_CLEANUP")


def make_plan(build, label, tasks, seeds=None):
    """Round-robin shards of the label's tests (fixture setup/cleanup tests
    excluded: the merge does their work); `seeds` = (first, last) keeps the
    tests whose --seed is in that range."""
    tests = {t["name"]: describe(t) for t in ctest_tests(build, label) if not _is_fixture(t)}
    if seeds is not None:
        first, last = seeds
        tests = {n: d for n, d in tests.items()
                 if d["seed"] is not None and first <= d["seed"] <= last}
        have = {d["seed"] for d in tests.values()}
        absent = [s for s in range(first, last + 1) if s not in have]
        if absent:
            raise ValueError(
                f"seeds {absent[0]}..{absent[-1]} ({len(absent)}) have no test in the {label} "
                f"label of {build} (SRIOV_REGRESSION_FIRST_SEED / SRIOV_REGRESSION_SEEDS)")
    if not tests:
        raise ValueError(f"no test to run in the {label} label of {build}")
    names = list(tests)
    return {
        "build": str(build),
        "label": label,
        "shards": [names[k::tasks] for k in range(tasks)],
        "tests": tests,
    }


def name_regex(names):
    """A ctest -R expression that selects exactly `names`."""
    return "^(" + "|".join(re.escape(n) for n in names) + ")$"


def reproduce_commands(plan, name):
    """The commands that rerun one test of the plan: ctest, and the program itself."""
    d = plan["tests"][name]
    ctest = shlex.join(["ctest", "--test-dir", plan["build"], "-R", f"^{name}$",
                        "--output-on-failure"])
    direct = shlex.join(d["command"])
    if d["workdir"]:
        direct = f"cd {shlex.quote(d['workdir'])} && {direct}"
    return [ctest, direct]


def load(out):
    return json.loads((Path(out) / "plan.json").read_text())


def save(out, plan):
    (Path(out) / "plan.json").write_text(json.dumps(plan, indent=1) + "\n")

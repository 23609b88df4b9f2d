"""One array task: its shard of the plan, run by ctest, every output in
OUT/task-K/ (the only folder it writes):

  ctest/       a CTest folder that includes the build tree's tests, so
               ctest's own files (Testing/Temporary) are the task's
  results/     SRIOV_RESULTS_DIR: functional coverage (xcheck-fcov/) and RTL
               coverage (xcheck-coverage/) of sriov-xcheck
  ctest.log    ctest's output; ctest-junit.xml its JUnit
  junit.xml    the same, suite named and annotated (labels, seed, task, node)
  task.json    node, exit status, wall time: written last, so its presence
               says the task finished
"""
import json
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

from . import junit, plan as plan_mod


def suite_name(label):
    return f"sriov-tlm.{label}"


def task_dir(out, index):
    return Path(out) / f"task-{index}"


def _clean(tdir):
    """A requeued task starts again; Slurm's own output file stays."""
    for name in ("ctest", "results"):
        shutil.rmtree(tdir / name, ignore_errors=True)
    for name in ("ctest.log", "ctest-junit.xml", "junit.xml", "task.json"):
        (tdir / name).unlink(missing_ok=True)


def _run_ctest(plan, names, tdir, jobs):
    wrapper = tdir / "ctest"
    wrapper.mkdir(parents=True)
    (wrapper / "CTestTestfile.cmake").write_text(f'subdirs("{plan["build"]}")\n')
    env = dict(os.environ, SRIOV_RESULTS_DIR=str(tdir / "results"))
    # -FA .*: no fixture setup/cleanup test is pulled in (the merge does their work).
    cmd = ["ctest", "--test-dir", str(wrapper), "-L", f"^{plan['label']}$",
           "-R", plan_mod.name_regex(names), "-FA", ".*", "-j", str(jobs),
           "--output-on-failure", "--output-junit", str(tdir / "ctest-junit.xml")]
    with open(tdir / "ctest.log", "w") as log:
        return subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, env=env).returncode


def annotate_cases(plan, cases, extra):
    """The cases of a ctest JUnit with the suite name, labels and seed."""
    suite = suite_name(plan["label"])
    for case in cases:
        d = plan["tests"].get(case.get("name"), {})
        props = {"labels": ";".join(d.get("labels", [])), "seed": d.get("seed"), **extra}
        yield junit.annotate(case, suite, props)


def run_task(out, index, jobs):
    plan = plan_mod.load(out)
    names = plan["shards"][index]
    if not (Path(plan["build"]) / "CTestTestfile.cmake").exists():
        # The tree is not relocatable: every node must see it at this path.
        print(f"sriov-farm: task {index} on {socket.gethostname()}: no built tree at "
              f"{plan['build']} (docs/regressions.md, \"What a cluster needs\")")
        return 2
    tdir = task_dir(out, index)
    tdir.mkdir(parents=True, exist_ok=True)
    _clean(tdir)
    node = socket.gethostname()
    start = time.time()
    rc = _run_ctest(plan, names, tdir, jobs) if names else 0
    if names and not (tdir / "ctest-junit.xml").exists():
        print(f"sriov-farm: task {index}: ctest wrote no JUnit (exit {rc}); see {tdir}/ctest.log")
        return 2
    cases = junit.read_cases(tdir / "ctest-junit.xml") if names else []
    extra = {"task": index, "node": node}
    totals = junit.write(tdir / "junit.xml", suite_name(plan["label"]),
                         annotate_cases(plan, cases, extra), extra)
    info = {"index": index, "node": node, "exit": rc, "seconds": round(time.time() - start, 1),
            "tests": len(names), "totals": totals}
    (tdir / "task.json").write_text(json.dumps(info, indent=1) + "\n")
    return 0 if rc == 0 else 1

"""Submitting the plan as one Slurm job array, and waiting for it."""
import subprocess
import time
from pathlib import Path

from .task import task_dir

HERE = Path(__file__).resolve().parent.parent


def submit(out, plan, cpus, sbatch_args):
    """sbatch --array over the plan's shards; returns the job id. Each task's
    Slurm output goes to its own folder (created here, before it starts)."""
    tasks = len(plan["shards"])
    for k in range(tasks):
        task_dir(out, k).mkdir(parents=True, exist_ok=True)
    cmd = ["sbatch", "--parsable", f"--array=0-{tasks - 1}",
           f"--job-name=sriov-{plan['label']}", f"--cpus-per-task={cpus}",
           f"--output={out}/task-%a/slurm.out", f"--chdir={out}", *sbatch_args,
           str(HERE / "task.sbatch"), str(HERE / "sriov-farm"), str(out)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"sbatch failed (exit {r.returncode}): {r.stderr.strip()}")
    return r.stdout.strip().split(";")[0]


def _in_queue(jobid):
    r = subprocess.run(["squeue", "-h", "-j", jobid, "-o", "%i"], capture_output=True, text=True)
    # Once a finished job has left slurmctld's memory squeue calls its id invalid.
    return r.returncode == 0 and r.stdout.strip() != ""


def wait(jobid, timeout):
    """Waits until no task of the job is queued or running; after `timeout`
    seconds cancels the job and returns False."""
    deadline = time.monotonic() + timeout
    while _in_queue(jobid):
        if time.monotonic() > deadline:
            subprocess.run(["scancel", jobid], check=False)
            return False
        time.sleep(1)
    return True

"""sriov-farm: a CTest label sharded over the tasks of a job array (docs/regressions.md)."""

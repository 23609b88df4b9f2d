# Rejected by tb::platform (sriov-sim): bus 00 is not behind the root port,
# which forwards buses 01..ff (names pf_rid). The profile alone is valid.
pf_rid = 00:00.0

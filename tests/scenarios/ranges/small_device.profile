# A device with 8 VFs (tests/scenarios/ranges: vf<k> is checked against TotalVFs)
initial_vfs = 8
total_vfs   = 8

# Rejected: three 2 GiB 32-bit PF BARs need 6 GiB below 4 GiB (names pf_bar2).
pf_bar0 = mem32 2G
pf_bar1 = mem32 2G
pf_bar2 = mem32 2G

# Rejected: 64 VFs x 128 MiB of a 32-bit VF BAR is 8 GiB, past 4 GiB (names vf_bar0).
vf_bar0 = mem32 prefetchable 128M

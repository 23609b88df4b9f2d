# Rejected: each aperture (3 x 4 EiB) fits, both together do not (names vf_bar3).
total_vfs   = 3
initial_vfs = 3
vf_bar0 = mem64 prefetchable 0x4000000000000000
vf_bar3 = mem64 prefetchable 0x4000000000000000

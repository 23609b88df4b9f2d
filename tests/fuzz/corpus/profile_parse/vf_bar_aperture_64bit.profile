# Rejected: 64 VFs x 4 EiB per VF is past 2^64 (names vf_bar0).
vf_bar0 = mem64 prefetchable 0x4000000000000000

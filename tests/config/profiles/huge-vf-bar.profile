# Valid, but too large for the Linux flow's VF BAR window at 0xE0000000:
# 3 VFs x 4 EiB (the aperture fits 2^64 only from address 0). With
# --num-vfs 3 the flow must end with an error instead of aligning for ever.
total_vfs   = 3
initial_vfs = 3
vf_bar0 = mem64 prefetchable 0x4000000000000000
vf_bar3 = none
vf_msix_table = 0x0     # the VF MSI-X table and PBA move from BAR3 into BAR0
vf_msix_pba   = 0x2000

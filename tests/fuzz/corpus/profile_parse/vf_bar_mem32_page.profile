# Rejected: with 4 GiB System Pages each VF's 32-bit BAR would be 4 GiB,
# more than a mem32 BAR decodes (names vf_bar0).
total_vfs            = 1
initial_vfs          = 1
supported_page_sizes = 0x00100001
vf_bar0 = mem32 4K

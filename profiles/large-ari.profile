# A scale-test device: 32448 VFs behind one PF at 01:00.0, laid out like the
# 82599 (First VF Offset 0x180, VF Stride 2: VF k has routing ID 0x0280 + 2k)
# so the built-in Windows flow's expectations hold for it too. VF k sits at
# ARI function 0x80 + 2k of bus 02 onwards, so the VFs need an ARI hierarchy;
# the last VF, ff:1f.6 (0xFFFE), is the most this layout fits in the 16-bit
# routing-ID space and the root port's buses 01..ff. (Bus 00 is the root
# complex's own and never forwarded: a PF there is unreachable.)

pf_rid          = 01:00.0
device_id       = 0x10FB
vf_device_id    = 0x10ED

initial_vfs     = 32448
total_vfs       = 32448
offset_stride   = fixed
first_vf_offset = 0x180
vf_stride       = 2

vf_bar0 = mem64 prefetchable 4K
vf_bar3 = none
vf_msix_table = 0x0    # BAR0 + 0: 3 vectors x 16 bytes
vf_msix_pba   = 0x800  # BAR0 + 0x800

# Short readiness windows so scale runs do not wait 100 ms of simulated time.
reset_ready_ns     = 1us
vf_enable_ready_ns = 1us
flr_ready_ns       = 1us

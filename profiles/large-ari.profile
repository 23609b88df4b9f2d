# A scale-test device: 65000 VFs behind one PF at 00:00.0 on an ARI
# hierarchy. First VF Offset and VF Stride are 1 whether or not ARI Capable
# Hierarchy is set, so VF k has routing ID k + 1 and the last VF is ff:e8.0
# (0xFDE8): the whole set fits the 16-bit routing-ID space.

pf_rid          = 00:00.0
device_id       = 0x10FB
vf_device_id    = 0x10ED

initial_vfs     = 65000
total_vfs       = 65000
offset_stride   = ari_dependent
first_vf_offset = 1
vf_stride       = 1

vf_msix_vectors = 1
vf_bar0 = mem64 prefetchable 4K
vf_bar3 = none

# Short readiness windows so scale runs do not wait 100 ms of simulated time.
reset_ready_ns     = 1us
vf_enable_ready_ns = 1us
flr_ready_ns       = 1us

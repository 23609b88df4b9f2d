# Intel 82599 10 GbE SR-IOV NIC: the model's defaults (docs/config-space-map.md).
# Every field is spelled out; see docs/device-profile.md for the format.

pf_rid            = 01:00.0
vendor_id         = 0x8086
device_id         = 0x10FB
revision_id       = 0x01
class_code        = 0x020000      # Ethernet controller
subsys_vendor_id  = 0x8086
subsys_id         = 0x000C
pf_msix_vectors   = 64

pf_bar0 = mem64 512K              # registers (BAR1 is its upper half)
pf_bar1 = none
pf_bar2 = io 32
pf_bar3 = none
pf_bar4 = mem64 16K               # MSI-X table and PBA (BAR5 is its upper half)
pf_bar5 = none

# SR-IOV capability
initial_vfs          = 64
total_vfs            = 64
first_vf_offset      = 0x180      # 384: VF 0 at 02:10.0
vf_stride            = 2
offset_stride        = fixed
vf_device_id         = 0x10ED
supported_page_sizes = 0x553      # 4K 8K 64K 256K 1M 4M
migration_capable    = false
vf_class_code        = 0x020000
vf_subsys_id         = 0x000C
vf_msix_vectors      = 3

vf_bar0 = mem64 prefetchable 16K
vf_bar1 = none
vf_bar2 = none
vf_bar3 = mem64 prefetchable 16K  # MSI-X
vf_bar4 = none
vf_bar5 = none

# Link
link_gen   = 3                    # 8 GT/s
link_width = 4

# Readiness (CRS windows)
reset_ready_ns     = 100ms
vf_enable_ready_ns = 100ms
flr_ready_ns       = 100ms

# Endpoint processing latency
ep_cycles    = 4
ep_clock_mhz = 250

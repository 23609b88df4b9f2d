// The config model's scale device, for its tests and its benchmark: 65000 VFs
// on an ARI hierarchy, the PF at 00:00.0 and VF k at routing ID k + 1 (First
// VF Offset 1, VF Stride 1). The config model alone needs no root port, so the
// PF may sit on bus 0; on a platform the PF must be behind the root port, so
// no shipped profile has this layout (profiles/large-ari.toml: 32448 VFs).
#pragma once

#include "sriov/config/device_profile.h"

#include <cstdint>

namespace sriov::config {

inline constexpr uint16_t ari_scale_vfs = 65000;

// `base` laid out as the scale device; its other fields (IDs, BARs, readiness
// windows) stay as they are.
inline device_description ari_scale_profile(device_description base) {
    base.pfs[0].pf_rid = 0x0000;
    base.pfs[0].total_vfs = ari_scale_vfs;
    base.pfs[0].initial_vfs = ari_scale_vfs;
    base.pfs[0].offset_stride = offset_stride_rule::ari_dependent;
    base.pfs[0].first_vf_offset = 1;
    base.pfs[0].vf_stride = 1;
    return base;
}

} // namespace sriov::config

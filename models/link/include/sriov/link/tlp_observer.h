// Something that wants to see every TLP on the link: the JSON transaction log
// and the VCD TLP monitor. The link calls it when a TLP's first bit goes on
// the wire; with no observer attached the hot path costs one empty check.
#pragma once

#include "sriov/link/link_timing.h"
#include "sriov/tlp/mem_tlp.h"
#include "sriov/tlp/tlp.h"

#include <cstdint>

namespace sriov::link {

class tlp_observer {
public:
    virtual ~tlp_observer() = default;
    virtual void on_tlp(uint64_t time_ps, direction dir, const tlp& t) = 0;
    // Memory TLPs (MRd/MWr, their completions, MSI-X MWr) on the link's
    // memory lane (mem_lane.h); ignored unless overridden.
    virtual void on_mem_tlp(uint64_t /*time_ps*/, direction /*dir*/, const mem_tlp& /*t*/) {}
};

} // namespace sriov::link

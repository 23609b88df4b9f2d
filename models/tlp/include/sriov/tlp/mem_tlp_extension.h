// Carries a memory TLP across the link on a tlm_generic_payload (the config
// TLPs' tlp_extension is separate: the config hot path never looks at this
// one). Downstream: `request` is the MRd/MWr; the endpoint puts the read's
// Cpl/CplD(s) into `completions` (none for a posted write). Upstream: `request`
// is the MWr the function sends (an MSI-X message). The payload's own command,
// address and data mirror the TLP for plain TLM targets.
// Header-only: link sriov::systemc.
#pragma once

#include "sriov/tlp/mem_tlp.h"

#include <tlm>
#include <vector>

namespace sriov {

struct mem_tlp_extension : tlm::tlm_extension<mem_tlp_extension> {
    mem_tlp request;
    std::vector<mem_tlp> completions;

    mem_tlp_extension() = default;
    explicit mem_tlp_extension(mem_tlp t) : request(std::move(t)) {}

    tlm::tlm_extension_base* clone() const override { return new mem_tlp_extension(*this); }
    void copy_from(const tlm::tlm_extension_base& other) override {
        *this = static_cast<const mem_tlp_extension&>(other);
    }
};

} // namespace sriov

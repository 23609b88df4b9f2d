// Carries a TLP on a tlm_generic_payload across the link. The payload's own
// fields stay the initiator's business; the link and the endpoint read the TLP
// from this extension (docs/interfaces.md, "Config TLPs on the link").
// Header-only: link sriov::systemc (sriov_tlp itself does not need SystemC).
#pragma once

#include "sriov/tlp/tlp.h"

#include <tlm>

namespace sriov {

struct tlp_extension : tlm::tlm_extension<tlp_extension> {
    tlp value;

    tlp_extension() = default;
    explicit tlp_extension(const tlp& t) : value(t) {}

    tlm::tlm_extension_base* clone() const override { return new tlp_extension(*this); }
    void copy_from(const tlm::tlm_extension_base& other) override {
        value = static_cast<const tlp_extension&>(other).value;
    }
};

} // namespace sriov

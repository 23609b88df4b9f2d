// What a function model bound to the endpoint's `functions` socket
// (mmio_port.h) learns about a BAR access besides the generic payload's
// address (the offset inside the BAR), data, length and byte enables: which
// function and BAR the request hit, and a handle to raise that function's
// MSI-X vectors (issue 15 items 4 and 5; docs/data-path.md).
#pragma once

#include "sriov/endpoint/msix_table.h"
#include "sriov/pcie/access.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <systemc>
#include <tlm>

namespace sriov::endpoint {

class mmio_port;

struct bar_access_extension : tlm::tlm_extension<bar_access_extension> {
    routing_id function;              // the PF or VF the request hit
    std::size_t pf_index = 0;         // its PF's position in the device description
    std::optional<uint16_t> vf_index; // VF k of that PF; nullopt for the PF itself
    unsigned bar = 0;                 // BAR number (the lower one of a 64-bit pair)
    uint64_t window_base = 0;         // the bus address of the BAR window (offset 0)
    mmio_port* port = nullptr;        // the endpoint's memory port (raise)

    // Signals MSI-X vector `vector` of this function, `delay` after the
    // current time (the target's annotated delay so far): the message goes
    // upstream with that time, or pends while masked (mmio_port::raise).
    // Throws std::out_of_range for a vector past the function's table and
    // std::logic_error without a port.
    msix_outcome raise(uint16_t vector, const sc_core::sc_time& delay) const;

    tlm::tlm_extension_base* clone() const override { return new bar_access_extension(*this); }
    void copy_from(const tlm::tlm_extension_base& other) override {
        *this = static_cast<const bar_access_extension&>(other);
    }
};

} // namespace sriov::endpoint

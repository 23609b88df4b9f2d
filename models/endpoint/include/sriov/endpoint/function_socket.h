// The function_target (mem_completer.h) that forwards BAR accesses to a TLM
// target the user binds to mmio_port's `functions` socket: one generic
// payload per access (reused), the BAR offset as address, the DW span's data,
// the request's byte enables when it disables a byte (TLM_BYTE_ENABLED /
// TLM_BYTE_DISABLED per byte; a read's data is still the whole span), and
// a bar_access_extension naming the function. A response other than
// TLM_OK_RESPONSE refuses the access: mem_completer answers a read with
// Completer Abort and drops (and counts) a write. b_transport only (LT; an AT
// target may wait in the caller's thread): the delay the target adds is
// added to the completion's time.
#pragma once

#include "sriov/endpoint/bar_access_extension.h"
#include "sriov/endpoint/mem_completer.h"

#include <cstdint>
#include <systemc>
#include <tlm>
#include <vector>

namespace sriov::endpoint {

class function_socket_target final : public function_target {
public:
    explicit function_socket_target(mmio_port& port);

    // The user's target (the bound socket's forward interface).
    void connect(tlm::tlm_fw_transport_if<>& target) { target_ = &target; }
    // The access's annotated delay, advanced by the target; set by the port
    // around each request (nullptr outside one: the target then starts at 0).
    void set_delay(sc_core::sc_time* delay) { delay_ = delay; }

    bool read(const bar_hit& where, uint8_t* data, uint32_t size) override;
    bool read_with_enables(const bar_hit& where, uint8_t* data, const uint8_t* enabled,
                           uint32_t size) override;
    bool write(const bar_hit& where, const uint8_t* data, const uint8_t* enabled,
               uint32_t size) override;

    uint64_t accesses() const { return accesses_; }
    uint64_t errors() const { return errors_; } // responses other than TLM_OK_RESPONSE

private:
    bool transport(tlm::tlm_command command, const bar_hit& where, uint8_t* data,
                   const uint8_t* enabled, uint32_t size);

    tlm::tlm_fw_transport_if<>* target_ = nullptr;
    sc_core::sc_time* delay_ = nullptr;
    tlm::tlm_generic_payload gp_;
    bar_access_extension ext_;
    std::vector<uint8_t> enables_;
    uint64_t accesses_ = 0;
    uint64_t errors_ = 0;
};

} // namespace sriov::endpoint

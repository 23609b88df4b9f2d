// A host CPU doing configuration accesses as ECAM loads and stores, loosely
// timed with a quantum keeper: the initiator of the Linux enable flow and of
// a scenario's direct config reads and writes. Call from an SC_THREAD.
#pragma once

#include "sriov/pcie/access.h"
#include "sriov/pcie/config_access.h"

#include <cstdint>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>

namespace sriov::tb {

// What the root complex reported for the access, and for reads of 1..4
// bytes their little-endian value.
struct cfg_result : config_access_result {
    uint32_t value = 0;
};

class host_cpu : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<host_cpu> socket;
    // Memory accesses (MMIO to the functions' BARs): bound to rc.mmio.host
    // by a user that makes them (optional).
    tlm_utils::simple_initiator_socket_optional<host_cpu> mmio_socket;

    explicit host_cpu(sc_core::sc_module_name name);

    // 1, 2 or 4 bytes at (fn, offset).
    cfg_result read(routing_id fn, uint16_t offset, unsigned length);
    cfg_result write(routing_id fn, uint16_t offset, unsigned length, uint32_t value);
    // Any length inside the function's 4 KiB.
    cfg_result access(tlm::tlm_command cmd, routing_id fn, uint16_t offset, uint8_t* data,
                      unsigned length);

    // A memory read or write of `length` bytes at bus address `address`
    // through mmio_socket; its time joins the CPU's local time, as a config
    // access's does. TLM_ADDRESS_ERROR_RESPONSE when the socket is unbound.
    tlm::tlm_response_status mmio(tlm::tlm_command cmd, uint64_t address, uint8_t* data,
                                  unsigned length);

    // Let simulated time catch up with the local offset, then wait `t`.
    void delay(const sc_core::sc_time& t);
    void sync() { qk_.sync(); }
    sc_core::sc_time local_time() const { return qk_.get_current_time(); }

private:
    tlm_utils::tlm_quantumkeeper qk_;
};

} // namespace sriov::tb

// A CPU's ECAM load or store, as examples (a) and (d) do them: one generic
// payload per access through the socket bound to the root complex's `ecam`,
// b_transport, then the annotated delay waited (LT, no quantum keeper). Call
// from an SC_THREAD.
#pragma once

#include <sriov/pcie/ecam.h>

#include <cstdint>
#include <cstring>
#include <systemc>
#include <tlm>

namespace example {

// 1, 2 or 4 bytes at (fn, offset); `value` in, and out for a read. False
// when the root complex failed the access (UR, CA, ...).
template <class Socket>
bool ecam_access(Socket& socket, tlm::tlm_command cmd, sriov::routing_id fn, uint16_t offset,
                 unsigned length, uint32_t& value) {
    unsigned char bytes[4] = {};
    std::memcpy(bytes, &value, sizeof bytes); // little-endian host
    tlm::tlm_generic_payload gp;
    gp.set_command(cmd);
    gp.set_address(sriov::ecam::address(fn, offset));
    gp.set_data_ptr(bytes);
    gp.set_data_length(length);
    gp.set_streaming_width(length);
    gp.set_byte_enable_ptr(nullptr);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    socket->b_transport(gp, delay);
    sc_core::wait(delay);
    value = 0;
    std::memcpy(&value, bytes, length);
    return gp.is_response_ok();
}

} // namespace example

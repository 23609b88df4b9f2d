// One configuration access as a loosely-timed initiator performs it at the
// root complex's ECAM socket (docs/interfaces.md): a generic payload with a
// config_access_extension, b_transport with the quantum keeper's local time,
// and a sync once the quantum is used up. Shared by every host-side
// initiator (host CPU, Windows API stubs, scenario steps). Call from an
// SC_THREAD.
#pragma once

#include "sriov/config/access.h"
#include "sriov/root_complex/config_access_extension.h"

#include <cstdint>
#include <tlm>
#include <tlm_utils/tlm_quantumkeeper.h>

namespace sriov::ecam {

struct transport_result {
    tlm::tlm_response_status response = tlm::TLM_INCOMPLETE_RESPONSE;
    config_access_extension info; // what the root complex reported
    bool ok() const { return response == tlm::TLM_OK_RESPONSE; }
};

// `length` bytes at (fn, offset), 1..4096 inside the function's 4 KiB; `data`
// is read from (writes) or filled (reads), little-endian.
transport_result transport(tlm::tlm_fw_transport_if<>& target, tlm_utils::tlm_quantumkeeper& qk,
                           tlm::tlm_command cmd, routing_id fn, uint16_t offset,
                           unsigned char* data, unsigned length);

} // namespace sriov::ecam

// One configuration access as a loosely-timed initiator performs it at the
// root complex's ECAM socket (docs/interfaces.md): a generic payload with a
// config_access_extension, b_transport with the quantum keeper's local time,
// and a sync once the quantum is used up. Shared by every host-side
// initiator (host CPU, Windows API stubs, scenario steps). Call from an
// SC_THREAD.
#pragma once

#include "sriov/pcie/access.h"
#include "sriov/pcie/config_access.h"

#include <cstdint>
#include <tlm>
#include <tlm_utils/tlm_quantumkeeper.h>

namespace sriov::ecam {

// `length` bytes at (fn, offset), 1..4096 inside the function's 4 KiB; `data`
// is read from (writes) or filled (reads), little-endian. The result is what
// the root complex reported, with the payload's response status; an offset
// past 4 KiB is TLM_ADDRESS_ERROR_RESPONSE without reaching the root complex.
config_access_result transport(tlm::tlm_fw_transport_if<>& target, tlm_utils::tlm_quantumkeeper& qk,
                               tlm::tlm_command cmd, routing_id fn, uint16_t offset,
                               unsigned char* data, unsigned length);

} // namespace sriov::ecam

// Human and machine forms of a TLP: one text line for logs and test output,
// and one JSON object per TLP for the `--log FILE` transaction log (JSON Lines).
#pragma once

#include "sriov/tlp/mem_tlp.h"
#include "sriov/tlp/tlp.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace sriov {

// One line, e.g.
//   CfgWr0 req=00:00.0 tag=5 cpl=02:10.0 reg=0x004 be=0011 data=0x00000004
//   CplD cpl=02:10.0 req=00:00.0 tag=5 status=SC bc=4 data=0x00100000
// IDs print as lspci's bb:dd.f, be as First DW BE bits 3..0, data as the
// little-endian DW value. Fields at their normal value for config TLPs are
// omitted; others are appended: tc=N attr=RO,NS,IDO td ep len=N lbe=XXXX la=0xNN bcm.
std::string to_text(const tlp& t);

// Hex string of the wire bytes, two digits per byte, no separators.
std::string to_hex(const tlp_bytes& b);
// Decodes to_hex() output; a malformed hex string decodes as too_short.
decode_result decode_hex(std::string_view hex);

// TLP fields as a JSON object (ADL hook: `nlohmann::ordered_json j = t;` works; keys keep this
// order):
//   type, requester, completer, tag, bytes (wire hex), and
//   requests:    reg_offset (byte offset), byte_enable (First DW BE), data (writes)
//   completions: status, byte_count, lower_address, data (CplD)
//   when not at their normal value: tc, attr ([ "RO", "NS", "IDO" ]), td, ep, length, last_be, bcm
// Numbers are JSON integers; `bytes` lets a tool decode the exact TLP again.
void to_json(nlohmann::ordered_json& j, const tlp& t);

// One transaction-log record: {"time_ps": ..., "direction": ..., <fields above>}.
// The caller supplies simulated time and direction (e.g. "down" RC->EP, "up").
nlohmann::ordered_json log_record(const tlp& t, uint64_t time_ps, std::string_view direction);
// The same for a memory TLP: time_ps, direction, type, requester, tag, then
// address, length_dw, first_be, last_be (requests) or completer, status,
// byte_count, lower_address (completions), and the payload's bytes as hex.
nlohmann::ordered_json mem_log_record(const mem_tlp& t, uint64_t time_ps,
                                      std::string_view direction);
// log_record(...).dump(): one line without a trailing newline.
std::string log_line(const tlp& t, uint64_t time_ps, std::string_view direction);

} // namespace sriov

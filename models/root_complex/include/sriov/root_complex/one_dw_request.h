// The LT hot path's request TLP (one whole DW, First DW BE 1111), written
// straight into the TLP the link and the endpoint read as its four 64-bit
// words: the same struct to_config_tlp() builds (tests/root_complex/
// test_one_dw_request.cpp compares every field), without a temporary and its
// copy; and its completion's match as one compare of the ID word.
#pragma once

#include "sriov/pcie/access.h"
#include "sriov/tlp/tlp.h"

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace sriov::root_complex {

static_assert(offsetof(tlp, length_dw) == 8 && offsetof(tlp, requester) == 10 &&
                  offsetof(tlp, tag) == 12 && offsetof(tlp, completer) == 14 &&
                  offsetof(tlp, dw_index) == 16 && offsetof(tlp, first_be) == 18 &&
                  offsetof(tlp, last_be) == 19 && offsetof(tlp, data) == 20 &&
                  offsetof(tlp, status) == 24 && offsetof(tlp, byte_count) == 26 &&
                  offsetof(tlp, lower_address) == 28 && sizeof(tlp) == 32 &&
                  static_cast<unsigned>(completion_status::successful) == 0,
              "one_dw_request.h: the field layout its words assume");

// Bytes 8-15 of a config request (little-endian): Length 1, Requester ID,
// Tag, Completer ID. Its completion keeps bytes 10-15.
constexpr uint64_t ids_word(routing_id requester, uint16_t tag, routing_id completer) {
    return 1u | static_cast<uint64_t>(requester.value) << 16 | static_cast<uint64_t>(tag) << 32 |
           static_cast<uint64_t>(completer.value) << 48;
}

// `t` = to_config_tlp(requester, tag, {completer, dw_index, 0xF, write, data, type1}),
// with `ids` = ids_word(requester, tag, completer).
inline void put_one_dw_request(tlp& t, uint64_t ids, bool write, bool type1, uint16_t dw_index,
                               uint32_t data) {
    // Fmt/Type; TC, Attr, TD, EP 0.
    const uint64_t w0 = static_cast<uint64_t>(write ? tlp_type::cfg_wr0 : tlp_type::cfg_rd0) |
                        static_cast<uint64_t>(type1);
    // DW index, First DW BE 1111, Last DW BE 0, the data (0 for a read).
    const uint64_t w2 = dw_index | uint64_t{0xF} << 16 | static_cast<uint64_t>(data) << 32;
    // Status SC, BCM 0, Byte Count 4, Lower Address 0.
    const uint64_t w3 = uint64_t{4} << 16;
    auto* bytes = reinterpret_cast<unsigned char*>(&t);
    std::memcpy(bytes, &w0, 8);
    std::memcpy(bytes + 8, &ids, 8);
    std::memcpy(bytes + 16, &w2, 8);
    std::memcpy(bytes + 24, &w3, 8);
}

// The completion in `t` answers the request with `ids` (requester, tag,
// completer as sent) and completed it with SC.
inline bool completes_one_dw(const tlp& t, uint64_t ids) {
    uint64_t w1 = 0;
    std::memcpy(&w1, reinterpret_cast<const unsigned char*>(&t) + 8, 8);
    return is_completion(t.type) && ((w1 ^ ids) >> 16) == 0 &&
           t.status == completion_status::successful;
}

} // namespace sriov::root_complex

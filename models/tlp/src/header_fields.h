// Header fields every TLP kind shares (PCIe Base 2.2.1, 2.2.9): DW0 and the
// completion header's DW1-DW2. One implementation for config TLPs (tlp.cpp)
// and memory TLPs (mem_tlp.cpp). Internal to sriov_tlp.
#pragma once

#include "sriov/pcie/access.h"

#include <cstdint>

namespace sriov::tlp_header {

constexpr uint8_t bit(bool b, unsigned pos) {
    return static_cast<uint8_t>((b ? 1u : 0u) << pos);
}
constexpr uint8_t u8(unsigned v) {
    return static_cast<uint8_t>(v & 0xFFu);
}

inline void put_rid(uint8_t* at, routing_id rid) {
    at[0] = u8(rid.value >> 8);
    at[1] = u8(rid.value);
}
inline routing_id get_rid(const uint8_t* p) {
    return routing_id(static_cast<uint16_t>(p[0] << 8 | p[1]));
}

// DW0 (bytes 0-3): Fmt/Type, T9, TC, T8, IDO, TD, EP, RO, NS, Length[9:0].
// AT, TH and LN are written as 0 (not modelled).
struct dw0 {
    uint8_t fmt_type = 0;
    uint16_t tag = 0; // only bits 9 (T9) and 8 (T8) live in DW0
    uint8_t tc = 0;
    bool id_based_ordering = false;
    bool td = false;
    bool ep = false;
    bool relaxed_ordering = false;
    bool no_snoop = false;
    uint16_t length_field = 0; // 10 bits as on the wire (0 = 1024 DW for payloads)
    bool at_th_ln = false;     // decode only: AT[1:0], TH or LN non-zero
};

inline void put_dw0(uint8_t* b, const dw0& h) {
    b[0] = h.fmt_type;
    b[1] = u8(bit((h.tag >> 9) & 1, 7) | (h.tc & 0x7) << 4 | bit((h.tag >> 8) & 1, 3) |
              bit(h.id_based_ordering, 2));
    b[2] = u8(bit(h.td, 7) | bit(h.ep, 6) | bit(h.relaxed_ordering, 5) | bit(h.no_snoop, 4) |
              ((h.length_field >> 8) & 0x3));
    b[3] = u8(h.length_field);
}

inline dw0 get_dw0(const uint8_t* p) {
    dw0 h;
    h.fmt_type = p[0];
    h.tag = static_cast<uint16_t>((p[1] >> 7 & 1) << 9 | (p[1] >> 3 & 1) << 8);
    h.tc = (p[1] >> 4) & 0x7;
    h.id_based_ordering = (p[1] >> 2) & 1;
    h.td = (p[2] >> 7) & 1;
    h.ep = (p[2] >> 6) & 1;
    h.relaxed_ordering = (p[2] >> 5) & 1;
    h.no_snoop = (p[2] >> 4) & 1;
    h.length_field = static_cast<uint16_t>((p[2] & 0x3) << 8 | p[3]);
    h.at_th_ln = (p[2] & 0x0C) != 0 || (p[1] & 0x03) != 0;
    return h;
}

// Completion DW1-DW2 (bytes 4-11): Completer ID, Status, BCM, Byte Count[11:0],
// Requester ID, Tag[7:0], Lower Address[6:0].
struct completion_ids {
    routing_id completer;
    unsigned status = 0; // 3 bits
    bool bcm = false;
    uint16_t byte_count_field = 0; // 12 bits as on the wire (0 = 4096 for memory reads)
    routing_id requester;
    uint8_t tag_low = 0;
    uint8_t lower_address = 0;
    bool reserved_set = false; // decode only: byte 11 bit 7
};

inline void put_completion(uint8_t* b, const completion_ids& c) {
    put_rid(b + 4, c.completer);
    b[6] = u8(c.status << 5 | bit(c.bcm, 4) | ((c.byte_count_field >> 8) & 0xF));
    b[7] = u8(c.byte_count_field);
    put_rid(b + 8, c.requester);
    b[10] = c.tag_low;
    b[11] = u8(c.lower_address & 0x7F);
}

inline completion_ids get_completion(const uint8_t* p) {
    completion_ids c;
    c.completer = get_rid(p + 4);
    c.status = p[6] >> 5;
    c.bcm = (p[6] >> 4) & 1;
    c.byte_count_field = static_cast<uint16_t>((p[6] & 0xF) << 8 | p[7]);
    c.requester = get_rid(p + 8);
    c.tag_low = p[10];
    c.lower_address = p[11] & 0x7F;
    c.reserved_set = (p[11] & 0x80) != 0;
    return c;
}

// Completion Status values defined by the spec (SC, UR, CRS, CA).
inline bool valid_status(unsigned s) {
    return s == static_cast<unsigned>(completion_status::successful) ||
           s == static_cast<unsigned>(completion_status::unsupported_request) ||
           s == static_cast<unsigned>(completion_status::config_request_retry) ||
           s == static_cast<unsigned>(completion_status::completer_abort);
}

} // namespace sriov::tlp_header

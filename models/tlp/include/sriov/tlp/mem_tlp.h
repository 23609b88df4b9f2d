// Memory TLPs: Memory Read / Memory Write requests with 32- and 64-bit
// addresses and the completions of memory reads (Cpl, CplD), with their exact
// PCIe header bytes (PCIe Base r5.0/r6.0 sections 2.2.1-2.2.5, 2.2.9).
// Config TLPs stay in tlp.h; both share the DW0 / completion header code.
//
// Wire layout (bytes 0-3, DW0, as for every TLP: see tlp.h):
//   MRd/MWr   bytes 4-5  Requester ID   byte 6 Tag[7:0]   byte 7 Last DW BE[7:4] First DW BE[3:0]
//     3 DW:   bytes 8-11  Address[31:2], byte 11 bits 1:0 PH (reserved: TH is not modelled)
//     4 DW:   bytes 8-11  Address[63:32], bytes 12-15 Address[31:2] + PH
//   Cpl/CplD  as in tlp.h: Byte Count is the bytes still to be returned for the
//             request including this completion (0 encodes 4096), Lower Address
//             the low 7 bits of the byte address of the first byte returned.
//   Payload (MWr, CplD): Length DW after the header, in address order; byte 0
//   is the byte at the DW-aligned `address` (First DW BE says which bytes of
//   the first DW count, Last DW BE those of the last).
#pragma once

#include "sriov/pcie/access.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sriov {

// Values are byte 0 of the header (Fmt[7:5] Type[4:0]).
enum class mem_tlp_type : uint8_t {
    mrd32 = 0x00, // Fmt 000 (3 DW, no data), Type 0 0000
    mrd64 = 0x20, // Fmt 001 (4 DW, no data)
    mwr32 = 0x40, // Fmt 010 (3 DW, data)
    mwr64 = 0x60, // Fmt 011 (4 DW, data)
    cpl = 0x0A,   // completion without data (a read's UR/CA)
    cpl_d = 0x4A, // completion with data
};

const char* to_string(mem_tlp_type t); // "MRd32", "MRd64", "MWr32", "MWr64", "Cpl", "CplD"

constexpr bool is_mem_request(mem_tlp_type t) {
    return (static_cast<uint8_t>(t) & 0x9Fu) == 0;
}
constexpr bool is_mem_write(mem_tlp_type t) {
    return is_mem_request(t) && (static_cast<uint8_t>(t) & 0x40u) != 0;
}
constexpr bool is_mem_completion(mem_tlp_type t) {
    return (static_cast<uint8_t>(t) & 0xBFu) == 0x0Au;
}
constexpr bool has_payload(mem_tlp_type t) {
    return (static_cast<uint8_t>(t) & 0x40u) != 0;
}
constexpr bool is_4dw_header(mem_tlp_type t) {
    return (static_cast<uint8_t>(t) & 0x20u) != 0;
}

constexpr std::size_t mem_header_bytes(mem_tlp_type t) {
    return is_4dw_header(t) ? 16 : 12;
}

inline constexpr uint32_t max_tlp_length_dw = 1024; // Length field 0 encodes 1024
inline constexpr uint32_t max_byte_count = 4096;    // Byte Count field 0 encodes 4096

struct mem_tlp {
    mem_tlp_type type = mem_tlp_type::mrd32;

    // --- DW0 ---
    uint8_t tc = 0;
    bool relaxed_ordering = false;
    bool no_snoop = false;
    bool id_based_ordering = false;
    bool td = false; // the model carries no ECRC: must stay 0
    bool ep = false;
    uint16_t length_dw = 1; // DW count 1..1024 (0 only for Cpl)

    routing_id requester;
    uint16_t tag = 0;     // 10 bits
    routing_id completer; // completions only

    // --- requests ---
    uint64_t address = 0;   // DW-aligned (bits 1:0 zero); below 4 GiB with the 3 DW header
    uint8_t first_be = 0xF; // bit i = byte i of the first DW
    uint8_t last_be = 0;    // 0 for a 1 DW request

    // --- completions ---
    completion_status status = completion_status::successful;
    bool bcm = false;
    uint16_t byte_count = 4;   // 1..4096
    uint8_t lower_address = 0; // 7 bits

    std::vector<uint8_t> payload; // MWr / CplD: 4 * length_dw bytes

    friend bool operator==(const mem_tlp& a, const mem_tlp& b);
    friend bool operator!=(const mem_tlp& a, const mem_tlp& b) { return !(a == b); }
};

// Why bytes or a struct are not a well-formed memory TLP (the checks PCIe
// 2.2.4-2.2.5 and 2.2.9 let a receiver make; reserved bits must be 0 so that
// accepted bytes re-encode to themselves).
enum class mem_decode_error : uint8_t {
    none = 0,
    too_short,                   // fewer bytes than the header + announced payload
    trailing_bytes,              // more bytes than header + payload
    not_memory,                  // not MRd/MWr (3 or 4 DW) nor Cpl/CplD
    digest_not_supported,        // TD = 1
    unsupported_attributes,      // AT, TH or LN set (translation, TPH, LN not modelled)
    address_64bit_below_4gib,    // 4 DW header with Address[63:32] = 0 (2.2.4.1)
    address_too_wide,            // struct only: 3 DW header with an address >= 4 GiB
    unaligned_address,           // struct only: address bits 1:0 set
    bad_last_be,                 // Length 1 with Last DW BE != 0000b (2.2.5)
    zero_byte_enable,            // Length > 1 with First or Last DW BE = 0000b (2.2.5)
    non_contiguous_byte_enables, // Length >= 3 DW, or 2 DW not QW aligned, with a gap (2.2.5)
    crosses_4kib,                // request crossing a 4 KiB address boundary (2.2.7)
    reserved_bits_set,           // PH or another reserved bit set
    reserved_completion_status,  // Status 011b, 101b, 110b, 111b
    data_with_error_status,      // CplD with a status other than SC
    bad_length,                  // Cpl with Length != 0; payload size != 4 * Length
    field_out_of_range,          // struct only: a field wider than its header bits
};

const char* to_string(mem_decode_error e);

// The header + payload bytes (no checks: invalid structs give the bytes a
// buggy transmitter would send).
std::vector<uint8_t> encode(const mem_tlp& t);
mem_decode_error validate(const mem_tlp& t);

struct mem_decode_result {
    mem_decode_error error = mem_decode_error::none;
    mem_tlp value; // default-constructed unless error == none
    bool ok() const { return error == mem_decode_error::none; }
};

// Never throws and never reads outside [data, data + size).
mem_decode_result decode_mem(const uint8_t* data, std::size_t size);
inline mem_decode_result decode_mem(const std::vector<uint8_t>& b) {
    return decode_mem(b.data(), b.size());
}

} // namespace sriov

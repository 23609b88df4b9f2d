// Configuration TLPs as they travel on the link: one struct for the six kinds
// the model uses (CfgRd0/1, CfgWr0/1, Cpl, CplD), and the exact PCIe header
// bytes they encode to and decode from (PCIe Base, sections 2.2.1-2.2.9).
//
// Wire layout of a 3 DW header (byte 0 goes first on the wire; each DW is
// big-endian, bit 7 of a byte is its most significant bit):
//
//   byte 0  Fmt[7:5] Type[4:0]
//   byte 1  T9[7] TC[6:4] T8[3] Attr2/IDO[2] LN[1] TH[0]
//   byte 2  TD[7] EP[6] Attr[1:0][5:4] AT[3:2] Length[9:8][1:0]
//   byte 3  Length[7:0]
//   Config request (CfgRd0/CfgWr0/CfgRd1/CfgWr1):
//   bytes 4-5  Requester ID      byte 6  Tag[7:0]     byte 7  Last DW BE[7:4] First DW BE[3:0]
//   bytes 8-9  Completer ID      byte 10 R[7:4] Ext Reg Number[3:0]
//   byte 11    Register Number[7:2] R[1:0]
//   Completion (Cpl/CplD):
//   bytes 4-5  Completer ID      byte 6  Status[7:5] BCM[4] Byte Count[11:8][3:0]
//   byte 7     Byte Count[7:0]   bytes 8-9  Requester ID   byte 10 Tag[7:0]
//   byte 11    R[7] Lower Address[6:0]
//   bytes 12-15 (CfgWr*, CplD only) the data DW, in address order: byte 12 is
//               config-space byte offset+0, i.e. the least significant byte of
//               the little-endian DW value `data`.
//
// Attr bits: Attr[1] = Relaxed Ordering (byte 2 bit 5), Attr[0] = No Snoop
// (byte 2 bit 4), Attr[2] = ID-Based Ordering (byte 1 bit 2).
#pragma once

#include "sriov/pcie/access.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace sriov {

// The TLP kinds the model carries. Values are byte 0 of the header (Fmt/Type).
enum class tlp_type : uint8_t {
    cfg_rd0 = 0x04, // Fmt 000 (3DW, no data), Type 0 0100
    cfg_wr0 = 0x44, // Fmt 010 (3DW, data),    Type 0 0100
    cfg_rd1 = 0x05, // Fmt 000, Type 0 0101
    cfg_wr1 = 0x45, // Fmt 010, Type 0 0101
    cpl = 0x0A,     // Fmt 000, Type 0 1010: completion without data
    cpl_d = 0x4A,   // Fmt 010, Type 0 1010: completion with data
};

const char* to_string(tlp_type t); // "CfgRd0", "CfgWr0", ..., "Cpl", "CplD"

// Bit tests on the Fmt/Type byte (one compare each on the per-TLP path):
// CfgRd0/1 04h/05h, CfgWr0/1 44h/45h, Cpl/CplD 0Ah/4Ah; bit 6 is "with data",
// bit 0 is Type 1.
constexpr bool is_config_request(tlp_type t) {
    return (static_cast<uint8_t>(t) & 0xBEu) == 0x04u;
}
constexpr bool is_type1(tlp_type t) {
    return (static_cast<uint8_t>(t) & 0xBFu) == 0x05u;
}
constexpr bool is_completion(tlp_type t) {
    return (static_cast<uint8_t>(t) & 0xBFu) == 0x0Au;
}
constexpr bool is_write(tlp_type t) {
    return (static_cast<uint8_t>(t) & 0xFEu) == 0x44u;
}
// True when the TLP carries the 1 DW payload (Fmt bit 6 = "with data").
constexpr bool has_data(tlp_type t) {
    return (static_cast<uint8_t>(t) & 0x40) != 0;
}

// One configuration TLP. Every field maps to header bits (see the layout
// above); fields that do not apply to the kind are ignored by encode() and
// must be left at their defaults for decode(encode(t)) == t.
struct tlp {
    tlp_type type = tlp_type::cfg_rd0;

    // --- common header (DW0) ---
    uint8_t tc = 0;                 // Traffic Class, 3 bits; 0 for config requests
    bool relaxed_ordering = false;  // Attr[1]; 0 for config requests
    bool no_snoop = false;          // Attr[0]; 0 for config requests
    bool id_based_ordering = false; // Attr[2]; reserved (0) for config requests
    bool td = false;                // TLP Digest present; the model carries no ECRC, so 0
    bool ep = false;                // Poisoned (error forwarding)
    uint16_t length_dw = 1;         // Length field: 1 for config requests and CplD, 0 for Cpl

    // --- IDs and tag ---
    routing_id requester; // who issued the request (Root Port / RC: usually 00:00.0)
    uint16_t tag = 0;     // 10-bit tag: [9] = T9, [8] = T8, [7:0] = Tag byte
    routing_id completer; // target of a request / function that completes it
                          // (with ARI: bus + 8-bit function, device 0)

    // --- config request only ---
    uint16_t dw_index = 0;  // 10-bit DW register index = byte offset / 4:
                            // [9:6] Extended Register Number, [5:0] Register Number
    uint8_t first_be = 0xF; // First DW Byte Enables, bit i = byte i of the DW
    uint8_t last_be = 0;    // Last DW Byte Enables: must be 0 for a 1 DW request

    // --- payload (CfgWr0/CfgWr1/CplD) ---
    uint32_t data = 0; // little-endian DW value (byte i = bits 8i+7..8i)

    // --- completion only ---
    completion_status status = completion_status::successful; // SC, UR, CRS, CA
    bool bcm = false;          // Byte Count Modified (PCI-X completers only); 0 here
    uint16_t byte_count = 4;   // 12 bits; config completions always carry 4
    uint8_t lower_address = 0; // 7 bits; 0 for all but memory-read completions

    // Byte offset of the register DW in the function's 4 KiB config space.
    constexpr uint16_t reg_offset() const { return static_cast<uint16_t>(dw_index << 2); }

    friend bool operator==(const tlp& a, const tlp& b);
    friend bool operator!=(const tlp& a, const tlp& b) { return !(a == b); }
};

// --- construction helpers (fields not named get the spec defaults) ---
// Inline: the root complex and the endpoint build one of each per TLP.

// The config request TLP that carries `r`: the inverse of to_config_request.
inline tlp to_config_tlp(routing_id requester, uint16_t tag, const config_request& r) {
    static constexpr tlp defaults{}; // copied whole: cheaper than field by field
    tlp t = defaults;
    if (r.is_write) {
        t.type = r.type1 ? tlp_type::cfg_wr1 : tlp_type::cfg_wr0;
    } else {
        t.type = r.type1 ? tlp_type::cfg_rd1 : tlp_type::cfg_rd0;
    }
    t.requester = requester;
    t.tag = tag;
    t.completer = r.target;
    t.dw_index = r.dw_index;
    t.first_be = r.byte_enable;
    t.data = r.write_data;
    return t;
}
inline tlp make_cfg_read(routing_id requester, uint16_t tag, routing_id completer,
                         uint16_t dw_index, uint8_t first_be = 0xF, bool type1 = false) {
    return to_config_tlp(requester, tag,
                         config_request{completer, dw_index, first_be, false, 0, type1});
}
inline tlp make_cfg_write(routing_id requester, uint16_t tag, routing_id completer,
                          uint16_t dw_index, uint8_t first_be, uint32_t data, bool type1 = false) {
    return to_config_tlp(requester, tag,
                         config_request{completer, dw_index, first_be, true, data, type1});
}
// Turns the config request `t` into its completion, in place: Cpl for writes
// and for every non-SC status, CplD (carrying `data`) for a successful read.
// Requester ID, Tag, Completer ID, TC and Attr stay the request's; Byte Count
// 4, Lower Address 0 (PCIe 2.2.9: for completions other than memory reads
// Byte Count is 4 and Lower Address is 0); every other field its default.
// `write`: is_write(t.type), passed by a caller that read it before the
// access (which may store anywhere, so the type would be loaded again).
inline void complete_in_place(tlp& t, completion_status status, uint32_t data, bool write) {
    const bool with_data = status == completion_status::successful && !write;
    t.type = with_data ? tlp_type::cpl_d : tlp_type::cpl;
    t.id_based_ordering = false;
    t.td = false;
    t.ep = false;
    t.length_dw = with_data ? 1 : 0;
    t.dw_index = 0;
    t.first_be = 0xF;
    t.last_be = 0;
    t.data = with_data ? data : 0;
    t.status = status;
    t.bcm = false;
    t.byte_count = 4;
    t.lower_address = 0;
}
inline void complete_in_place(tlp& t, completion_status status, uint32_t data = 0) {
    complete_in_place(t, status, data, is_write(t.type));
}
// The completion answering `request` (complete_in_place on a copy).
inline tlp make_completion(const tlp& request, completion_status status, uint32_t data = 0) {
    tlp c = request;
    complete_in_place(c, status, data);
    return c;
}
// The config_request an endpoint applies for a config request TLP (inline:
// built per request straight into the device's argument, no call).
inline config_request to_config_request(const tlp& request) {
    config_request r;
    r.target = request.completer;
    r.dw_index = request.dw_index;
    r.byte_enable = request.first_be;
    r.is_write = is_write(request.type);
    r.write_data = r.is_write ? request.data : 0;
    r.type1 = is_type1(request.type);
    return r;
}
// A write's data, from the config_request or from the TLP it was built from
// (the same for a write): a device reading it only when writing loads
// nothing for a read.
inline uint32_t write_data_of(const config_request& r) {
    return r.write_data;
}
inline uint32_t write_data_of(const tlp& request) {
    return request.data;
}

// --- wire form ---

// Encoded TLP: 12 header bytes plus 4 payload bytes for CfgWr/CplD.
class tlp_bytes {
public:
    static constexpr std::size_t capacity = 16;

    tlp_bytes() = default;
    const uint8_t* data() const { return bytes_.data(); }
    uint8_t* data() { return bytes_.data(); }
    std::size_t size() const { return size_; }
    void resize(std::size_t n) { size_ = n <= capacity ? n : capacity; }
    const uint8_t* begin() const { return bytes_.data(); }
    const uint8_t* end() const { return bytes_.data() + size_; }
    uint8_t operator[](std::size_t i) const { return bytes_[i]; }
    uint8_t& operator[](std::size_t i) { return bytes_[i]; }
    std::vector<uint8_t> to_vector() const { return {begin(), end()}; }

    friend bool operator==(const tlp_bytes& a, const tlp_bytes& b);
    friend bool operator!=(const tlp_bytes& a, const tlp_bytes& b) { return !(a == b); }

private:
    std::array<uint8_t, capacity> bytes_{};
    std::size_t size_ = 0;
};

// Writes every field as given (no checking: an invalid struct gives the bytes a
// buggy transmitter would send; validate() tells which rule it breaks).
tlp_bytes encode(const tlp& t);

// Why bytes or a struct are not a well-formed config TLP. decode() applies the
// receiver checks the spec permits for config TLPs (a real receiver may skip
// them; the model checks them all) and rejects non-zero reserved bits so that
// every accepted byte string re-encodes to itself.
enum class decode_error : uint8_t {
    none = 0,
    too_short,                  // fewer than 12 bytes, or than 12 + the announced payload
    trailing_bytes,             // more bytes than header + payload
    tlp_prefix,                 // Fmt 100: TLP prefixes are not modelled
    four_dw_header,             // Fmt 001/011 with a config/completion type (these use 3 DW)
    unsupported_type,           // any other Fmt/Type: memory, I/O, message, locked, reserved
    digest_not_supported,       // TD = 1: the model carries no ECRC
    bad_length,                 // Length != 1 for a config request or CplD, != 0 for Cpl
    bad_request_attributes,     // config request with TC, Attr, AT, TH or LN != 0 (2.2.7)
    last_be_nonzero,            // config request with Last DW BE != 0000b
    zero_byte_enable_on_write,  // CfgWr with First DW BE = 0000b: legal on the wire (a
                                // no-op write) but never sent by this model's RC
    reserved_bits_set,          // a reserved header bit is 1
    reserved_completion_status, // Status 011b, 101b, 110b, 111b
    data_with_error_status,     // CplD with a status other than SC
    bad_byte_count,             // config completion with Byte Count != 4 (or BCM set)
    bad_lower_address,          // config completion with Lower Address != 0
    field_out_of_range,         // struct only: a field wider than its header bits
};

const char* to_string(decode_error e); // "too_short", ...

// Checks a struct against the same rules decode() applies to bytes.
decode_error validate_all(const tlp& t);

// validate()'s inline accept: true for the well-formed config requests every
// endpoint sees all the time (Type 0, and Type 1 for VFs on additional
// buses); false says nothing about the TLP (validate_all() decides).
inline bool accepted_config_request(const tlp& t) {
    // The struct as four 64-bit words, each masked to the bits the rules look
    // at (little-endian: the lowest byte first):
    //   word 0 (bytes 0-7)   Fmt/Type a config request (04h/05h/44h/45h), then
    //                        TC, RO, NS, IDO and TD zero; EP and padding not looked at
    //   word 1 (bytes 8-15)  Length 1, Tag 10 bits (Requester and Completer ID any)
    //   word 2 (bytes 16-23) DW index 10 bits, First DW BE 4, Last DW BE 0 (data any)
    //   word 3 (bytes 24-31) a defined status (below 8 here, then 0, 1, 2 or 4),
    //                        Byte Count 12 bits, Lower Address 7 (BCM, padding any)
    // and First DW BE non-zero on a write.
    static_assert(offsetof(tlp, tc) == 1 && offsetof(tlp, relaxed_ordering) == 2 &&
                      offsetof(tlp, no_snoop) == 3 && offsetof(tlp, id_based_ordering) == 4 &&
                      offsetof(tlp, td) == 5 && offsetof(tlp, ep) == 6 &&
                      offsetof(tlp, length_dw) == 8 && offsetof(tlp, tag) == 12 &&
                      offsetof(tlp, dw_index) == 16 && offsetof(tlp, first_be) == 18 &&
                      offsetof(tlp, last_be) == 19 && offsetof(tlp, status) == 24 &&
                      offsetof(tlp, byte_count) == 26 && offsetof(tlp, lower_address) == 28 &&
                      sizeof(tlp) == 32,
                  "accepted_config_request(): the field layout its masks assume");
    // Four loads straight into registers (one memcpy into an array went
    // through the stack).
    const auto* bytes = reinterpret_cast<const unsigned char*>(&t);
    uint64_t w0 = 0, w1 = 0, w2 = 0, w3 = 0;
    std::memcpy(&w0, bytes, 8);
    std::memcpy(&w1, bytes + 8, 8);
    std::memcpy(&w2, bytes + 16, 8);
    std::memcpy(&w3, bytes + 24, 8);
    const auto status = static_cast<unsigned>(t.status);
    return (((w0 & 0x0000FFFFFFFFFFBEull) ^ 0x04u) | ((w1 & 0x0000FC000000FFFFull) ^ 0x01u) |
            (w2 & 0x00000000FFF0FC00ull) | (w3 & 0x00000080F00000F8ull)) == 0 &&
           ((0x17u >> status) & 1u) != 0 && (t.first_be != 0 || !has_data(t.type));
}

// validate_all(), with accepted_config_request() inline first; anything else
// (including every malformed TLP) goes to validate_all(), which alone decides
// which error to report.
inline decode_error validate(const tlp& t) {
    return accepted_config_request(t) ? decode_error::none : validate_all(t);
}

struct decode_result {
    decode_error error = decode_error::none;
    tlp value; // meaningful only when error == none

    bool ok() const { return error == decode_error::none; }
    explicit operator bool() const { return ok(); }
};

// Never throws and never reads outside [data, data + size).
decode_result decode(const uint8_t* data, std::size_t size);
inline decode_result decode(const tlp_bytes& b) {
    return decode(b.data(), b.size());
}
inline decode_result decode(const std::vector<uint8_t>& b) {
    return decode(b.data(), b.size());
}

} // namespace sriov

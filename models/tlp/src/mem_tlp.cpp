#include "sriov/tlp/mem_tlp.h"

#include "sriov/tlp/tlp.h"

#include "header_fields.h"

#include <iterator>

namespace sriov {
namespace {

using namespace tlp_header;

constexpr uint64_t four_gib = uint64_t{1} << 32;
constexpr uint64_t page_4kib = 4096;

// First DW BE contiguous up to byte 3 (1111, 1110, 1100, 1000); Last DW BE
// contiguous from byte 0 (0001, 0011, 0111, 1111).
bool first_be_reaches_end(uint8_t be) {
    return be == 0xF || be == 0xE || be == 0xC || be == 0x8;
}
bool last_be_starts_at_zero(uint8_t be) {
    return be == 0x1 || be == 0x3 || be == 0x7 || be == 0xF;
}

// PCIe 2.2.5: Last DW BE 0000b for 1 DW, both non-zero above; contiguous byte
// enables except for 1 DW and for QW-aligned 2 DW requests.
mem_decode_error check_byte_enables(const mem_tlp& t) {
    if (t.length_dw == 1) {
        return t.last_be == 0 ? mem_decode_error::none : mem_decode_error::bad_last_be;
    }
    if (t.first_be == 0 || t.last_be == 0) {
        return mem_decode_error::zero_byte_enable;
    }
    const bool gaps_allowed = t.length_dw == 2 && (t.address & 0x7) == 0;
    if (!gaps_allowed &&
        (!first_be_reaches_end(t.first_be) || !last_be_starts_at_zero(t.last_be))) {
        return mem_decode_error::non_contiguous_byte_enables;
    }
    return mem_decode_error::none;
}

mem_decode_error validate_request(const mem_tlp& t) {
    if ((t.address & 0x3) != 0) {
        return mem_decode_error::unaligned_address;
    }
    if (!is_4dw_header(t.type) && t.address >= four_gib) {
        return mem_decode_error::address_too_wide;
    }
    // 2.2.4.1: addresses below 4 GiB must use the 32-bit (3 DW) format.
    if (is_4dw_header(t.type) && t.address < four_gib) {
        return mem_decode_error::address_64bit_below_4gib;
    }
    if (const mem_decode_error e = check_byte_enables(t); e != mem_decode_error::none) {
        return e;
    }
    // 2.2.7: a request must not cross a 4 KiB boundary.
    if ((t.address & (page_4kib - 1)) + 4u * t.length_dw > page_4kib) {
        return mem_decode_error::crosses_4kib;
    }
    return mem_decode_error::none;
}

mem_decode_error validate_completion(const mem_tlp& t) {
    if (t.byte_count == 0 || t.byte_count > max_byte_count) {
        return mem_decode_error::field_out_of_range;
    }
    if (t.type == mem_tlp_type::cpl_d && t.status != completion_status::successful) {
        return mem_decode_error::data_with_error_status;
    }
    return mem_decode_error::none;
}

bool known(uint8_t fmt_type) {
    const auto t = static_cast<mem_tlp_type>(fmt_type);
    return is_mem_request(t) || is_mem_completion(t);
}

} // namespace

const char* to_string(mem_tlp_type t) {
    switch (t) {
    case mem_tlp_type::mrd32:
        return "MRd32";
    case mem_tlp_type::mrd64:
        return "MRd64";
    case mem_tlp_type::mwr32:
        return "MWr32";
    case mem_tlp_type::mwr64:
        return "MWr64";
    case mem_tlp_type::cpl:
    case mem_tlp_type::cpl_d: // the same Fmt/Type byte as the config completions
        return to_string(static_cast<tlp_type>(t));
    }
    return "?";
}

const char* to_string(mem_decode_error e) {
    // In enum order: the names are the enumerators'.
    static constexpr const char* names[] = {
        "none",
        "too_short",
        "trailing_bytes",
        "not_memory",
        "digest_not_supported",
        "unsupported_attributes",
        "address_64bit_below_4gib",
        "address_too_wide",
        "unaligned_address",
        "bad_last_be",
        "zero_byte_enable",
        "non_contiguous_byte_enables",
        "crosses_4kib",
        "reserved_bits_set",
        "reserved_completion_status",
        "data_with_error_status",
        "bad_length",
        "field_out_of_range",
    };
    const auto i = static_cast<std::size_t>(e);
    return i < std::size(names) ? names[i] : "?";
}

bool operator==(const mem_tlp& a, const mem_tlp& b) {
    return a.type == b.type && a.tc == b.tc && a.relaxed_ordering == b.relaxed_ordering &&
           a.no_snoop == b.no_snoop && a.id_based_ordering == b.id_based_ordering && a.td == b.td &&
           a.ep == b.ep && a.length_dw == b.length_dw && a.requester == b.requester &&
           a.tag == b.tag && a.completer == b.completer && a.address == b.address &&
           a.first_be == b.first_be && a.last_be == b.last_be && a.status == b.status &&
           a.bcm == b.bcm && a.byte_count == b.byte_count && a.lower_address == b.lower_address &&
           a.payload == b.payload;
}

std::vector<uint8_t> encode(const mem_tlp& t) {
    const std::size_t header = mem_header_bytes(t.type);
    std::vector<uint8_t> b(header, 0);
    dw0 h;
    h.fmt_type = static_cast<uint8_t>(t.type);
    h.tag = t.tag;
    h.tc = t.tc;
    h.id_based_ordering = t.id_based_ordering;
    h.td = t.td;
    h.ep = t.ep;
    h.relaxed_ordering = t.relaxed_ordering;
    h.no_snoop = t.no_snoop;
    h.length_field = static_cast<uint16_t>(t.length_dw & 0x3FF);
    put_dw0(b.data(), h);
    if (is_mem_completion(t.type)) {
        put_completion(b.data(), {t.completer, static_cast<unsigned>(t.status), t.bcm,
                                  static_cast<uint16_t>(t.byte_count & 0xFFF), t.requester,
                                  u8(t.tag), t.lower_address});
    } else {
        put_rid(b.data() + 4, t.requester);
        b[6] = u8(t.tag);
        b[7] = u8((t.last_be & 0xF) << 4 | (t.first_be & 0xF));
        std::size_t low = 8;
        if (is_4dw_header(t.type)) {
            for (unsigned i = 0; i < 4; ++i) {
                b[8 + i] = u8(static_cast<unsigned>(t.address >> (56 - 8 * i)));
            }
            low = 12;
        }
        for (unsigned i = 0; i < 4; ++i) {
            b[low + i] = u8(static_cast<unsigned>(t.address >> (24 - 8 * i)));
        }
    }
    if (has_payload(t.type)) {
        b.insert(b.end(), t.payload.begin(), t.payload.end());
    }
    return b;
}

mem_decode_error validate(const mem_tlp& t) {
    if (!known(static_cast<uint8_t>(t.type))) {
        return mem_decode_error::not_memory;
    }
    if (t.tc > 7 || t.tag > 0x3FF || t.first_be > 0xF || t.last_be > 0xF ||
        t.lower_address > 0x7F || t.length_dw > max_tlp_length_dw ||
        !valid_status(static_cast<unsigned>(t.status))) {
        return mem_decode_error::field_out_of_range;
    }
    if (t.td) {
        return mem_decode_error::digest_not_supported;
    }
    const bool no_length = t.type == mem_tlp_type::cpl;
    if ((t.length_dw == 0) != no_length ||
        t.payload.size() != (has_payload(t.type) ? 4u * t.length_dw : 0u)) {
        return mem_decode_error::bad_length;
    }
    return is_mem_request(t.type) ? validate_request(t) : validate_completion(t);
}

mem_decode_result decode_mem(const uint8_t* p, std::size_t size) {
    mem_decode_result r;
    auto fail = [&r](mem_decode_error e) {
        r.error = e;
        r.value = mem_tlp{};
        return r;
    };
    if (p == nullptr || size < 12) {
        return fail(mem_decode_error::too_short);
    }
    if (!known(p[0])) {
        return fail(mem_decode_error::not_memory);
    }
    mem_tlp& t = r.value;
    t.type = static_cast<mem_tlp_type>(p[0]);
    const std::size_t header = mem_header_bytes(t.type);
    const dw0 h = get_dw0(p);
    t.tag = h.tag;
    t.tc = h.tc;
    t.id_based_ordering = h.id_based_ordering;
    t.td = h.td;
    t.ep = h.ep;
    t.relaxed_ordering = h.relaxed_ordering;
    t.no_snoop = h.no_snoop;
    const bool no_length = t.type == mem_tlp_type::cpl;
    t.length_dw = h.length_field == 0 && !no_length ? max_tlp_length_dw : h.length_field;
    if (t.td) {
        return fail(mem_decode_error::digest_not_supported);
    }
    if (no_length && t.length_dw != 0) {
        return fail(mem_decode_error::bad_length);
    }
    const std::size_t want = header + (has_payload(t.type) ? 4u * t.length_dw : 0u);
    if (size < want) {
        return fail(mem_decode_error::too_short);
    }
    if (size > want) {
        return fail(mem_decode_error::trailing_bytes);
    }
    if (is_mem_completion(t.type)) {
        const completion_ids c = get_completion(p);
        if (h.at_th_ln || c.reserved_set) {
            return fail(mem_decode_error::reserved_bits_set);
        }
        if (!valid_status(c.status)) {
            return fail(mem_decode_error::reserved_completion_status);
        }
        t.completer = c.completer;
        t.status = static_cast<completion_status>(c.status);
        t.bcm = c.bcm;
        t.byte_count = c.byte_count_field == 0 ? max_byte_count : c.byte_count_field;
        t.requester = c.requester;
        t.tag = static_cast<uint16_t>(t.tag | c.tag_low);
        t.lower_address = c.lower_address;
    } else {
        if (h.at_th_ln) {
            return fail(mem_decode_error::unsupported_attributes);
        }
        if ((p[header - 1] & 0x3) != 0) {
            return fail(mem_decode_error::reserved_bits_set);
        }
        t.requester = get_rid(p + 4);
        t.tag = static_cast<uint16_t>(t.tag | p[6]);
        t.last_be = p[7] >> 4;
        t.first_be = p[7] & 0xF;
        for (std::size_t i = 8; i < header; ++i) {
            t.address = t.address << 8 | p[i];
        }
    }
    t.payload.assign(p + header, p + want);
    const mem_decode_error e = validate(t);
    if (e != mem_decode_error::none) {
        return fail(e);
    }
    return r;
}

} // namespace sriov

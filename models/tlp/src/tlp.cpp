#include "sriov/tlp/tlp.h"

#include "header_fields.h"

#include <algorithm>

namespace sriov {
namespace {

using namespace tlp_header;

constexpr std::size_t header_bytes = 12;
constexpr std::size_t payload_bytes = 4;

bool known_type(tlp_type t) {
    return is_config_request(t) || is_completion(t);
}

} // namespace

const char* to_string(tlp_type t) {
    switch (t) {
    case tlp_type::cfg_rd0:
        return "CfgRd0";
    case tlp_type::cfg_wr0:
        return "CfgWr0";
    case tlp_type::cfg_rd1:
        return "CfgRd1";
    case tlp_type::cfg_wr1:
        return "CfgWr1";
    case tlp_type::cpl:
        return "Cpl";
    case tlp_type::cpl_d:
        return "CplD";
    }
    return "?";
}

const char* to_string(decode_error e) {
    switch (e) {
    case decode_error::none:
        return "none";
    case decode_error::too_short:
        return "too_short";
    case decode_error::trailing_bytes:
        return "trailing_bytes";
    case decode_error::tlp_prefix:
        return "tlp_prefix";
    case decode_error::four_dw_header:
        return "four_dw_header";
    case decode_error::unsupported_type:
        return "unsupported_type";
    case decode_error::digest_not_supported:
        return "digest_not_supported";
    case decode_error::bad_length:
        return "bad_length";
    case decode_error::bad_request_attributes:
        return "bad_request_attributes";
    case decode_error::last_be_nonzero:
        return "last_be_nonzero";
    case decode_error::zero_byte_enable_on_write:
        return "zero_byte_enable_on_write";
    case decode_error::reserved_bits_set:
        return "reserved_bits_set";
    case decode_error::reserved_completion_status:
        return "reserved_completion_status";
    case decode_error::data_with_error_status:
        return "data_with_error_status";
    case decode_error::bad_byte_count:
        return "bad_byte_count";
    case decode_error::bad_lower_address:
        return "bad_lower_address";
    case decode_error::field_out_of_range:
        return "field_out_of_range";
    }
    return "?";
}

bool operator==(const tlp& a, const tlp& b) {
    return a.type == b.type && a.tc == b.tc && a.relaxed_ordering == b.relaxed_ordering &&
           a.no_snoop == b.no_snoop && a.id_based_ordering == b.id_based_ordering && a.td == b.td &&
           a.ep == b.ep && a.length_dw == b.length_dw && a.requester == b.requester &&
           a.tag == b.tag && a.completer == b.completer && a.dw_index == b.dw_index &&
           a.first_be == b.first_be && a.last_be == b.last_be && a.data == b.data &&
           a.status == b.status && a.bcm == b.bcm && a.byte_count == b.byte_count &&
           a.lower_address == b.lower_address;
}

bool operator==(const tlp_bytes& a, const tlp_bytes& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

tlp_bytes encode(const tlp& t) {
    tlp_bytes b;
    b.resize(header_bytes + (has_data(t.type) ? payload_bytes : 0));
    dw0 h;
    h.fmt_type = static_cast<uint8_t>(t.type);
    h.tag = t.tag;
    h.tc = t.tc;
    h.id_based_ordering = t.id_based_ordering;
    h.td = t.td;
    h.ep = t.ep;
    h.relaxed_ordering = t.relaxed_ordering;
    h.no_snoop = t.no_snoop;
    h.length_field = t.length_dw;
    put_dw0(b.data(), h);
    if (is_completion(t.type)) {
        put_completion(b.data(), {t.completer, static_cast<unsigned>(t.status), t.bcm, t.byte_count,
                                  t.requester, u8(t.tag), t.lower_address});
    } else {
        put_rid(b.data() + 4, t.requester);
        b[6] = u8(t.tag);
        b[7] = u8((t.last_be & 0xF) << 4 | (t.first_be & 0xF));
        put_rid(b.data() + 8, t.completer);
        b[10] = u8((t.dw_index >> 6) & 0xF);
        b[11] = u8((t.dw_index & 0x3F) << 2);
    }
    if (has_data(t.type)) {
        // Payload goes in address order: lowest config-space byte first.
        for (std::size_t i = 0; i < payload_bytes; ++i) {
            b[header_bytes + i] = u8(t.data >> (8 * i));
        }
    }
    return b;
}

decode_error validate_all(const tlp& t) {
    if (!known_type(t.type)) {
        return decode_error::unsupported_type;
    }
    if (t.tc > 7 || t.tag > 0x3FF || t.length_dw > 0x3FF || t.dw_index > 0x3FF ||
        t.first_be > 0xF || t.last_be > 0xF || t.byte_count > 0xFFF || t.lower_address > 0x7F ||
        !valid_status(static_cast<unsigned>(t.status))) {
        return decode_error::field_out_of_range;
    }
    if (t.td) {
        return decode_error::digest_not_supported;
    }
    const uint16_t want_length = has_data(t.type) || is_config_request(t.type) ? 1 : 0;
    if (t.length_dw != want_length) {
        return decode_error::bad_length;
    }
    if (is_config_request(t.type)) {
        // PCIe 2.2.7: TC 000b, Attr[1:0] 00b, Attr[2] reserved for config requests.
        if (t.tc != 0 || t.relaxed_ordering || t.no_snoop || t.id_based_ordering) {
            return decode_error::bad_request_attributes;
        }
        if (t.last_be != 0) {
            return decode_error::last_be_nonzero;
        }
        if (is_write(t.type) && t.first_be == 0) {
            return decode_error::zero_byte_enable_on_write;
        }
        return decode_error::none;
    }
    if (t.type == tlp_type::cpl_d && t.status != completion_status::successful) {
        return decode_error::data_with_error_status;
    }
    // PCIe 2.2.9: completions other than for memory reads (and AtomicOps) carry
    // Byte Count 4 and Lower Address 0; BCM is only set by PCI-X memory-read completers.
    if (t.byte_count != 4 || t.bcm) {
        return decode_error::bad_byte_count;
    }
    if (t.lower_address != 0) {
        return decode_error::bad_lower_address;
    }
    return decode_error::none;
}

decode_result decode(const uint8_t* p, std::size_t size) {
    decode_result r;
    auto fail = [&r](decode_error e) {
        r.error = e;
        r.value = tlp{};
        return r;
    };
    if (p == nullptr || size < header_bytes) {
        return fail(decode_error::too_short);
    }
    const unsigned fmt = p[0] >> 5;
    const unsigned type = p[0] & 0x1F;
    const bool config_or_cpl = type == 0x04 || type == 0x05 || type == 0x0A;
    if (fmt == 0b100) {
        return fail(decode_error::tlp_prefix);
    }
    if (config_or_cpl && (fmt == 0b001 || fmt == 0b011)) {
        return fail(decode_error::four_dw_header);
    }
    if (!config_or_cpl || (fmt != 0b000 && fmt != 0b010)) {
        return fail(decode_error::unsupported_type);
    }

    tlp& t = r.value;
    t.type = static_cast<tlp_type>(p[0]);
    const dw0 h = get_dw0(p);
    t.tag = h.tag;
    t.tc = h.tc;
    t.id_based_ordering = h.id_based_ordering;
    t.td = h.td;
    t.ep = h.ep;
    t.relaxed_ordering = h.relaxed_ordering;
    t.no_snoop = h.no_snoop;
    t.length_dw = h.length_field;
    const bool at_th_ln = h.at_th_ln;

    if (t.td) {
        return fail(decode_error::digest_not_supported);
    }
    const uint16_t want_length = has_data(t.type) || is_config_request(t.type) ? 1 : 0;
    if (t.length_dw != want_length) {
        return fail(decode_error::bad_length);
    }
    const std::size_t want_size = header_bytes + (has_data(t.type) ? payload_bytes : 0);
    if (size < want_size) {
        return fail(decode_error::too_short);
    }
    if (size > want_size) {
        return fail(decode_error::trailing_bytes);
    }

    if (is_completion(t.type)) {
        const completion_ids c = get_completion(p);
        if (at_th_ln || c.reserved_set) {
            return fail(decode_error::reserved_bits_set);
        }
        if (!valid_status(c.status)) {
            return fail(decode_error::reserved_completion_status);
        }
        t.completer = c.completer;
        t.status = static_cast<completion_status>(c.status);
        t.bcm = c.bcm;
        t.byte_count = c.byte_count_field;
        t.requester = c.requester;
        t.tag = static_cast<uint16_t>(t.tag | c.tag_low);
        t.lower_address = c.lower_address;
    } else {
        if (at_th_ln) {
            return fail(decode_error::bad_request_attributes);
        }
        if ((p[10] & 0xF0) != 0 || (p[11] & 0x03) != 0) {
            return fail(decode_error::reserved_bits_set);
        }
        t.requester = get_rid(p + 4);
        t.tag = static_cast<uint16_t>(t.tag | p[6]);
        t.last_be = p[7] >> 4;
        t.first_be = p[7] & 0xF;
        t.completer = get_rid(p + 8);
        t.dw_index = static_cast<uint16_t>((p[10] & 0xF) << 6 | p[11] >> 2);
    }
    if (has_data(t.type)) {
        t.data = static_cast<uint32_t>(p[12]) | static_cast<uint32_t>(p[13]) << 8 |
                 static_cast<uint32_t>(p[14]) << 16 | static_cast<uint32_t>(p[15]) << 24;
    }
    const decode_error e = validate(t);
    if (e != decode_error::none) {
        return fail(e);
    }
    return r;
}

} // namespace sriov

#include "sriov/tlp/mem_split.h"

#include <algorithm>
#include <string>

namespace sriov {
namespace {

constexpr uint64_t four_gib = uint64_t{1} << 32;

// Index of the lowest / highest set bit of a non-zero 4-bit byte-enable field.
unsigned lowest_byte(uint8_t be) {
    unsigned i = 0;
    while (((be >> i) & 1) == 0) {
        ++i;
    }
    return i;
}
unsigned highest_byte(uint8_t be) {
    unsigned i = 3;
    while (((be >> i) & 1) == 0) {
        --i;
    }
    return i;
}

bool power_of_two(uint32_t v) {
    return v != 0 && (v & (v - 1)) == 0;
}

// First byte address a read returns and the bytes it returns in all.
uint64_t read_start(const mem_tlp& r) {
    return r.address | read_lower_address(r.address, r.first_be) % 4;
}

// The MRd / MWr header for span `s`: 3 DW below 4 GiB, 4 DW above (2.2.4.1).
mem_tlp request_for(bool write, routing_id requester, uint16_t tag, const dw_span& s) {
    const bool wide = s.dw_address >= four_gib;
    mem_tlp t;
    t.type = write ? (wide ? mem_tlp_type::mwr64 : mem_tlp_type::mwr32)
                   : (wide ? mem_tlp_type::mrd64 : mem_tlp_type::mrd32);
    t.requester = requester;
    t.tag = tag;
    t.address = s.dw_address;
    t.length_dw = s.length_dw;
    t.first_be = s.first_be;
    t.last_be = s.last_be;
    return t;
}

mem_tlp completion_header(const mem_tlp& request, routing_id completer) {
    mem_tlp c;
    c.tc = request.tc;
    c.relaxed_ordering = request.relaxed_ordering;
    c.no_snoop = request.no_snoop;
    c.id_based_ordering = request.id_based_ordering;
    c.requester = request.requester;
    c.tag = request.tag;
    c.completer = completer;
    return c;
}

} // namespace

dw_span span_of(uint64_t address, uint32_t bytes) {
    dw_span s;
    s.dw_address = address & ~uint64_t{3};
    if (bytes == 0) { // zero-length read: 1 DW, no byte enabled
        s.first_be = 0;
        return s;
    }
    const uint64_t end = address + bytes; // exclusive
    const uint64_t dws = ((end + 3) & ~uint64_t{3}) - s.dw_address;
    if (dws / 4 > max_tlp_length_dw) {
        throw mem_tlp_error("memory request of " + std::to_string(bytes) +
                            " bytes spans more than 1024 DW");
    }
    if ((address & ~uint64_t{0xFFF}) != ((end - 1) & ~uint64_t{0xFFF})) {
        throw mem_tlp_error("memory request crosses a 4 KiB boundary (PCIe 2.2.7)");
    }
    s.length_dw = static_cast<uint16_t>(dws / 4);
    const unsigned lead = static_cast<unsigned>(address & 3);
    const unsigned tail = static_cast<unsigned>((4 - end % 4) % 4); // disabled bytes of the last DW
    s.first_be = static_cast<uint8_t>((0xFu << lead) & 0xFu);
    const uint8_t last = static_cast<uint8_t>(0xFu >> tail);
    if (s.length_dw == 1) {
        s.first_be &= last;
        s.last_be = 0;
    } else {
        s.last_be = last;
    }
    return s;
}

std::optional<dw_span> enabled_span(uint64_t address, const uint8_t* enabled, uint32_t bytes) {
    uint32_t first = 0;
    while (first < bytes && enabled[first] == 0) {
        ++first;
    }
    if (first == bytes) {
        return std::nullopt;
    }
    uint32_t last = bytes - 1;
    while (enabled[last] == 0) {
        --last;
    }
    dw_span s = span_of(address + first, last - first + 1);
    // Byte i of the span (from its DW address) is enabled.
    const auto on = [&](uint64_t i) {
        const uint64_t at = s.dw_address + i;
        return at >= address + first && at <= address + last && enabled[at - address] != 0;
    };
    const uint64_t span_bytes = 4u * uint64_t{s.length_dw};
    for (uint64_t i = 4; i + 4 < span_bytes; ++i) {
        if (!on(i)) {
            throw mem_tlp_error(
                "byte enables with a disabled byte inside a middle DW (PCIe 2.2.5)");
        }
    }
    s.first_be = 0;
    s.last_be = 0;
    for (unsigned i = 0; i < 4; ++i) {
        s.first_be = static_cast<uint8_t>(s.first_be | (on(i) ? 1u << i : 0u));
        if (s.length_dw > 1) {
            s.last_be = static_cast<uint8_t>(s.last_be | (on(span_bytes - 4 + i) ? 1u << i : 0u));
        }
    }
    const mem_decode_error e = validate(request_for(false, {}, 0, s));
    if (e != mem_decode_error::none) {
        throw mem_tlp_error(std::string("byte enables one request cannot carry (PCIe 2.2.5): ") +
                            to_string(e));
    }
    return s;
}

uint32_t read_byte_count(uint16_t length_dw, uint8_t first_be, uint8_t last_be) {
    if (length_dw == 1) {
        return first_be == 0 ? 1 : highest_byte(first_be) - lowest_byte(first_be) + 1;
    }
    return 4u * length_dw - lowest_byte(first_be) - (3 - highest_byte(last_be));
}

uint8_t read_lower_address(uint64_t dw_address, uint8_t first_be) {
    const unsigned offset = first_be == 0 ? 0 : lowest_byte(first_be);
    return static_cast<uint8_t>(((dw_address & 0x7C) | offset) & 0x7F);
}

uint32_t device_control_size(unsigned encoding) {
    if (encoding > 5) {
        throw mem_tlp_error("reserved Max_Payload_Size / Max_Read_Request_Size encoding " +
                            std::to_string(encoding));
    }
    return 128u << encoding;
}

std::vector<mem_chunk> split_transfer(uint64_t address, uint64_t bytes, uint32_t max_bytes) {
    if (!power_of_two(max_bytes) || max_bytes < 128 || max_bytes > 4096) {
        throw mem_tlp_error("request size limit " + std::to_string(max_bytes) +
                            " is not a power of two in 128..4096");
    }
    std::vector<mem_chunk> out;
    while (bytes > 0) {
        const uint64_t boundary = (address | (max_bytes - 1)) + 1;
        const uint64_t n = std::min<uint64_t>(bytes, boundary - address);
        out.push_back({address, static_cast<uint32_t>(n)});
        address += n;
        bytes -= n;
    }
    return out;
}

mem_tlp make_mem_read(routing_id requester, uint16_t tag, uint64_t address, uint32_t bytes) {
    return request_for(false, requester, tag, span_of(address, bytes));
}

mem_tlp make_mem_write(routing_id requester, uint16_t tag, uint64_t address,
                       const std::vector<uint8_t>& data) {
    if (data.empty()) {
        throw mem_tlp_error("memory write without data");
    }
    mem_tlp t =
        request_for(true, requester, tag, span_of(address, static_cast<uint32_t>(data.size())));
    t.payload.assign(4u * t.length_dw, 0);
    std::copy(data.begin(), data.end(), t.payload.begin() + static_cast<long>(address & 3));
    return t;
}

mem_tlp make_mem_read(routing_id requester, uint16_t tag, const dw_span& span) {
    return request_for(false, requester, tag, span);
}

mem_tlp make_mem_write(routing_id requester, uint16_t tag, const dw_span& span,
                       std::vector<uint8_t> dw_payload) {
    if (dw_payload.size() != 4u * span.length_dw) {
        throw mem_tlp_error("memory write payload is not 4 * Length bytes");
    }
    mem_tlp t = request_for(true, requester, tag, span);
    t.payload = std::move(dw_payload);
    return t;
}

std::vector<mem_tlp> make_read_completions(const mem_tlp& request, routing_id completer,
                                           const std::vector<uint8_t>& dw_data, uint32_t rcb,
                                           uint32_t max_payload) {
    if (is_mem_write(request.type) || !is_mem_request(request.type) ||
        validate(request) != mem_decode_error::none) {
        throw mem_tlp_error("completions need a well-formed memory read request");
    }
    if (dw_data.size() != 4u * request.length_dw) {
        throw mem_tlp_error("read data is not 4 * Length bytes");
    }
    if ((rcb != 64 && rcb != 128) || !power_of_two(max_payload) || max_payload < rcb) {
        throw mem_tlp_error("RCB must be 64 or 128 and Max_Payload_Size a larger power of two");
    }
    const uint64_t start = read_start(request);
    uint32_t remaining = read_byte_count(request.length_dw, request.first_be, request.last_be);
    const uint64_t end = start + remaining;
    std::vector<mem_tlp> out;
    uint64_t at = start;
    while (remaining > 0) {
        // One completion if it fits, else end at an RCB boundary within MPS.
        const uint64_t first_dw = at & ~uint64_t{3};
        uint64_t stop = end;
        if (((end + 3) & ~uint64_t{3}) - first_dw > max_payload) {
            stop = (first_dw + max_payload) & ~uint64_t{rcb - 1};
        }
        mem_tlp c = completion_header(request, completer);
        c.type = mem_tlp_type::cpl_d;
        c.byte_count = static_cast<uint16_t>(remaining);
        c.lower_address = static_cast<uint8_t>(at & 0x7F);
        const uint64_t last_dw_end = (stop + 3) & ~uint64_t{3};
        c.length_dw = static_cast<uint16_t>((last_dw_end - first_dw) / 4);
        const auto from = static_cast<long>(first_dw - request.address);
        c.payload.assign(dw_data.begin() + from, dw_data.begin() + from + 4 * c.length_dw);
        out.push_back(std::move(c));
        remaining -= static_cast<uint32_t>(stop - at);
        at = stop;
    }
    return out;
}

mem_tlp make_read_error_completion(const mem_tlp& request, routing_id completer,
                                   completion_status status) {
    if (status == completion_status::successful) {
        throw mem_tlp_error("an error completion needs a status other than SC");
    }
    mem_tlp c = completion_header(request, completer);
    c.type = mem_tlp_type::cpl;
    c.length_dw = 0;
    c.status = status;
    c.byte_count = static_cast<uint16_t>(
        read_byte_count(request.length_dw, request.first_be, request.last_be));
    c.lower_address = read_lower_address(request.address, request.first_be);
    return c;
}

} // namespace sriov

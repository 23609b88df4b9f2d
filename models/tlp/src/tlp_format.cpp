#include "sriov/tlp/tlp_format.h"

#include <fmt/format.h>

#include <iterator>

namespace sriov {
namespace {

std::string be_bits(uint8_t be) {
    std::string s;
    for (int i = 3; i >= 0; --i) {
        s += ((be >> i) & 1) != 0 ? '1' : '0';
    }
    return s;
}

std::string attr_list(const tlp& t) {
    std::string s;
    auto add = [&s](bool on, const char* name) {
        if (on) {
            s += s.empty() ? "" : ",";
            s += name;
        }
    };
    add(t.relaxed_ordering, "RO");
    add(t.no_snoop, "NS");
    add(t.id_based_ordering, "IDO");
    return s;
}

uint16_t normal_length(const tlp& t) {
    return t.type == tlp_type::cpl ? 0 : 1;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

} // namespace

std::string to_hex(const tlp_bytes& b) {
    std::string s;
    s.reserve(2 * b.size());
    for (uint8_t byte : b) {
        fmt::format_to(std::back_inserter(s), "{:02x}", byte);
    }
    return s;
}

decode_result decode_hex(std::string_view hex_text) {
    if (hex_text.size() % 2 != 0 || hex_text.size() > 2 * (tlp_bytes::capacity + 1)) {
        return {decode_error::too_short, tlp{}};
    }
    // One byte more than capacity is kept so oversized input reports trailing_bytes.
    uint8_t bytes[tlp_bytes::capacity + 1];
    const std::size_t n = hex_text.size() / 2;
    for (std::size_t i = 0; i < n; ++i) {
        const int hi = hex_digit(hex_text[2 * i]);
        const int lo = hex_digit(hex_text[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            return {decode_error::too_short, tlp{}};
        }
        bytes[i] = static_cast<uint8_t>(hi << 4 | lo);
    }
    return decode(bytes, n);
}

std::string to_text(const tlp& t) {
    std::string s = to_string(t.type);
    if (is_completion(t.type)) {
        s += " cpl=" + to_string(t.completer) + " req=" + to_string(t.requester) +
             " tag=" + std::to_string(t.tag) + " status=" + to_string(t.status) +
             " bc=" + std::to_string(t.byte_count);
    } else {
        s += " req=" + to_string(t.requester) + " tag=" + std::to_string(t.tag) +
             " cpl=" + to_string(t.completer) + " reg=" + fmt::format("0x{:03x}", t.reg_offset()) +
             " be=" + be_bits(t.first_be);
    }
    if (has_data(t.type)) {
        s += fmt::format(" data=0x{:08x}", t.data);
    }
    if (t.tc != 0) {
        s += " tc=" + std::to_string(t.tc);
    }
    if (const std::string a = attr_list(t); !a.empty()) {
        s += " attr=" + a;
    }
    if (t.td) {
        s += " td";
    }
    if (t.ep) {
        s += " ep";
    }
    if (t.length_dw != normal_length(t)) {
        s += " len=" + std::to_string(t.length_dw);
    }
    if (is_completion(t.type)) {
        if (t.lower_address != 0) {
            s += fmt::format(" la=0x{:02x}", t.lower_address);
        }
        if (t.bcm) {
            s += " bcm";
        }
    } else if (t.last_be != 0) {
        s += " lbe=" + be_bits(t.last_be);
    }
    return s;
}

void to_json(nlohmann::ordered_json& j, const tlp& t) {
    j = nlohmann::ordered_json::object();
    j["type"] = to_string(t.type);
    j["requester"] = to_string(t.requester);
    j["completer"] = to_string(t.completer);
    j["tag"] = t.tag;
    if (is_completion(t.type)) {
        j["status"] = to_string(t.status);
        j["byte_count"] = t.byte_count;
        j["lower_address"] = t.lower_address;
    } else {
        j["reg_offset"] = t.reg_offset();
        j["byte_enable"] = t.first_be;
    }
    if (has_data(t.type)) {
        j["data"] = t.data;
    }
    if (t.tc != 0) {
        j["tc"] = t.tc;
    }
    if (t.relaxed_ordering || t.no_snoop || t.id_based_ordering) {
        auto& a = j["attr"] = nlohmann::ordered_json::array();
        if (t.relaxed_ordering) {
            a.push_back("RO");
        }
        if (t.no_snoop) {
            a.push_back("NS");
        }
        if (t.id_based_ordering) {
            a.push_back("IDO");
        }
    }
    if (t.td) {
        j["td"] = true;
    }
    if (t.ep) {
        j["ep"] = true;
    }
    if (t.length_dw != normal_length(t)) {
        j["length"] = t.length_dw;
    }
    if (!is_completion(t.type) && t.last_be != 0) {
        j["last_be"] = t.last_be;
    }
    if (is_completion(t.type) && t.bcm) {
        j["bcm"] = true;
    }
    j["bytes"] = to_hex(encode(t));
}

nlohmann::ordered_json log_record(const tlp& t, uint64_t time_ps, std::string_view direction) {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    j["time_ps"] = time_ps;
    j["direction"] = std::string(direction);
    nlohmann::ordered_json fields = t;
    j.update(fields);
    return j;
}

nlohmann::ordered_json mem_log_record(const mem_tlp& t, uint64_t time_ps,
                                      std::string_view direction) {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    j["time_ps"] = time_ps;
    j["direction"] = std::string(direction);
    j["type"] = to_string(t.type);
    j["requester"] = to_string(t.requester);
    j["tag"] = t.tag;
    if (is_mem_request(t.type)) {
        j["address"] = fmt::format("0x{:X}", t.address);
        j["length_dw"] = t.length_dw;
        j["first_be"] = t.first_be;
        j["last_be"] = t.last_be;
    } else {
        j["completer"] = to_string(t.completer);
        j["status"] = to_string(t.status);
        j["byte_count"] = t.byte_count;
        j["lower_address"] = t.lower_address;
    }
    if (!t.payload.empty()) {
        std::string hex;
        for (const uint8_t b : t.payload) {
            hex += fmt::format("{:02X}", b);
        }
        j["payload"] = hex;
    }
    return j;
}

std::string log_line(const tlp& t, uint64_t time_ps, std::string_view direction) {
    return log_record(t, time_ps, direction).dump();
}

} // namespace sriov

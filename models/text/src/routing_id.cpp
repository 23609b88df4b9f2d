#include "sriov/text/routing_id.h"

#include "sriov/text/lex_error.h"
#include "sriov/text/words.h"

#include <algorithm>
#include <optional>
#include <string>

namespace sriov::text {

namespace {

constexpr std::string_view hex_digits = "0123456789abcdefABCDEF";

// A part of bb:dd.f: one or more hex digits; the value saturates above any
// part's limit, so a long part is out of range rather than wrapped.
std::optional<unsigned> hex_part(std::string_view s) {
    if (s.empty() || s.find_first_not_of(hex_digits) != std::string_view::npos) {
        return std::nullopt;
    }
    unsigned v = 0;
    for (char c : s) {
        const char l = static_cast<char>(c | 0x20); // ASCII lower case
        const unsigned d = static_cast<unsigned>(l <= '9' ? l - '0' : l - 'a' + 10);
        v = std::min(v * 16 + d, 0x10000u);
    }
    return v;
}

struct bdf {
    unsigned bus, device, function;
};

// `t` split as bb:dd.f, or nullopt when it has another form.
std::optional<bdf> split_bdf(std::string_view t) {
    const size_t colon = t.find(':');
    const size_t dot = t.find('.', colon == std::string_view::npos ? t.size() : colon);
    if (colon == std::string_view::npos || dot == std::string_view::npos) {
        return std::nullopt;
    }
    const auto bus = hex_part(t.substr(0, colon));
    const auto device = hex_part(t.substr(colon + 1, dot - colon - 1));
    const auto function = hex_part(t.substr(dot + 1));
    if (!bus || !device || !function) {
        return std::nullopt;
    }
    return bdf{*bus, *device, *function};
}

} // namespace

uint16_t parse_routing_id(std::string_view text, const number_syntax& numbers) {
    const std::string t = trim(text);
    if (const auto b = split_bdf(t)) {
        if (b->bus > 0xFF || b->device > 0x1F || b->function > 7) {
            throw lex_error("bus/device/function out of range");
        }
        return static_cast<uint16_t>(b->bus << 8 | b->device << 3 | b->function);
    }
    return static_cast<uint16_t>(parse_unsigned(t, numbers, 0xFFFF));
}

} // namespace sriov::text

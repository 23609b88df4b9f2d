#include "sriov/link/link_timing.h"

#include <algorithm>
#include <cctype>

namespace sriov::link {
namespace {

// Exact time = num / den ps; rounded to nearest, halves up.
uint64_t round_ps(uint64_t num, uint64_t den) {
    return (2 * num + den) / (2 * den);
}

// Picoseconds of `symbols` byte times on one lane, as num/den:
// symbols * 8 bits * enc_num / enc_den / (rate_mtps * 1e6 /s) * 1e12 ps/s.
uint64_t symbols_ps(generation gen, uint64_t symbols) {
    const bool b8b10 = gen == generation::gen1 || gen == generation::gen2;
    const uint64_t enc_num = b8b10 ? 10 : is_flit_mode(gen) ? 1 : 130;
    const uint64_t enc_den = b8b10 ? 8 : is_flit_mode(gen) ? 1 : 128;
    return round_ps(symbols * 8 * enc_num * 1'000'000, enc_den * rate_mtps(gen));
}

uint64_t ceil_div(uint64_t a, uint64_t b) {
    return (a + b - 1) / b;
}

uint64_t flits_for(std::size_t header_and_data) {
    return std::max<uint64_t>(1, ceil_div(header_and_data, flit_tlp_bytes));
}

// Flit time of `flits` over `lanes`: exact rational, rounded once.
uint64_t flits_ps(uint64_t flits, unsigned lanes) {
    return round_ps(flits * flit_bytes * 8 * 1'000'000,
                    uint64_t{rate_mtps(generation::gen6)} * lanes);
}

const char* encoding_name(generation gen) {
    switch (gen) {
    case generation::gen1:
    case generation::gen2:
        return "8b/10b";
    case generation::gen6:
        return "PAM4 flit";
    default:
        return "128b/130b";
    }
}

} // namespace

bool is_valid(const link_config& cfg) {
    const auto g = static_cast<unsigned>(cfg.gen);
    return g >= 1 && g <= 6 &&
           std::find(supported_widths.begin(), supported_widths.end(), cfg.width) !=
               supported_widths.end();
}

std::string to_string(generation gen) {
    const uint32_t r = rate_mtps(gen);
    std::string rate = std::to_string(r / 1000);
    if (r % 1000 != 0) {
        rate += "." + std::to_string(r % 1000 / 100);
    }
    return "Gen" + std::to_string(static_cast<unsigned>(gen)) + " (" + rate + " GT/s " +
           encoding_name(gen) + ")";
}

std::string to_string(const link_config& cfg) {
    std::string s = to_string(cfg.gen);
    // Insert the width after "GenN".
    s.insert(4, " x" + std::to_string(cfg.width));
    if (cfg.phy_latency_down_ps != 0 || cfg.phy_latency_up_ps != 0) {
        s.insert(s.size() - 1, ", phy " + std::to_string(cfg.phy_latency_down_ps) + "/" +
                                   std::to_string(cfg.phy_latency_up_ps) + " ps");
    }
    return s;
}

std::optional<link_config> parse_link_config(std::string_view text) {
    std::string s;
    for (char c : text) {
        if (c != ' ') {
            s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    // Expect "gen<d>x<n>".
    if (s.size() < 6 || s.compare(0, 3, "gen") != 0 || s[4] != 'x' ||
        !std::isdigit(static_cast<unsigned char>(s[3]))) {
        return std::nullopt;
    }
    link_config cfg;
    cfg.gen = static_cast<generation>(s[3] - '0');
    const std::string w = s.substr(5);
    if (w.empty() || w.size() > 2 || !std::all_of(w.begin(), w.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c)) != 0;
        })) {
        return std::nullopt;
    }
    cfg.width = static_cast<unsigned>(std::stoul(w));
    if (!is_valid(cfg)) {
        return std::nullopt;
    }
    return cfg;
}

uint64_t tlp_wire_bytes(generation gen, std::size_t header_and_data) {
    if (is_flit_mode(gen)) {
        return flits_for(header_and_data) * flit_bytes;
    }
    return header_and_data + tlp_framing_bytes;
}

uint64_t tlp_time_ps(const link_config& cfg, std::size_t header_and_data) {
    if (!is_valid(cfg)) {
        return 0;
    }
    if (is_flit_mode(cfg.gen)) {
        return flits_ps(flits_for(header_and_data), cfg.width);
    }
    return symbols_ps(cfg.gen, ceil_div(header_and_data + tlp_framing_bytes, cfg.width));
}

uint64_t dllp_time_ps(const link_config& cfg) {
    if (!is_valid(cfg)) {
        return 0;
    }
    if (is_flit_mode(cfg.gen)) {
        return flits_ps(1, cfg.width);
    }
    return symbols_ps(cfg.gen, ceil_div(dllp_bytes, cfg.width));
}

uint64_t phy_latency_ps(const link_config& cfg, direction dir) {
    return dir == direction::downstream ? cfg.phy_latency_down_ps : cfg.phy_latency_up_ps;
}

uint64_t tlp_latency_ps(const link_config& cfg, direction dir, std::size_t header_and_data) {
    return tlp_time_ps(cfg, header_and_data) + phy_latency_ps(cfg, dir);
}

} // namespace sriov::link

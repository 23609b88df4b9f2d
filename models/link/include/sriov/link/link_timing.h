// Serialization time of TLPs and DLLPs on a PCIe link (PCIe Base spec: 8b/10b,
// 128b/130b and flit-mode framing). Pure C++: the SystemC link module
// turns these picoseconds into sc_time.
//
// Model, per TLP of N header + data bytes:
//   Gen1-5:  wire bytes = N + 8 framing (Gen1/2: STP 1 + seq 2 + LCRC 4 + END 1;
//            Gen3-5: STP token 4 + LCRC 4), striped over the lanes:
//            time = ceil(wire bytes / lanes) * 8 bits * encoding / rate,
//            encoding 10/8 at 2.5 and 5 GT/s, 130/128 at 8, 16 and 32 GT/s.
//   Gen6:    flit mode at 64 GT/s (PAM4, no 128b/130b: 1 bit per bit). A TLP
//            occupies ceil(N / 236) flits, at least one (an idle link sends the
//            TLP in a flit of its own); no per-TLP framing (the flit's DLP, CRC
//            and FEC replace STP/LCRC). flit time = 256 B * 8 / (64 Gb/s * lanes)
//            = 32 ns / lanes.
//   DLLP (ACK, NAK, UpdateFC): 8 wire bytes at Gen1-5; one flit at Gen6 (it
//            rides in a flit's DLP bytes, and on an idle link that flit is sent
//            for it alone).
// Times are computed as exact rationals and rounded once to the nearest
// picosecond, halves up (Gen3 x4 CfgWr0: 6 * 1015.625 = 6093.75 -> 6094 ps).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sriov::link {

enum class generation : uint8_t { gen1 = 1, gen2, gen3, gen4, gen5, gen6 };

// Link widths the model accepts (x12 and x32 are not defined for Gen6 by the
// spec; the flit formula is applied to them anyway).
constexpr std::array<unsigned, 7> supported_widths = {1, 2, 4, 8, 12, 16, 32};

enum class direction : uint8_t {
    downstream, // root complex -> endpoint
    upstream,   // endpoint -> root complex
};

struct link_config {
    generation gen = generation::gen3;
    unsigned width = 4;               // lanes, one of supported_widths
    uint64_t phy_latency_down_ps = 0; // PHY + flight latency added downstream
    uint64_t phy_latency_up_ps = 0;   // ... and upstream (the caller's profile sets them)
};

bool is_valid(const link_config& cfg); // known generation and supported width

// "Gen3 x4 (8 GT/s 128b/130b)", or "... 128b/130b, phy 100/120 ps)" when a
// PHY latency (down/up) is set.
std::string to_string(const link_config& cfg);
// "Gen3 (8 GT/s 128b/130b)", "Gen1 (2.5 GT/s 8b/10b)", "Gen6 (64 GT/s PAM4 flit)"
std::string to_string(generation gen);
// Parses "gen3x4" / "Gen3 x4" (case-insensitive, space optional); phy latencies 0.
std::optional<link_config> parse_link_config(std::string_view text);

// Transfer rate of Gen1 .. Gen6 in MT/s.
constexpr std::array<uint32_t, 6> generation_rates_mtps = {2500, 5000, 8000, 16000, 32000, 64000};

constexpr uint32_t rate_mtps(generation gen) {
    const auto g = static_cast<std::size_t>(gen);
    return g >= 1 && g <= generation_rates_mtps.size() ? generation_rates_mtps[g - 1] : 0;
}

constexpr bool is_flit_mode(generation gen) {
    return gen == generation::gen6;
}

constexpr unsigned tlp_framing_bytes = 8; // Gen1-5 (non-flit)
constexpr unsigned dllp_bytes = 8;
constexpr unsigned flit_bytes = 256;
constexpr unsigned flit_tlp_bytes = 236; // TLP bytes per flit (rest: 6 DLP + 8 CRC + 6 FEC)

// Header + data bytes of a TLP with a `header_dw` DW header (3, or 4 for
// 64-bit memory requests) and `payload_bytes` of data in whole DWs: the size
// tlp_time_ps() takes, so memory TLPs (MWr, CplD up to 4096 bytes of data)
// serialize in proportion to their payload.
constexpr std::size_t tlp_size_bytes(unsigned header_dw, std::size_t payload_bytes) {
    return 4 * std::size_t{header_dw} + (payload_bytes + 3) / 4 * 4;
}

// Bytes a TLP of `header_and_data` bytes puts on the link: with framing at
// Gen1-5, whole flits at Gen6.
uint64_t tlp_wire_bytes(generation gen, std::size_t header_and_data);

// Serialization time of one TLP (header + data bytes, e.g. 12 for CfgRd0/Cpl,
// 16 for CfgWr0/CplD), in ps. Precondition: is_valid(cfg); 0 otherwise.
uint64_t tlp_time_ps(const link_config& cfg, std::size_t header_and_data);
// Serialization time of one DLLP (ACK) in ps.
uint64_t dllp_time_ps(const link_config& cfg);
// Configured PHY/flight latency of one direction.
uint64_t phy_latency_ps(const link_config& cfg, direction dir);
// First bit sent -> last bit received: serialization + PHY latency of `dir`.
uint64_t tlp_latency_ps(const link_config& cfg, direction dir, std::size_t header_and_data);

} // namespace sriov::link

// Memory-space decode of an SR-IOV device: which function and BAR a memory
// request's address falls in, from the BAR state software programmed.
// Pure arithmetic on windows; bar_state.h reads that state from the
// configuration-space model (sriov_device), which owns every register rule
// (BAR masks, the System Page Size aperture, VF Enable / VF MSE).
//
// Rules (docs/data-path.md has them with their sources):
//   PF BARn   [base, base + size) while the PF's Command.Memory Space Enable is 1.
//   VF k BARn [VF BARn base + k * aperture, + aperture) for k < NumVFs, while
//             VF Enable and VF MSE are both 1 (SR-IOV 3.3.3.1, 3.3.3.4, 3.3.14);
//             a VF's own Command.MSE does not gate it (read-only 0, SR-IOV 3.4.1.3).
//   A request must fall entirely inside one window; otherwise, and for any
//   address no window claims, the completer answers UR.
#pragma once

#include "sriov/pcie/access.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace sriov::endpoint {

// One memory BAR as software programmed it (an I/O or absent BAR: size 0).
struct bar_window {
    uint64_t base = 0; // aligned to size by the register's read-only-zero bits
    uint64_t size = 0; // bytes, power of two; 0 = no memory BAR here
    bool is_64bit = false;
};

// The memory-space state of one PF and its VFs.
struct pf_bar_state {
    routing_id pf;
    bool memory_space_enable = false;    // PF Command bit 1
    std::array<bar_window, 6> bars{};    // PF BARn (a 64-bit BAR at n, n + 1 empty)
    bool vf_enable = false;              // SR-IOV Control bit 0
    bool vf_mse = false;                 // SR-IOV Control bit 3
    std::vector<routing_id> vfs;         // routing IDs of VF 0 .. NumVFs - 1
    std::array<bar_window, 6> vf_bars{}; // base: VF BARn; size: one VF's aperture
};

// Where an address landed.
struct bar_hit {
    std::size_t pf_index = 0; // position of the PF in the decoder
    routing_id function;      // the PF or the VF
    bool is_vf = false;
    uint16_t vf_index = 0; // meaningful when is_vf
    unsigned bar = 0;      // BAR number (the lower one of a 64-bit pair)
    uint64_t offset = 0;   // address - window base
    uint64_t window_base = 0;
    uint64_t window_size = 0;
};

class bar_decoder {
public:
    // Replaces the state of PF `pf_index` (adds PFs up to it as needed);
    // windows move or vanish with the new state.
    void set_pf(std::size_t pf_index, pf_bar_state state);
    std::size_t pf_count() const { return pfs_.size(); }

    // The window holding [address, address + bytes) whole; nullopt: UR.
    // bytes 0 decodes as 1 (a zero-length read still targets its address).
    // Overlapping windows are a software error; the first PF, PF before its
    // VFs, lowest BAR first, wins.
    std::optional<bar_hit> decode(uint64_t address, uint64_t bytes = 1) const;

    // Every window that currently claims addresses (PF BARs, then VF BARs by
    // VF), for logs and tests; VF windows are listed one per VF.
    std::vector<bar_hit> windows() const;

private:
    std::vector<pf_bar_state> pfs_;
};

} // namespace sriov::endpoint

#include "sriov/endpoint/bar_decoder.h"

namespace sriov::endpoint {
namespace {

// [address, last] inside [base, base + size)? Written to avoid overflow at
// the top of the 64-bit space.
bool inside(uint64_t address, uint64_t last, uint64_t base, uint64_t size) {
    return size != 0 && address >= base && last >= address && last - base < size;
}

bool vfs_decode(const pf_bar_state& s) {
    return s.vf_enable && s.vf_mse && !s.vfs.empty();
}

} // namespace

void bar_decoder::set_pf(std::size_t pf_index, pf_bar_state state) {
    if (pf_index >= pfs_.size()) {
        pfs_.resize(pf_index + 1);
    }
    pfs_[pf_index] = std::move(state);
}

std::optional<bar_hit> bar_decoder::decode(uint64_t address, uint64_t bytes) const {
    const uint64_t last = address + (bytes == 0 ? 0 : bytes - 1);
    if (last < address) {
        return std::nullopt; // wraps past 2^64
    }
    for (std::size_t p = 0; p < pfs_.size(); ++p) {
        const pf_bar_state& s = pfs_[p];
        bar_hit h;
        h.pf_index = p;
        if (s.memory_space_enable) {
            for (unsigned n = 0; n < s.bars.size(); ++n) {
                const bar_window& w = s.bars[n];
                if (inside(address, last, w.base, w.size)) {
                    h.function = s.pf;
                    h.bar = n;
                    h.offset = address - w.base;
                    h.window_base = w.base;
                    h.window_size = w.size;
                    return h;
                }
            }
        }
        if (!vfs_decode(s)) {
            continue;
        }
        for (unsigned n = 0; n < s.vf_bars.size(); ++n) {
            const bar_window& w = s.vf_bars[n];
            const uint64_t vfs = s.vfs.size();
            // The VF BARn region spans NumVFs apertures (SR-IOV 3.3.14).
            if (w.size == 0 || address < w.base || (address - w.base) / w.size >= vfs) {
                continue;
            }
            const uint64_t k = (address - w.base) / w.size;
            const uint64_t vf_base = w.base + k * w.size;
            if (!inside(address, last, vf_base, w.size)) {
                continue;
            }
            h.function = s.vfs[k];
            h.is_vf = true;
            h.vf_index = static_cast<uint16_t>(k);
            h.bar = n;
            h.offset = address - vf_base;
            h.window_base = vf_base;
            h.window_size = w.size;
            return h;
        }
    }
    return std::nullopt;
}

std::vector<bar_hit> bar_decoder::windows() const {
    std::vector<bar_hit> out;
    for (std::size_t p = 0; p < pfs_.size(); ++p) {
        const pf_bar_state& s = pfs_[p];
        for (unsigned n = 0; s.memory_space_enable && n < s.bars.size(); ++n) {
            if (s.bars[n].size != 0) {
                out.push_back({p, s.pf, false, 0, n, 0, s.bars[n].base, s.bars[n].size});
            }
        }
        for (std::size_t k = 0; vfs_decode(s) && k < s.vfs.size(); ++k) {
            for (unsigned n = 0; n < s.vf_bars.size(); ++n) {
                const bar_window& w = s.vf_bars[n];
                if (w.size != 0) {
                    out.push_back({p, s.vfs[k], true, static_cast<uint16_t>(k), n, 0,
                                   w.base + k * w.size, w.size});
                }
            }
        }
    }
    return out;
}

} // namespace sriov::endpoint

#include "sriov/endpoint/bar_state.h"

#include "sriov/pcie/registers.h"

namespace sriov::endpoint {
namespace {

constexpr uint32_t bar_flag_bits = bits::bar_io | bits::bar_mem_type | bits::bar_prefetchable;

uint32_t peek(const config::sriov_device& d, routing_id fn, uint16_t offset) {
    return d.peek_dw(fn, static_cast<uint16_t>(offset / 4)).value_or(0);
}

bool is_memory(config::bar_kind k) {
    return k == config::bar_kind::mem32 || k == config::bar_kind::mem64;
}

} // namespace

pf_bar_state read_bar_state(const config::sriov_device& d, std::size_t pf) {
    const config::pf_description& desc = d.profile().pfs.at(pf);
    pf_bar_state s;
    s.pf = d.pf_rid(pf);
    s.memory_space_enable = (peek(d, s.pf, reg::command) & bits::command_mem) != 0;
    for (unsigned n = 0; n < 6; ++n) {
        const config::bar_spec& b = desc.pf_bars[n];
        if (!is_memory(b.kind)) {
            continue;
        }
        bar_window& w = s.bars[n];
        w.size = b.size;
        w.is_64bit = b.kind == config::bar_kind::mem64;
        w.base = peek(d, s.pf, reg::bar(n)) & ~uint64_t{bar_flag_bits};
        if (w.is_64bit && n < 5) {
            w.base |= uint64_t{peek(d, s.pf, reg::bar(n + 1))} << 32;
        }
    }
    s.vf_enable = d.vf_enable(pf);
    s.vf_mse = d.vf_mse(pf);
    for (uint16_t k = 0; k < d.active_vfs(pf); ++k) {
        s.vfs.push_back(d.vf_rid(k, pf));
    }
    for (unsigned n = 0; n < 6; ++n) {
        const config::bar_spec& b = desc.vf_bars[n];
        if (!is_memory(b.kind)) {
            continue;
        }
        bar_window& w = s.vf_bars[n];
        w.size = d.vf_bar_size(n, pf);
        w.is_64bit = b.kind == config::bar_kind::mem64;
        w.base = d.vf_bar_address(n, 0, pf);
    }
    return s;
}

bar_decoder make_bar_decoder(const config::sriov_device& device) {
    bar_decoder dec;
    for (std::size_t pf = 0; pf < device.pf_count(); ++pf) {
        dec.set_pf(pf, read_bar_state(device, pf));
    }
    return dec;
}

} // namespace sriov::endpoint

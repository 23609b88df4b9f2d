#include "sriov/config/sriov_device.h"

#include "error_logging.h"

#include "sriov/config/capabilities.h"
#include "sriov/config/register_file.h"
#include "sriov/pcie/registers.h"
#include "sriov/tlp/tlp.h"

#include <algorithm>
#include <array>
#include <memory>
#include <new>
#include <optional>
#include <systemc>
#include <type_traits>
#include <unordered_map>
#include <vector>

namespace sriov::config {

namespace {
constexpr const char* msg_type = "sriov/config";
} // namespace

class pf_function;

// What a PF's hooks need from the whole device.
class pf_siblings {
public:
    // After a write to PF `writer`'s SR-IOV Control: First VF Offset / VF
    // Stride follow the device's ARI Capable Hierarchy.
    virtual void offset_stride_update(pf_function& writer) = 0;

protected:
    ~pf_siblings() = default;
};

// One PF and its VFs: the PF's registers, its SR-IOV state and VF routing
// (pf_state: what every request reads, and the request path) and the side
// effects of its registers' hooks.
class pf_function final : public pf_state {
public:
    const device_description& dev;
    const pf_description& prof;
    pf_siblings& owner;

    pf_function(const device_description& d, size_t index, pf_siblings& device)
        : pf_state(d.pfs[index].pf_rid, build_pf_layout(d, index), build_vf_layout(d, index)),
          dev(d), prof(d.pfs[index]), owner(device) {}

    uint16_t vf_bar_reg(unsigned bar) const {
        return sriov_reg(static_cast<uint16_t>(sriov_field::vf_bar0 + 4 * bar));
    }

    void drop_vfs() {
        vf_regs.clear();
        vf_ready.clear();
    }

    void reset_pf_registers() {
        ++changes;
        pf_regs = pf_layout.reset_bytes();
        drop_vfs();
        invalidate_routing();
    }

    // --- device_actions -------------------------------------------------------
    uint32_t pf_register(uint16_t off, unsigned width) const override {
        return pf_value(off, width);
    }

    void warn(const std::string& message) override { SC_REPORT_WARNING(msg_type, message.c_str()); }

    // FLR keeps the layout's flr_keep bits (PCIe Base 6.6.2); a VF whose kept
    // bits are all at reset drops its storage, so untouched VFs stay free.
    void function_level_reset(const write_context& c) override {
        if (c.is_vf) {
            uint32_t* values = vf_regs.find(c.vf_index);
            if (values != nullptr && !vf_layout.apply_flr_compact(values)) {
                vf_regs.erase(c.vf_index);
            }
            vf_ready[c.vf_index] = c.now_ns + dev.flr_ready_ns;
        } else {
            pf_layout.apply_flr(pf_regs.data());
            drop_vfs();
            invalidate_routing();
            pf_ready = c.now_ns + dev.flr_ready_ns;
        }
    }

    void soft_reset(const write_context& c) override { reset_keeping_sticky(c); }

    void vf_enable_changed(bool enabled, uint64_t now_ns) override {
        drop_vfs();
        if (enabled) {
            vf_common_ready = now_ns + dev.vf_enable_ready_ns;
        }
    }

    void offset_stride_update() override { owner.offset_stride_update(*this); }

    bool ari_capable_bit() const {
        return (pf_value(sriov_reg(sriov_field::ctrl), 2) & bits::sriov_ctrl_ari_capable) != 0;
    }
    // First VF Offset / VF Stride for ARI Capable Hierarchy `ari` (SR-IOV 3.3.9, 3.3.10).
    void apply_ari(bool ari) {
        pf_store(sriov_reg(sriov_field::vf_offset), 2, reported_first_vf_offset(prof, ari));
        pf_store(sriov_reg(sriov_field::vf_stride), 2, reported_vf_stride(prof, ari));
        invalidate_routing();
    }

    uint64_t vf_bar_size(unsigned bar) const override {
        if (bar >= 6 || prof.vf_bars[bar].kind == bar_kind::none) {
            return 0;
        }
        const uint32_t sps = pf_value(sriov_reg(sriov_field::system_page_size), 4);
        unsigned log2 = 0;
        while (log2 < 31 && ((sps >> log2) & 1u) == 0) {
            ++log2;
        }
        const uint64_t page = uint64_t{4096} << log2;
        return std::max(prof.vf_bars[bar].size, page);
    }

    void system_page_size_changed() override {
        // Re-mask every VF BAR: address bits below the new size read 0.
        for (unsigned i = 0; i < 6; ++i) {
            const bar_spec& b = prof.vf_bars[i];
            if (b.kind == bar_kind::none) {
                continue;
            }
            const uint16_t off = vf_bar_reg(i);
            const uint32_t lo_mask = bar_low_mask(b, b.size);
            const uint64_t eff = vf_bar_size(i);
            pf_store(off, 4, pf_value(off, 4) & ~(lo_mask & ~bar_low_mask(b, eff)));
            if (b.kind == bar_kind::mem64 && i < 5) {
                const uint16_t hi = vf_bar_reg(i + 1);
                const uint32_t hi_mask = bar_high_mask(b.size);
                pf_store(hi, 4, pf_value(hi, 4) & ~(hi_mask & ~bar_high_mask(eff)));
            }
        }
    }

    // D3hot -> D0 without No_Soft_Reset: the function's internal reset keeps
    // only its sticky bits; a PF's VFs go with it (VF Enable is cleared).
    void reset_keeping_sticky(const write_context& c) {
        if (c.is_vf) {
            uint32_t* values = vf_regs.find(c.vf_index);
            if (values != nullptr && !vf_layout.apply_soft_reset_compact(values)) {
                vf_regs.erase(c.vf_index);
            }
            return;
        }
        pf_layout.apply_soft_reset(pf_regs.data());
        drop_vfs();
        invalidate_routing();
    }

    // A request to no function of the device: UR, logged in this PF
    // (error_logging.cpp) with the request's header, or, for a request that
    // came without a TLP (the byte API), the header of the TLP it stands for.
    void log_unsupported_request(const config_request& req, const tlp* origin) {
        const tlp t = origin != nullptr ? *origin
                      : req.is_write    ? make_cfg_write(routing_id(0), 0, req.target, req.dw_index,
                                                         req.byte_enable, req.write_data, req.type1)
                                        : make_cfg_read(routing_id(0), 0, req.target, req.dw_index,
                                                        req.byte_enable, req.type1);
        log_error(pf_layout, pf_regs.data(), detected_error::unsupported_request, t);
    }
};

void pf_state::rebuild_routing() const {
    const uint16_t n = active();
    routing_cache = vf_routing{n, vf_rid(0).value, stride(),
                               n == 0 ? uint8_t{0} : vf_rid(static_cast<uint16_t>(n - 1)).bus()};
    routing_valid = true;
}

void pf_state::write_hooked_dw(uint32_t fn, uint16_t dw, uint8_t be, uint32_t data,
                               uint64_t now_ns) {
    fn_ref f = fn != the_pf ? vf_ref(static_cast<uint16_t>(fn)) : pf_ref();
    ++changes; // its hooks may store through pf_store() or reset functions
    const register_layout& l = *f.layout;
    const unsigned base = 4u * dw;
    const uint32_t old = dw_of(f, dw);
    uint32_t value = l.written_dw(dw, old, be, data);
    const uint32_t lanes = register_layout::byte_lanes(be);

    // Hooks see register-aligned values and may adjust them before commit.
    // The contexts after_write hooks get are constructed only for those
    // (a DW holds at most four registers): no four contexts zeroed per write.
    union pending_contexts {
        pending_contexts() {} // constructs no context
        write_context at[4];
    } after;
    static_assert(std::is_trivially_destructible_v<write_context>);
    std::array<const register_def*, 4> hooked{};
    unsigned n_hooked = 0;
    auto range = l.in_dw(dw);
    for (const register_def* r = range.first; r != range.second; ++r) {
        if (!r->on_write && !r->after_write) {
            continue;
        }
        const unsigned shift = 8u * (r->offset - base);
        const uint32_t width_mask = r->width >= 4 ? ~0u : (1u << (8u * r->width)) - 1u;
        write_context c;
        c.enabled = (lanes >> shift) & width_mask;
        if (c.enabled == 0) {
            continue;
        }
        c.old_value = (old >> shift) & width_mask;
        c.value = (value >> shift) & width_mask;
        c.data = (data >> shift) & c.enabled;
        c.offset = r->offset;
        c.width = r->width;
        c.now_ns = now_ns;
        c.is_vf = f.is_vf;
        c.vf_index = f.vf;
        c.device = this;
        if (r->on_write) {
            r->on_write(c);
            value = (value & ~(width_mask << shift)) | ((c.value & width_mask) << shift);
        }
        if (r->after_write) {
            new (&after.at[n_hooked]) write_context(c);
            hooked[n_hooked] = r;
            ++n_hooked;
        }
    }

    if (value != old) {
        store_dw(f, base, value);
    }

    for (unsigned h = 0; h < n_hooked; ++h) {
        hooked[h]->after_write(after.at[h]);
    }
    if (!f.is_vf && base - sriov_at < sriov_field::size) { // unsigned: below sriov_at wraps
        invalidate_routing();
    }
}

struct sriov_device::impl final : pf_siblings {
    device_description desc;
    std::vector<std::unique_ptr<pf_function>> pfs;
    // The lowest-numbered PF: its ARI Capable Hierarchy is the device's (SR-IOV 3.3.3.5).
    pf_function* lowest = nullptr;

    explicit impl(device_description d) : desc(std::move(d)) {
        pfs.reserve(desc.pfs.size());
        for (size_t i = 0; i < desc.pfs.size(); ++i) {
            pfs.push_back(std::make_unique<pf_function>(desc, i, *this));
            if (lowest == nullptr || desc.pfs[i].pf_rid < lowest->prof.pf_rid) {
                lowest = pfs.back().get();
            }
        }
    }

    // The PF that owns `rid` (itself or one of its enabled VFs) and the function.
    pf_function* find(routing_id rid, pf_function::fn_ref& f, uint64_t& ready) const {
        for (const auto& p : pfs) {
            if (p->claim(rid, f, ready)) {
                return p.get();
            }
        }
        return nullptr;
    }
    pf_function* owner_of(routing_id rid) const {
        pf_function::fn_ref f;
        uint64_t ready = 0;
        return find(rid, f, ready);
    }

    bool vf_bus_above_pf(uint8_t bus) const {
        for (const auto& p : pfs) {
            if (p->vf_bus_above_pf(bus)) {
                return true;
            }
        }
        return false;
    }

    // The writer's own VF Enable may have changed in the same write: it always
    // follows; the other PFs only while their VF Enable is clear (SR-IOV
    // 3.3.3.5: ARI Capable Hierarchy may only change then).
    void offset_stride_update(pf_function& writer) override {
        const bool ari = lowest->ari_capable_bit();
        writer.apply_ari(ari);
        if (&writer != lowest) {
            return;
        }
        for (const auto& p : pfs) {
            if (p.get() != &writer && !p->vfe()) {
                p->apply_ari(ari);
            }
        }
    }

    pf_function& pf(size_t i) const { return *pfs.at(i); }

    // sriov_device::access() for a device of several PFs (out of line: the
    // one-PF path stays lean).
    [[gnu::noinline]] config_response access_many(const config_request& req, uint64_t now_ns);
};

sriov_device::sriov_device(device_description description) {
    validate(description);
    impl_ = std::make_unique<impl>(std::move(description));
    first_ = impl_->pfs.front().get();
    several_pfs_ = impl_->pfs.size() > 1;
    reset(0);
}

sriov_device::~sriov_device() = default;

const device_description& sriov_device::profile() const {
    return impl_->desc;
}

size_t sriov_device::pf_count() const {
    return impl_->pfs.size();
}

void sriov_device::reset(uint64_t now_ns) {
    for (const auto& p : impl_->pfs) {
        p->reset_pf_registers();
        p->vf_common_ready = 0;
        p->pf_ready = now_ns + impl_->desc.reset_ready_ns;
    }
}

// access() has refused dw_index > 1023 already.
config_response sriov_device::impl::access_many(const config_request& req, uint64_t now_ns) {
    if (req.type1 && !vf_bus_above_pf(req.target.bus())) {
        return unsupported();
    }
    pf_function::fn_ref f;
    uint64_t ready = 0;
    pf_function* p = find(req.target, f, ready);
    if (p == nullptr) {
        // An absent function of a multi-function device: no function to log
        // it in (docs/config-space-map.md, "Several PFs").
        return unsupported();
    }
    return p->apply(f, ready, req, req, now_ns);
}

// A request the first PF does not claim: another PF's (several PFs), or UR,
// logged in a one-PF device's PF (not a Type 1 request for a bus no VF is
// on: that one is not the device's). Out of line and cold: the per-TLP path
// keeps few live registers (callgrind, bench_cosim).
config_response sriov_device::not_first_pfs(const config_request& req, uint64_t now_ns,
                                            const tlp* origin) {
    if (several_pfs_) {
        return impl_->access_many(req, now_ns);
    }
    if (!req.type1 || first_->vf_bus_above_pf(req.target.bus())) {
        // the device's only PF logs it
        impl_->pfs.front()->log_unsupported_request(req, origin);
    }
    return unsupported();
}

config_response sriov_device::not_first_pfs(const tlp& request, uint64_t now_ns,
                                            const tlp* origin) {
    return not_first_pfs(to_config_request(request), now_ns, origin);
}

// Not specific to a function: logged in the device's first PF.
void sriov_device::log_malformed_tlp(const tlp& request) {
    log_error(first_->pf_layout, first_->pf_regs.data(), detected_error::malformed_tlp, request);
}

namespace {
// The DW request behind a 1-4 byte access at a byte offset (all bytes in one
// DW), or nothing for an access the model does not take (answered with UR).
std::optional<config_request> byte_request(routing_id fn, uint16_t offset, unsigned length,
                                           bool is_write, uint32_t value) {
    const unsigned lane = offset & 3u;
    if (length < 1 || length > 4 || offset >= 4096 || lane + length > 4) {
        return std::nullopt;
    }
    config_request req;
    req.target = fn;
    req.dw_index = static_cast<uint16_t>(offset / 4);
    req.byte_enable = static_cast<uint8_t>(((1u << length) - 1u) << lane);
    req.is_write = is_write;
    req.write_data = is_write ? value << (8 * lane) : 0;
    return req;
}
} // namespace

config_response sriov_device::read(routing_id fn, uint16_t offset, unsigned length,
                                   uint64_t now_ns) {
    const std::optional<config_request> req = byte_request(fn, offset, length, false, 0);
    if (!req) {
        return {completion_status::unsupported_request, 0};
    }
    config_response rsp = access(*req, now_ns);
    if (rsp.status == completion_status::successful) {
        rsp.read_data >>= 8 * (offset & 3u);
        if (length < 4) {
            rsp.read_data &= (1u << (8 * length)) - 1u;
        }
    }
    return rsp;
}

config_response sriov_device::write(routing_id fn, uint16_t offset, unsigned length, uint32_t value,
                                    uint64_t now_ns) {
    const std::optional<config_request> req = byte_request(fn, offset, length, true, value);
    if (!req) {
        return {completion_status::unsupported_request, 0};
    }
    return access(*req, now_ns);
}

std::optional<uint32_t> sriov_device::peek_dw(routing_id fn, uint16_t dw_index) const {
    pf_function::fn_ref f;
    uint64_t ready = 0;
    if (dw_index >= 1024 || impl_->find(fn, f, ready) == nullptr) {
        return std::nullopt;
    }
    return pf_function::dw_of(f, dw_index);
}

routing_id sriov_device::pf_rid(size_t pf) const {
    return routing_id(impl_->pf(pf).prof.pf_rid);
}
std::optional<size_t> sriov_device::pf_of(routing_id rid) const {
    for (size_t i = 0; i < impl_->pfs.size(); ++i) {
        const pf_function& p = *impl_->pfs[i];
        if (rid.value == p.prof.pf_rid || p.vf_index_of(rid)) {
            return i;
        }
    }
    return std::nullopt;
}
bool sriov_device::vf_enable(size_t pf) const {
    return impl_->pf(pf).vfe();
}
bool sriov_device::vf_mse(size_t pf) const {
    const pf_function& p = impl_->pf(pf);
    return (p.pf_value(p.sriov_reg(sriov_field::ctrl), 2) & bits::sriov_ctrl_vf_mse) != 0;
}
bool sriov_device::ari_capable_hierarchy(size_t pf) const {
    return impl_->pf(pf).ari_capable_bit();
}
uint16_t sriov_device::num_vfs(size_t pf) const {
    return impl_->pf(pf).num_vfs();
}
uint64_t sriov_device::register_changes() const {
    uint64_t n = 0;
    for (const auto& p : impl_->pfs) {
        n += p->changes;
    }
    return n;
}

uint16_t sriov_device::active_vfs(size_t pf) const {
    return impl_->pf(pf).active();
}
uint16_t sriov_device::first_vf_offset(size_t pf) const {
    return impl_->pf(pf).offset();
}
uint16_t sriov_device::vf_stride(size_t pf) const {
    return impl_->pf(pf).stride();
}
uint32_t sriov_device::system_page_size(size_t pf) const {
    const pf_function& p = impl_->pf(pf);
    return p.pf_value(p.sriov_reg(sriov_field::system_page_size), 4);
}
routing_id sriov_device::vf_rid(uint16_t vf_index, size_t pf) const {
    return impl_->pf(pf).vf_rid(vf_index);
}
std::optional<uint16_t> sriov_device::vf_index_of(routing_id rid, size_t pf) const {
    return impl_->pf(pf).vf_index_of(rid);
}
bool sriov_device::vf_bus_above_pf(uint8_t bus) const {
    return impl_->vf_bus_above_pf(bus);
}
uint64_t sriov_device::vf_bar_size(unsigned bar, size_t pf) const {
    return impl_->pf(pf).vf_bar_size(bar);
}

uint64_t sriov_device::vf_bar_address(unsigned bar, uint16_t vf_index, size_t pf) const {
    const pf_function& p = impl_->pf(pf);
    if (bar >= 6 || p.prof.vf_bars[bar].kind == bar_kind::none) {
        return 0;
    }
    const bar_spec& b = p.prof.vf_bars[bar];
    uint64_t base = p.pf_value(p.vf_bar_reg(bar), 4) & 0xFFFFFFF0u;
    if (b.kind == bar_kind::mem64 && bar < 5) {
        base |= uint64_t{p.pf_value(p.vf_bar_reg(bar + 1), 4)} << 32;
    }
    return base + uint64_t{vf_index} * p.vf_bar_size(bar);
}

uint64_t sriov_device::ready_at_ns(routing_id fn) const {
    pf_function::fn_ref f;
    uint64_t ready = 0;
    return impl_->find(fn, f, ready) != nullptr ? ready : 0;
}

bool sriov_device::function_exists(routing_id fn) const {
    return impl_->owner_of(fn) != nullptr;
}

void sriov_device::hw_set_status(routing_id fn, uint16_t offset, uint32_t bits_to_set) {
    pf_function::fn_ref f;
    uint64_t ready = 0;
    pf_function* p = impl_->find(fn, f, ready);
    if (p == nullptr) {
        return;
    }
    const register_layout& l = *f.layout;
    for (unsigned i = 0; i < 4 && offset + i < 4096u; ++i) {
        const uint16_t o = static_cast<uint16_t>(offset + i);
        const uint8_t set = static_cast<uint8_t>((bits_to_set >> (8 * i)) & l.rw1c_byte(o));
        if (set == 0 || (pf_function::byte_of(f, o) & set) == set) {
            continue;
        }
        const unsigned base = o & ~3u;
        const uint32_t dw = pf_function::dw_of(f, static_cast<uint16_t>(base / 4));
        p->store_dw(f, base, dw | uint32_t{set} << (8 * (o & 3u)));
    }
}

size_t sriov_device::vf_private_bytes(routing_id vf) const {
    pf_function::fn_ref f;
    uint64_t ready = 0;
    if (impl_->find(vf, f, ready) == nullptr || f.vf_own == nullptr) {
        return 0;
    }
    // The compact image and its slot in the store's index.
    return f.layout->mutable_dws() * sizeof(uint32_t) + sizeof(std::unique_ptr<uint32_t[]>);
}

size_t sriov_device::materialized_vfs() const {
    size_t n = 0;
    for (const auto& p : impl_->pfs) {
        n += p->vf_regs.size();
    }
    return n;
}

const register_layout& sriov_device::pf_layout(size_t pf) const {
    return impl_->pf(pf).pf_layout;
}
const register_layout& sriov_device::vf_layout(size_t pf) const {
    return impl_->pf(pf).vf_layout;
}

} // namespace sriov::config

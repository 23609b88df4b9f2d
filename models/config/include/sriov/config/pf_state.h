// The state of one PF and its VFs that every config request reads, and the
// request path over it (claim a function, check readiness, read or apply a
// plain write), inline: sriov_device::access() is inline in sriov_device.h,
// so the endpoint's per-TLP call runs it without a call into the library
// (docs/performance.md, branch ltep). Implementation detail of sriov_device:
// sriov_device.cpp's pf_function derives from it and adds the hooks' side
// effects, which stay out of line; every rule here is the only copy.
#pragma once

#include "sriov/config/register_file.h"
#include "sriov/pcie/access.h"
#include "sriov/pcie/registers.h"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

namespace sriov::config {

class pf_state : public device_actions {
public:
    using space = std::array<uint8_t, 4096>;

    // The PF's routing ID and its bus, here to spare a load on every request.
    const uint16_t pf_rid;
    const uint8_t pf_bus;
    register_layout pf_layout;
    register_layout vf_layout;
    space pf_regs{};
    // Lazily materialized VF values: only written VFs own storage, a compact
    // image of the layout's mutable DWs (register_layout::mutable_dws());
    // the index is a pointer per VF up to the highest one written, so a lookup
    // on every VF request is one load instead of a hash.
    class vf_store {
    public:
        uint32_t* find(uint16_t k) const { return k < indexed_ ? slots_[k].get() : nullptr; }
        [[gnu::noinline]] uint32_t* materialize(uint16_t k, const register_layout& layout) {
            if (k >= slots_.size()) {
                slots_.resize(size_t{k} + 1);
                indexed_ = slots_.size();
            }
            if (!slots_[k]) {
                slots_[k] = std::make_unique<uint32_t[]>(layout.mutable_dws());
                layout.reset_compact(slots_[k].get());
                ++count_;
            }
            return slots_[k].get();
        }
        void erase(uint16_t k) {
            if (k < slots_.size() && slots_[k]) {
                slots_[k].reset();
                --count_;
            }
        }
        void clear() {
            slots_.clear();
            slots_.shrink_to_fit();
            indexed_ = 0;
            count_ = 0;
        }
        size_t size() const { return count_; }

    private:
        std::vector<std::unique_ptr<uint32_t[]>> slots_;
        size_t indexed_ = 0; // slots_.size(), kept: find() compares without a division
        size_t count_ = 0;
    };
    vf_store vf_regs;
    uint64_t pf_ready = 0;
    // Grows with every stored change, write with side effects and reset of
    // this PF's or its VFs' registers (sriov_device::register_changes()).
    uint64_t changes = 0;
    uint64_t vf_common_ready = 0;                    // set when VF Enable takes effect
    std::unordered_map<uint16_t, uint64_t> vf_ready; // per-VF overrides (VF FLR)

    // Where the PF's SR-IOV and PCI Express capabilities sit (validate()
    // requires both): the device finds its registers as software does.
    const uint16_t sriov_at = 0;
    const uint16_t pcie_at = 0;

    uint16_t sriov_reg(uint16_t field) const { return static_cast<uint16_t>(sriov_at + field); }

    // --- register storage ---------------------------------------------------
    // A function's values: the PF's full image, or a VF's compact image
    // (its layout's reset image while the VF owns no values).
    struct fn_ref {
        const register_layout* layout = nullptr;
        uint8_t* values = nullptr;         // the PF's 4 KiB image; nullptr for a VF
        const uint32_t* vf_read = nullptr; // a VF's compact image: private or the reset one
        uint32_t* vf_own = nullptr;        // a written VF's private compact image
        bool is_vf = false;
        uint16_t vf = 0;
    };

    fn_ref pf_ref() { return {&pf_layout, pf_regs.data(), nullptr, nullptr, false, 0}; }
    fn_ref vf_ref(uint16_t k) {
        uint32_t* own = vf_regs.find(k);
        return {&vf_layout, nullptr, own != nullptr ? own : vf_layout.reset_image(), own, true, k};
    }

    static uint32_t dw_of(const fn_ref& f, uint16_t dw) {
        return f.values != nullptr ? register_layout::load_dw(f.values, dw)
                                   : f.layout->compact_dw(f.vf_read, dw);
    }
    static uint8_t byte_of(const fn_ref& f, unsigned off) {
        return static_cast<uint8_t>(dw_of(f, static_cast<uint16_t>(off / 4)) >> (8 * (off & 3u)));
    }

    uint32_t pf_value(uint16_t off, unsigned width) const {
        uint32_t v = 0;
        for (unsigned i = 0; i < width; ++i) {
            v |= static_cast<uint32_t>(pf_regs[off + i]) << (8 * i);
        }
        return v;
    }
    void pf_store(uint16_t off, unsigned width, uint32_t v) {
        for (unsigned i = 0; i < width; ++i) {
            pf_regs[off + i] = static_cast<uint8_t>(v >> (8 * i));
        }
    }

    // --- SR-IOV state (derived from the PF registers) -----------------------
    bool vfe() const {
        return (pf_value(sriov_reg(sriov_field::ctrl), 2) & bits::sriov_ctrl_vf_enable) != 0;
    }
    uint16_t num_vfs() const {
        return static_cast<uint16_t>(pf_value(sriov_reg(sriov_field::num_vfs), 2));
    }
    uint16_t active() const { return vfe() ? num_vfs() : 0; }
    uint16_t offset() const {
        return static_cast<uint16_t>(pf_value(sriov_reg(sriov_field::vf_offset), 2));
    }
    uint16_t stride() const {
        return static_cast<uint16_t>(pf_value(sriov_reg(sriov_field::vf_stride), 2));
    }

    routing_id vf_rid(uint16_t k) const {
        const uint32_t rid = uint32_t{pf_rid} + offset() + (k == 0 ? 0u : uint32_t{k} * stride());
        return routing_id(static_cast<uint16_t>(rid)); // 16-bit: carries into the bus number
    }

    // VF routing as the SR-IOV capability currently reports it, cached: every
    // VF request needs it, and it only changes with a PF write to the SR-IOV
    // capability or a reset (invalidate_routing()).
    struct vf_routing {
        uint16_t active = 0;
        uint16_t first = 0;
        uint16_t stride = 0;
        uint8_t last_bus = 0; // bus of the last enabled VF (valid when active > 0)
    };
    mutable vf_routing routing_cache;
    mutable bool routing_valid = false;
    const vf_routing& routing() const {
        if (!routing_valid) {
            rebuild_routing();
        }
        return routing_cache;
    }
    [[gnu::noinline]] void rebuild_routing() const; // sriov_device.cpp
    void invalidate_routing() { routing_valid = false; }

    // SR-IOV VFs on additional bus numbers (endpoint::claims_type1 gives the
    // rule and its source): enabled VFs occupy `bus` above the PF's bus.
    bool vf_bus_above_pf(uint8_t bus) const {
        const vf_routing& r = routing();
        return r.active != 0 && bus > pf_bus && bus <= r.last_bus;
    }

    std::optional<uint16_t> vf_index_of(routing_id rid) const {
        const vf_routing& r = routing();
        const uint16_t n = r.active;
        if (n == 0) {
            return std::nullopt;
        }
        const uint16_t first = r.first;
        const uint16_t d = static_cast<uint16_t>(rid.value - first); // 16-bit distance
        if (d == 0) {
            return uint16_t{0};
        }
        const uint16_t s = r.stride;
        if (s == 0 || d % s != 0) { // stride 0 is only legal with one VF: never divide by it
            return std::nullopt;
        }
        const uint32_t k = d / s;
        if (k >= n) {
            return std::nullopt;
        }
        return static_cast<uint16_t>(k);
    }

    uint64_t vf_ready_at(uint16_t k) const {
        if (vf_ready.empty()) { // no VF FLR since VF Enable: the common case
            return vf_common_ready;
        }
        auto it = vf_ready.find(k);
        return it == vf_ready.end() ? vf_common_ready : it->second;
    }

    // The function `rid` names among this PF and its enabled VFs. Inlined:
    // every request goes through it (bench_cosim LT instructions per TLP).
    [[gnu::always_inline]] bool claim(routing_id rid, fn_ref& f, uint64_t& ready) {
        if (rid.value == pf_rid) {
            f = pf_ref();
            ready = pf_ready;
            return true;
        }
        return claim_vf(rid, f, ready);
    }
    // claim() for a routing ID that is not the PF's (a Type 1 request for a
    // bus above the PF's): one of its enabled VFs, or none.
    [[gnu::always_inline]] bool claim_vf(routing_id rid, fn_ref& f, uint64_t& ready) {
        if (auto k = vf_index_of(rid)) {
            f = vf_ref(*k);
            ready = vf_ready_at(*k);
            return true;
        }
        return false;
    }

    // Commits a changed DW; a VF's first change gives it private storage.
    // Inline: every write that changes a value goes through it.
    [[gnu::always_inline]] void store_dw(fn_ref& f, unsigned base, uint32_t value) {
        ++changes;
        const uint16_t dw = static_cast<uint16_t>(base / 4);
        if (f.values != nullptr) {
            register_layout::store_dw(f.values, dw, value);
            return;
        }
        if (f.vf_own == nullptr) {
            f.vf_own = vf_regs.materialize(f.vf, *f.layout);
            f.vf_read = f.vf_own;
        }
        f.layout->store_compact_dw(f.vf_own, dw, value);
    }

    // --- one DW write -------------------------------------------------------
    // Inline into access(): most writes hit a DW without hooks.
    [[gnu::always_inline]] void write_dw(fn_ref f, uint16_t dw, uint8_t be, uint32_t data,
                                         uint64_t now_ns) {
        be &= 0xF;
        if (be == 0) {
            return;
        }
        const register_layout& l = *f.layout;
        if (l.dw_has_hooks(dw)) {
            // By the function, not by `f`: the write path then keeps `f` in
            // registers instead of copying it to the stack for every write.
            write_hooked_dw(f.is_vf ? uint32_t{f.vf} : the_pf, dw, be, data, now_ns);
            return;
        }
        // No side effects in this DW: one masked store (written_dw, the rule
        // write_hooked_dw applies too).
        const uint32_t old = dw_of(f, dw);
        const uint32_t value = l.written_dw(dw, old, be, data);
        if (value != old) {
            store_dw(f, 4u * dw, value);
        }
    }

    // A write to a DW with side-effect hooks (be != 0). The DW's value after
    // the write is the plain write's rule (written_dw); the hooks then see
    // and may adjust their registers' parts of it before it is committed.
    // Out of line (sriov_device.cpp). `fn`: the VF's index, or the_pf (one
    // argument for both: every argument in a register, so the inline callers
    // push none and need no frame pointer).
    static constexpr uint32_t the_pf = 0x10000;
    [[gnu::noinline]] void write_hooked_dw(uint32_t fn, uint16_t dw, uint8_t be, uint32_t data,
                                           uint64_t now_ns);

    // The request applied to function `f` of this PF, which answers from
    // `ready`: CRS before then, else the read's data or the write applied.
    // A write's data is read from `source` (`req` or its TLP: write_data_of,
    // tlp.h) only when writing.
    template <class Source>
    [[gnu::always_inline]] config_response apply(fn_ref& f, uint64_t ready,
                                                 const config_request& req, const Source& source,
                                                 uint64_t now_ns) {
        config_response rsp;
        if (now_ns < ready) {
            rsp.status = completion_status::config_request_retry;
            return rsp;
        }
        if (req.is_write) {
            write_dw(f, req.dw_index, req.byte_enable, write_data_of(source), now_ns);
        } else {
            rsp.read_data = dw_of(f, req.dw_index);
        }
        return rsp;
    }

protected:
    pf_state(uint16_t rid, register_layout pf, register_layout vf)
        : pf_rid(rid), pf_bus(routing_id(rid).bus()), pf_layout(std::move(pf)),
          vf_layout(std::move(vf)), sriov_at(pf_layout.capability_offset(capability_kind::sriov)),
          pcie_at(pf_layout.capability_offset(capability_kind::pcie)) {}
    ~pf_state() = default;
};

} // namespace sriov::config

// The `pfs` directed sequence (stimulus.h): what the other sequences leave to
// PF 0 or never do, for every PF of the device in turn, then UR logging.
// Written for the configurable block's structures (rtl/sriov_cfg_port_space.sv:
// the per-PF state, the D3hot->D0 soft reset, the AER Header Log) and run on
// the fixed block too; every answer is compared as in any sequence.
//   per PF: reads inside its reset window (CRS); PowerState D1, D2 (refused
//   without PMC support), D3hot, D0 (the soft reset without No_Soft_Reset);
//   VF Enable and its window; a VF's D3hot->D0 and FLR; a System Page Size
//   write while enabled (locked); the ARI Capable Hierarchy bit; a PF FLR
//   and its window.
//   then: URs of absent functions with the AER registers in every state that
//   changes the logging (status pending or cleared, UR masked, fatal or not).
#include "sriov/crosscheck/stimulus.h"

#include "sriov/config/register_file.h"
#include "sriov/pcie/registers.h"

#include <algorithm>

namespace sriov::crosscheck {

namespace {

constexpr uint16_t dw_at(uint16_t offset) {
    return static_cast<uint16_t>(offset / 4);
}

class pf_walker {
public:
    pf_walker(tlp_host& host, const config::sriov_device& dev) : host_(host), dev_(dev) {}

    void all_pfs() {
        for (size_t p = 0; p < dev_.pf_count(); ++p) {
            rd(dev_.pf_rid(p), dw_at(reg::vendor_id)); // CRS after the reset
        }
        for (size_t p = 0; p < dev_.pf_count(); ++p) {
            one_pf(p);
        }
        host_.checkpoint();
        ur_logging();
        host_.checkpoint();
    }
    uint64_t sent() const { return sent_; }

private:
    tlp rd(routing_id fn, uint16_t dw) {
        ++sent_;
        return host_.send(make_cfg_read(routing_id(0), tag(), fn, dw, 0xF));
    }
    tlp wr(routing_id fn, uint16_t dw, uint32_t data, uint8_t be = 0xF) {
        ++sent_;
        return host_.send(make_cfg_write(routing_id(0), tag(), fn, dw, be, data));
    }
    void wait(routing_id fn) {
        const uint64_t at = dev_.ready_at_ns(fn);
        if (at > host_.now_ns()) {
            host_.advance_ns(at - host_.now_ns());
        }
    }
    uint16_t tag() { return static_cast<uint16_t>(tag_++ & 0xFF); }

    // The DW of a capability register of `fn` (PF `p` or one of its VFs);
    // 0 when the function has no such capability.
    uint16_t cap(routing_id fn, size_t p, config::capability_kind k, uint16_t field) const {
        const config::register_layout& l =
            fn == dev_.pf_rid(p) ? dev_.pf_layout(p) : dev_.vf_layout(p);
        const uint16_t at = l.capability_offset(k);
        return at == 0 ? 0 : dw_at(static_cast<uint16_t>(at + field));
    }

    // PowerState D1, D2, D3hot, then D0: every transition the block handles.
    void power_states(routing_id fn, size_t p) {
        const uint16_t pmcsr = cap(fn, p, config::capability_kind::pm, pm_field::pmcsr);
        if (pmcsr == 0) {
            return;
        }
        for (const uint32_t state : {1u, 2u, 0u, 3u, 0u}) {
            wr(fn, pmcsr, state, 0x1);
            rd(fn, pmcsr);
        }
        wait(fn);
    }
    void flr(routing_id fn, size_t p) {
        wr(fn, cap(fn, p, config::capability_kind::pcie, pcie_field::dev_ctrl),
           bits::dev_ctrl_initiate_flr, 0x3);
        rd(fn, dw_at(reg::command)); // inside the FLR window: CRS
        wait(fn);
        rd(fn, dw_at(reg::command));
    }

    void one_pf(size_t p) {
        const routing_id pf = dev_.pf_rid(p);
        const uint16_t ctrl = cap(pf, p, config::capability_kind::sriov, sriov_field::ctrl);
        const uint16_t num = cap(pf, p, config::capability_kind::sriov, sriov_field::num_vfs);
        const uint16_t psz =
            cap(pf, p, config::capability_kind::sriov, sriov_field::system_page_size);
        wait(pf);
        power_states(pf, p);
        const uint16_t total = dev_.profile().pfs[p].total_vfs;
        wr(pf, num, std::min<uint16_t>(total, 3), 0x3);
        wr(pf, ctrl, bits::sriov_ctrl_vf_enable | bits::sriov_ctrl_vf_mse, 0x3);
        const routing_id vf0 = dev_.vf_rid(0, p);
        rd(vf0, dw_at(reg::vendor_id)); // inside the VF Enable window: CRS
        wait(vf0);
        rd(vf0, dw_at(reg::vendor_id));
        wr(pf, psz, 1u << 1); // locked while VF Enable is set
        power_states(vf0, p);
        if (dev_.active_vfs(p) > 0) {
            flr(dev_.vf_rid(static_cast<uint16_t>(dev_.active_vfs(p) - 1), p), p);
        }
        // ARI Capable Hierarchy: locked while VF Enable is set, then set and
        // cleared with it off (First VF Offset / VF Stride may follow it).
        const uint16_t ofs = cap(pf, p, config::capability_kind::sriov, sriov_field::vf_offset);
        const uint32_t enable = bits::sriov_ctrl_vf_enable;
        const uint32_t ari = bits::sriov_ctrl_ari_capable;
        for (const uint32_t c : {enable | ari, 0u, ari, 0u, enable}) {
            wr(pf, ctrl, c, 0x3);
            rd(pf, ofs);
        }
        wait(dev_.vf_rid(0, p));
        flr(pf, p); // takes the VFs
        rd(vf0, dw_at(reg::vendor_id));
    }

    // An absent function: past every PF's VFs on the PFs' bus.
    routing_id absent() const {
        for (uint16_t d = 1;; ++d) {
            const routing_id fn(static_cast<uint16_t>(dev_.pf_rid(0).value + 0x100 * d));
            if (!dev_.function_exists(fn)) {
                return fn;
            }
        }
    }
    void ur_logging() {
        const routing_id pf = dev_.pf_rid(0);
        const auto aer = [&](uint16_t field) {
            return cap(pf, 0, config::capability_kind::aer, field);
        };
        const uint32_t ur = bits::aer_uncor_unsupported_request;
        rd(absent(), dw_at(reg::vendor_id));  // logged (header too with AER)
        wr(absent(), dw_at(reg::command), 0); // status pending: header kept
        if (aer(aer_field::uncor_status) == 0) {
            return;
        }
        for (uint16_t i = 0; i < 4; ++i) {
            rd(pf, static_cast<uint16_t>(aer(aer_field::header_log) + i));
        }
        wr(pf, aer(aer_field::uncor_status), ur); // RW1C: the next UR logs again
        rd(absent(), dw_at(reg::vendor_id));
        wr(pf, aer(aer_field::uncor_status), ur);
        wr(pf, aer(aer_field::uncor_mask), ur); // masked: status, no header
        rd(absent(), dw_at(reg::vendor_id));
        wr(pf, aer(aer_field::uncor_mask), 0);
        wr(pf, aer(aer_field::uncor_status), ur);
        wr(pf, aer(aer_field::uncor_severity), ur); // fatal
        rd(absent(), dw_at(reg::vendor_id));
        wr(pf, aer(aer_field::uncor_severity), 0); // non-fatal: advisory with RBER
        wr(pf, aer(aer_field::uncor_status), ur);
        rd(absent(), dw_at(reg::vendor_id));
        rd(pf, aer(aer_field::cor_status));
        rd(pf, aer(aer_field::cap_ctrl));
    }

    tlp_host& host_;
    const config::sriov_device& dev_;
    uint64_t sent_ = 0;
    unsigned tag_ = 0;
};

} // namespace

uint64_t run_pfs_sequence(tlp_host& host, const config::sriov_device& device) {
    pf_walker w(host, device);
    w.all_pfs();
    return w.sent();
}

} // namespace sriov::crosscheck

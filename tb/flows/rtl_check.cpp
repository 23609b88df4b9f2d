#include "rtl_check.h"

#include "recorders.h"
#include "sriov/crosscheck/variants.h"
#include "sriov/pcie/sim_time.h"
#include "sriov/tb/vcd_merge.h"

#include <fmt/format.h>
#include <iostream>

namespace sriov::flows {

namespace {

// The variant --rtl-variant names (running `p`), or the one built for the profile; nullptr
// (with a message) when there is none.
const crosscheck::rtl_variant* choose_variant(const run_request& r,
                                              const config::device_description& p) {
    if (!r.rtl_variant.empty()) {
        const crosscheck::rtl_variant* v = crosscheck::find_rtl_variant(r.rtl_variant);
        if (v == nullptr) {
            std::cerr << "sriov-sim: unknown RTL variant " << r.rtl_variant << "\n";
            return nullptr;
        }
        // The configurable block (port, its fault builds) runs any description it holds.
        std::string why;
        const crosscheck::rtl_variant* running = crosscheck::rtl_variant_running(*v, p, &why);
        if (running == nullptr) {
            std::cerr << "sriov-sim: --rtl-check: RTL variant " << v->name << " " << why << "\n";
        }
        return running;
    }
    std::string why;
    const crosscheck::rtl_variant* v =
        crosscheck::rtl_variant_for(p, crosscheck::wave_format_of(r.vcd), &why);
    if (v == nullptr) {
        std::cerr << "sriov-sim: --rtl-check: the configurable RTL block cannot run this "
                     "device description ("
                  << why << "); see docs/verification.md\n";
    }
    return v;
}

// FST waves are not merged: each file opens on its own (docs/verification.md).
bool fst(const run_request& r) {
    return crosscheck::wave_format_of(r.vcd) == crosscheck::wave_format::fst;
}

} // namespace

const crosscheck::rtl_variant* rtl_check_variant(const run_request& r,
                                                 const config::device_description& p) {
    const crosscheck::rtl_variant* v = choose_variant(r, p);
    if (v != nullptr && !crosscheck::writes(*v, crosscheck::wave_format_of(r.vcd))) {
        std::cerr << "sriov-sim: RTL variant " << v->name << " has no "
                  << (crosscheck::wave_format_of(r.vcd) == crosscheck::wave_format::fst ? "FST"
                                                                                        : "VCD")
                  << " tracing\n";
        return nullptr;
    }
    return v;
}

int rtl_check::open(const run_request& r, tb::platform& top) {
    if (!r.rtl_check) {
        return 0;
    }
    const crosscheck::rtl_variant* v = rtl_check_variant(r, top.device.profile());
    if (v == nullptr) {
        return 2;
    }
    crosscheck::shadow_options so;
    so.reproduce = "(rerun the same sriov-sim command)";
    shadow_ = crosscheck::make_shadow(*v, top.device, so);
    top.ep.add_observer(shadow_.get());
    if (!r.vcd.empty()) {
        rtl_vcd_ = rtl_vcd_path(r.vcd);
        shadow_->set_trace_window(r.waves_from_ps, r.waves_to_ps);
        shadow_->open_trace(rtl_vcd_);
    }
    return 0;
}

bool rtl_check::finish(const run_request& r) {
    if (!shadow_) {
        return true;
    }
    shadow_->sweep(now_ps() / 1000); // at the current time, in ns
    shadow_->close_trace();
    if (!rtl_vcd_.empty() && !fst(r)) {
        // One file for one viewer window: the TLP monitor's VCD gets the RTL's too.
        const std::string tlp_vcd = tlp_vcd_path(r.vcd);
        if (const std::string err = tb::merge_vcd(tlp_vcd, rtl_vcd_, tlp_vcd); !err.empty()) {
            fmt::print(stderr, "sriov-sim: cannot merge {} into {}: {}\n", rtl_vcd_, tlp_vcd, err);
            return false;
        }
    }
    if (!r.rtl_coverage.empty()) {
        shadow_->write_coverage(r.rtl_coverage);
    }
    const bool ok = shadow_->mismatch_count() == 0;
    if (!r.quiet || !ok) {
        fmt::print("rtl-check: {}: {} TLPs cross-checked against the Verilated RTL ({}), "
                   "{} sweep reads, {} mismatches\n",
                   ok ? "PASS" : "FAIL", shadow_->checked(), shadow_->variant_name(),
                   shadow_->sweep_reads(), shadow_->mismatch_count());
        if (!rtl_vcd_.empty()) {
            fmt::print(fst(r) ? "rtl waves: {} (beside {})\n"
                              : "rtl vcd: {} (also merged into {})\n",
                       rtl_vcd_, tlp_vcd_path(r.vcd));
        }
    }
    return ok;
}

} // namespace sriov::flows

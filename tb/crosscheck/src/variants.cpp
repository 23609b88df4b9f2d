// Verilator's headers first, before anything includes SystemC.
#include "sriov/rtl_driver/cfg_space_model.h"
#include "sriov/rtl_driver/rtl_driver.h"

#include "sriov/crosscheck/variants.h"

#include <deque>
#include <fmt/format.h>
#include <mutex>

#include "sriov/rtl_driver/layout_port.h"

#include <Vsriov_cfg_port_space_port.h>
#include <Vsriov_cfg_port_space_port_fast.h>
#include <Vsriov_cfg_port_space_port_fault_ep_cycles.h>
#include <Vsriov_cfg_port_space_port_fault_numvfs_unlocked.h>
#include <Vsriov_cfg_port_space_port_fault_vf_cmd_mse.h>
#include <Vsriov_cfg_space_default.h>
#include <Vsriov_cfg_space_default_fst.h>
#include <Vsriov_cfg_space_fault_ep_cycles.h>
#include <Vsriov_cfg_space_fault_numvfs_unlocked.h>
#include <Vsriov_cfg_space_fault_vf_cmd_mse.h>
#include <Vsriov_cfg_space_vf256.h>
#include <Vsriov_cfg_space_xcheck.h>
#include <Vsriov_cfg_space_xcheck_ep1.h>
#include <Vsriov_cfg_space_xcheck_ep16.h>
#include <Vsriov_cfg_space_xcheck_ep2.h>
#include <Vsriov_cfg_space_xcheck_ep8.h>
#include <Vsriov_cfg_space_xcheck_fst.h>
#include <Vsriov_cfg_space_xcheck_trace.h>
#if SRIOV_XCHECK_DEFAULT_COV
#include <Vsriov_cfg_space_default_cov.h>
#endif

namespace sriov::crosscheck {

config::device_description xcheck_profile() {
    config::device_description p = config::device_description::defaults();
    p.reset_ready_ns = 20'000;
    p.vf_enable_ready_ns = 10'000;
    p.flr_ready_ns = 5'000;
    return p;
}

namespace {

config::device_description vf256_profile() {
    config::device_description p = config::device_description::defaults();
    p.pfs[0].total_vfs = 256;
    p.pfs[0].initial_vfs = 256;
    p.pfs[0].first_vf_offset = 1;
    p.pfs[0].vf_stride = 1;
    return p;
}

config::device_description xcheck_ep_profile(unsigned ep_cycles) {
    config::device_description p = xcheck_profile();
    p.ep_cycles = ep_cycles;
    return p;
}

// The response-latency sweep: the xcheck profile with EP_CYCLES = ep_cycles.
rtl_variant xcheck_ep_variant(unsigned ep_cycles, std::unique_ptr<rtl::cfg_space_model> (*make)()) {
    return {fmt::format("xcheck_ep{}", ep_cycles),
            fmt::format("xcheck profile with ep_cycles {}, -O3, no tracing", ep_cycles),
            xcheck_ep_profile(ep_cycles),
            false,
            false,
            false,
            make};
}

// An FST-traced build (long runs' waves, docs/verification.md "Waves").
rtl_variant fst_variant(const char* name, const char* windows, config::device_description profile,
                        std::unique_ptr<rtl::cfg_space_model> (*make)()) {
    rtl_variant v{
        name, std::string(windows) + ", FST tracing", std::move(profile), true, false, false, make};
    v.fst = true;
    return v;
}

void add_fst_variants(std::vector<rtl_variant>& v) {
    v.push_back(fst_variant(
        "default_fst", "default 82599 profile, 100 ms windows",
        config::device_description::defaults(),
        [] { return rtl::make_cfg_space<Vsriov_cfg_space_default_fst>("default_fst"); }));
    v.push_back(
        fst_variant("xcheck_fst", "xcheck profile (20/10/5 us windows)", xcheck_profile(),
                    [] { return rtl::make_cfg_space<Vsriov_cfg_space_xcheck_fst>("xcheck_fst"); }));
}

// The configurable block: one build for every description (its layout is
// loaded from the device at reset), with the same faults as the fixed builds.
void add_port_variants(std::vector<rtl_variant>& v) {
    using rtl::make_cfg_space;
    const config::device_description def = config::device_description::defaults();
    v.push_back({"port", "configurable block (layout loaded at reset), VCD tracing", def, true,
                 false, false, [] { return make_cfg_space<Vsriov_cfg_port_space_port>("port"); },
                 true});
    v.push_back({"port_fast",
                 "configurable block, xcheck windows by default, no tracing, " +
                     std::string(SRIOV_XCHECK_COVERAGE ? "line/toggle coverage" : "-O3"),
                 xcheck_profile(), false, SRIOV_XCHECK_COVERAGE != 0, false,
                 [] { return make_cfg_space<Vsriov_cfg_port_space_port_fast>("port_fast"); },
                 true});
    v.push_back({"port_fault_vf_cmd_mse", "configurable block, INJECT_FAULT_VF_CMD_MSE", def, false,
                 false, true,
                 [] {
                     return make_cfg_space<Vsriov_cfg_port_space_port_fault_vf_cmd_mse>(
                         "port_fault_vf_cmd_mse");
                 },
                 true});
    v.push_back({"port_fault_numvfs_unlocked", "configurable block, INJECT_FAULT_NUMVFS_UNLOCKED",
                 def, false, false, true,
                 [] {
                     return make_cfg_space<Vsriov_cfg_port_space_port_fault_numvfs_unlocked>(
                         "port_fault_numvfs_unlocked");
                 },
                 true});
    v.push_back({"port_fault_ep_cycles",
                 "configurable block answering one clock after the loaded ep_cycles",
                 xcheck_profile(), false, false, true,
                 [] {
                     return make_cfg_space<Vsriov_cfg_port_space_port_fault_ep_cycles>(
                         "port_fault_ep_cycles");
                 },
                 true});
}

std::vector<rtl_variant> make_variants() {
    const config::device_description def = config::device_description::defaults();
    std::vector<rtl_variant> v;
    v.push_back({"default", "default 82599 profile, 100 ms windows, VCD tracing", def, true, false,
                 false, [] { return rtl::make_cfg_space<Vsriov_cfg_space_default>("default"); }});
    v.push_back({"xcheck",
                 "default profile with short windows (20/10/5 us), -O3, no tracing" +
                     std::string(SRIOV_XCHECK_COVERAGE ? ", line/toggle coverage" : ""),
                 xcheck_profile(), false, SRIOV_XCHECK_COVERAGE != 0, false,
                 [] { return rtl::make_cfg_space<Vsriov_cfg_space_xcheck>("xcheck"); }});
    v.push_back({"xcheck_trace", "xcheck profile (20/10/5 us windows) with VCD tracing",
                 xcheck_profile(), true, false, false, [] {
                     return rtl::make_cfg_space<Vsriov_cfg_space_xcheck_trace>("xcheck_trace");
                 }});
    v.push_back({"vf256", "256 VFs, offset 1, stride 1, 100 ms windows, VCD tracing",
                 vf256_profile(), true, false, false,
                 [] { return rtl::make_cfg_space<Vsriov_cfg_space_vf256>("vf256"); }});
    v.push_back(xcheck_ep_variant(
        1, [] { return rtl::make_cfg_space<Vsriov_cfg_space_xcheck_ep1>("xcheck_ep1"); }));
    v.push_back(xcheck_ep_variant(
        2, [] { return rtl::make_cfg_space<Vsriov_cfg_space_xcheck_ep2>("xcheck_ep2"); }));
    v.push_back(xcheck_ep_variant(
        8, [] { return rtl::make_cfg_space<Vsriov_cfg_space_xcheck_ep8>("xcheck_ep8"); }));
    v.push_back(xcheck_ep_variant(
        16, [] { return rtl::make_cfg_space<Vsriov_cfg_space_xcheck_ep16>("xcheck_ep16"); }));
    add_fst_variants(v);
#if SRIOV_XCHECK_DEFAULT_COV
    v.push_back({"default_cov", "default profile with line/toggle coverage and tracing", def, true,
                 true, false,
                 [] { return rtl::make_cfg_space<Vsriov_cfg_space_default_cov>("default_cov"); }});
#endif
    v.push_back({"fault_vf_cmd_mse", "default profile, INJECT_FAULT_VF_CMD_MSE", def, true, false,
                 true, [] {
                     return rtl::make_cfg_space<Vsriov_cfg_space_fault_vf_cmd_mse>(
                         "fault_vf_cmd_mse");
                 }});
    v.push_back({"fault_numvfs_unlocked", "default profile, INJECT_FAULT_NUMVFS_UNLOCKED", def,
                 true, false, true, [] {
                     return rtl::make_cfg_space<Vsriov_cfg_space_fault_numvfs_unlocked>(
                         "fault_numvfs_unlocked");
                 }});
    // RTL EP_CYCLES 5 against a profile of 4: a latency fault.
    v.push_back(
        {"fault_ep_cycles", "xcheck profile (ep_cycles 4), RTL built with EP_CYCLES 5",
         xcheck_profile(), false, false, true,
         [] { return rtl::make_cfg_space<Vsriov_cfg_space_fault_ep_cycles>("fault_ep_cycles"); }});
    add_port_variants(v);
    return v;
}

} // namespace

const std::vector<rtl_variant>& rtl_variants() {
    static const std::vector<rtl_variant> v = make_variants();
    return v;
}

std::unique_ptr<rtl_shadow> make_shadow(const rtl_variant& v, config::sriov_device& device,
                                        shadow_options options) {
    return std::make_unique<rtl_shadow>(device, v.make(), std::move(options));
}

const rtl_variant* find_rtl_variant(const std::string& name) {
    for (const auto& v : rtl_variants()) {
        if (v.name == name) {
            return &v;
        }
    }
    return nullptr;
}

wave_format wave_format_of(const std::string& path) {
    if (path.empty()) {
        return wave_format::none;
    }
    return rtl::is_fst_path(path) ? wave_format::fst : wave_format::vcd;
}

bool writes(const rtl_variant& v, wave_format f) {
    switch (f) {
    case wave_format::none:
        return true;
    case wave_format::vcd:
        return v.traced && !v.fst;
    case wave_format::fst:
        return v.traced && v.fst;
    }
    return false;
}

namespace {

// Empty when the configurable block's build holds `p`, else why not.
std::string block_refusal(const config::device_description& p) {
    try {
        (void)rtl::layout_writes(config::sriov_device(p), rtl::built_port_sizes);
    } catch (const rtl::layout_too_large& e) {
        return e.what();
    }
    return {};
}

// A copy of the configurable block's entry `v` running `p`, living as long as
// the program (callers keep the pointer).
const rtl_variant* running_copy(const rtl_variant& v, const config::device_description& p) {
    static std::mutex m;
    static std::deque<rtl_variant> running;
    const std::lock_guard<std::mutex> lock(m);
    running.push_back(v);
    running.back().profile = p;
    return &running.back();
}

} // namespace

const rtl_variant* rtl_variant_for(const config::device_description& p, wave_format waves,
                                   std::string* why) {
    for (const auto& v : rtl_variants()) {
        if (!v.fault && !v.loaded && writes(v, waves) && profile_difference(p, v.profile).empty()) {
            return &v;
        }
    }
    if (const std::string too_large = block_refusal(p); !too_large.empty()) {
        if (why != nullptr) {
            *why = too_large;
        }
        return nullptr;
    }
    if (waves == wave_format::fst) {
        if (why != nullptr) {
            *why = "the configurable block has no FST build: name the waves file .vcd";
        }
        return nullptr;
    }
    return running_copy(*find_rtl_variant(waves == wave_format::vcd ? "port" : "port_fast"), p);
}

const rtl_variant* rtl_variant_running(const rtl_variant& v, const config::device_description& p,
                                       std::string* why) {
    const std::string d = profile_difference(p, v.profile);
    if (d.empty()) {
        return &v;
    }
    if (!v.loaded) {
        if (why != nullptr) {
            *why = "was built for another device (" + d + ")";
        }
        return nullptr;
    }
    if (const std::string too_large = block_refusal(p); !too_large.empty()) {
        if (why != nullptr) {
            *why = "(the configurable block) cannot run this device description (" + too_large +
                   "); see docs/verification.md";
        }
        return nullptr;
    }
    return running_copy(v, p);
}

} // namespace sriov::crosscheck

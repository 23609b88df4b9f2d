#include "sriov/scenario/platform_setup.h"

#include "sriov/config/device_description.h"
#include "sriov/pcie/sim_time.h"

#include <fmt/format.h>

namespace sriov::scenario {

tb::platform_config make_platform_config(const platform_settings& s,
                                         const std::string& scenario_dir) {
    tb::platform_config cfg;
    if (!s.device.empty() && s.device != "default") {
        std::string path = s.device;
        if (path[0] != '/' && !scenario_dir.empty()) {
            path = scenario_dir + "/" + path;
        }
        cfg.profile = config::load_device_description(
            path, config::bus_range{cfg.rc.secondary_bus, cfg.rc.subordinate_bus});
    }
    if (s.gen != 0) {
        cfg.link.gen = static_cast<link::generation>(s.gen);
        cfg.profile.link_gen = s.gen;
    } else {
        cfg.link.gen = static_cast<link::generation>(cfg.profile.link_gen);
    }
    if (s.lanes != 0) {
        cfg.link.width = s.lanes;
        cfg.profile.link_width = s.lanes;
    } else {
        cfg.link.width = cfg.profile.link_width;
    }
    const auto ns = [](uint64_t ps) { return ps / 1000; };
    if (s.reset_ready_ps)
        cfg.profile.reset_ready_ns = ns(*s.reset_ready_ps);
    if (s.vf_enable_ready_ps)
        cfg.profile.vf_enable_ready_ns = ns(*s.vf_enable_ready_ps);
    if (s.flr_ready_ps)
        cfg.profile.flr_ready_ns = ns(*s.flr_ready_ps);
    config::validate(cfg.profile);
    cfg.rc.mode = s.mode == "at" ? root_complex::coding_style::at : root_complex::coding_style::lt;
    if (s.completion_timeout_ps)
        cfg.rc.completion_timeout_ps = *s.completion_timeout_ps;
    if (s.crs_retry_interval_ps)
        cfg.rc.crs_retry_interval_ps = *s.crs_retry_interval_ps;
    if (s.crs_retry_limit)
        cfg.rc.crs_retry_limit = *s.crs_retry_limit;
    if (s.crs_software_visibility)
        cfg.rc.crs_software_visibility = *s.crs_software_visibility;
    return cfg;
}

sw_stubs::stub_config make_stub_config(const platform_settings& s) {
    sw_stubs::stub_config c;
    if (s.vf_enable_wait_ps)
        c.vf_enable_wait = time_from_ps(*s.vf_enable_wait_ps);
    if (s.flr_wait_ps)
        c.flr_wait = time_from_ps(*s.flr_wait_ps);
    return c;
}

namespace {

// A function a step names that the device lacks: pf<n> beyond its PFs, or
// vf<k> beyond its PF's TotalVFs (a routing ID past them would wrap).
std::string missing_function(const function_ref& f, const config::device_description& device) {
    if (f.type == function_ref::kind::rid) {
        return {};
    }
    if (f.pf >= device.pfs.size()) {
        return fmt::format("is out of range pf0..pf{} (the device has {} PF{})",
                           device.pfs.size() - 1, device.pfs.size(),
                           device.pfs.size() == 1 ? "" : "s");
    }
    const unsigned total = device.pfs[f.pf].total_vfs; // at least 1 (config::validate)
    if (f.type == function_ref::kind::vf && f.index >= total) {
        const std::string pf = f.pf == 0 ? "" : fmt::format("pf{}.", f.pf);
        return fmt::format("is out of range {}vf0..{}vf{} (the device's TotalVFs{} is {})", pf, pf,
                           total - 1, f.pf == 0 ? "" : fmt::format(" of PF {}", f.pf), total);
    }
    return {};
}

} // namespace

void check_against_device(const scenario& sc, const config::device_description& device) {
    for (const step& st : sc.steps) {
        for (const auto& [name, v] : st.args) {
            if (v.kind != value_kind::function) {
                continue;
            }
            const std::string why =
                st.id == command_id::driver && v.fn.type != function_ref::kind::pf
                    ? "is not a PF: driver takes pf or pf<n>"
                    : missing_function(v.fn, device);
            if (!why.empty()) {
                throw parse_error(fmt::format("{}:{}: {} {}: {} {}", sc.source, st.line, st.command,
                                              name, v.text, why));
            }
        }
    }
}

} // namespace sriov::scenario

#include "sriov/tb/platform.h"

#include <fmt/format.h>

namespace sriov::tb {

namespace {

// A device the root port cannot reach would answer nothing but UR: refuse it
// before building the modules (config::profile_error naming the field). The
// PF is the device on the port's link, so it sits on the secondary bus (PCIe
// Base 9.2.1.2: all PFs on the captured bus; the VFs may use buses above it).
// The root port reports the link's generation and width.
platform_config reachable(const platform_config& cfg) {
    config::validate(cfg.profile, {cfg.rc.secondary_bus, cfg.rc.subordinate_bus});
    const routing_id pf(cfg.profile.pfs[0].pf_rid);
    if (pf.bus() != cfg.rc.secondary_bus) {
        throw config::profile_error(fmt::format(
            "pf_rid = {}: the PF must be on the root port's secondary bus {:02x}, not behind it",
            to_string(pf), cfg.rc.secondary_bus));
    }
    platform_config c = cfg;
    c.rc.link_gen = static_cast<unsigned>(cfg.link.gen);
    c.rc.link_width = cfg.link.width;
    return c;
}

} // namespace

link::link_config platform_config::default_link() {
    link::link_config l;
    l.gen = link::generation::gen3;
    l.width = 4;
    l.phy_latency_down_ps = 200'000;
    l.phy_latency_up_ps = 200'000;
    return l;
}

platform::platform(sc_core::sc_module_name name, const platform_config& cfg)
    : sc_core::sc_module(name), cfg_(reachable(cfg)), device(cfg_.profile), rc("rc", cfg_.rc),
      link("link", cfg_.link), ep("ep", device), ep_mmio("ep_mmio", ep) {
    rc.link_port.bind(link.upstream_port);
    link.downstream_port.bind(ep.port);
    rc.mmio.link_port.bind(link.mem.down_in);
    link.mem.down_out.bind(ep_mmio.in);
    ep_mmio.upstream.bind(link.mem.up_in);
    link.mem.up_out.bind(rc.mmio.upstream);
    link.mem.set_at(cfg_.rc.mode == root_complex::coding_style::at);
    ep_mmio.set_at(cfg_.rc.mode == root_complex::coding_style::at);
}

} // namespace sriov::tb

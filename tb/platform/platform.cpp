#include "sriov/tb/platform.h"

namespace sriov::tb {

namespace {

// A device the root port cannot reach would answer nothing but UR: refuse it
// before building the modules (config::profile_error naming the field).
const platform_config& reachable(const platform_config& cfg) {
    config::validate(cfg.profile, {cfg.rc.secondary_bus, cfg.rc.subordinate_bus});
    return cfg;
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
      link("link", cfg_.link), ep("ep", device) {
    rc.link_port.bind(link.upstream_port);
    link.downstream_port.bind(ep.port);
}

} // namespace sriov::tb

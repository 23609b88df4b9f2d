#include "sriov/tb/platform.h"

namespace sriov::tb {

link::link_config platform_config::default_link() {
    link::link_config l;
    l.gen = link::generation::gen3;
    l.width = 4;
    l.phy_latency_down_ps = 200'000;
    l.phy_latency_up_ps = 200'000;
    return l;
}

platform::platform(sc_core::sc_module_name name, const platform_config& cfg)
    : sc_core::sc_module(name), cfg_(cfg), device(cfg_.profile), rc("rc", cfg_.rc),
      link("link", cfg_.link), ep("ep", device) {
    rc.link_port.bind(link.upstream_port);
    link.downstream_port.bind(ep.port);
}

} // namespace sriov::tb

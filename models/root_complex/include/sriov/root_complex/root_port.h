// The root port of the root complex: its Type 1 configuration header and PCI
// Express capability (docs/config-space-map.md, root port section), and the
// routing of configuration requests it derives from them (PCIe Base 7.3.1,
// 7.3.3): its own routing ID is answered by the root port itself; on the
// secondary bus only Device 0 goes down as Type 0, unless ARI Forwarding
// Enable is set; buses above it up to the subordinate bus go down as Type 1;
// everything else is Unsupported Request at the root port. Registers are
// plain storage with per-byte RW / RW1C masks (models/config register_layout);
// routing reads them on every request, so they are the only state.
#pragma once

#include "sriov/config/register_file.h"
#include "sriov/pcie/access.h"
#include "sriov/pcie/registers.h"
#include "sriov/root_complex/root_complex_config.h"

#include <array>
#include <cstdint>

namespace sriov::root_complex {

// Where a configuration request for a routing ID goes.
enum class route : uint8_t {
    root_port,   // the port's own registers, answered inside the root complex
    type0,       // CfgRd0/CfgWr0 on the link (the secondary bus)
    type1,       // CfgRd1/CfgWr1 on the link (secondary + 1 .. subordinate)
    unsupported, // UR at the root port, nothing sent
};
const char* to_string(route r);

class root_port {
public:
    // At routing ID cfg.requester_id, with the bus numbers, CRS Software
    // Visibility and link of `cfg`.
    explicit root_port(const root_complex_config& cfg);

    routing_id rid() const { return rid_; }

    route route_of(routing_id target) const {
        if (target == rid_) {
            return route::root_port;
        }
        // bus_route() of the target's bus, kept in a table with the registers
        // (one load per request instead of reading the bus numbers).
        const route r = bus_routes_[target.bus()];
        // PCI-to-PCI Bridge 1.2: on the secondary bus only Device 0 goes down,
        // unless ARI Forwarding Enable is set.
        return r == route::type0 && target.device() != 0 && !ari_forwarding() ? route::unsupported
                                                                              : r;
    }

    // One DW of the port's 4 KiB configuration space; dw < 1024.
    uint32_t read_dw(uint16_t dw) const;
    // Writes the enabled bytes of `data` under the RW / RW1C masks.
    void write_dw(uint16_t dw, uint8_t byte_enable, uint32_t data);

    uint8_t secondary_bus() const { return values_[rp_reg::secondary_bus]; }
    uint8_t subordinate_bus() const { return values_[rp_reg::subordinate_bus]; }
    bool ari_forwarding() const {
        return (values_[rp_reg::dev_ctrl2] & bits::dev_ctrl2_ari_forwarding) != 0;
    }
    bool crs_software_visibility() const {
        return (values_[rp_reg::root_ctrl] & bits::root_ctrl_crs_visibility) != 0;
    }
    // Root Control CRS Software Visibility Enable as software would set it.
    void set_crs_software_visibility(bool on);

    const config::register_layout& layout() const { return layout_; }

private:
    // Where a request for Device 0 of `bus` (not the port itself) goes, from
    // the bus numbers; bus_routes_ holds it for every bus, recomputed when a
    // register is written.
    route bus_route(uint8_t bus) const;
    void update_bus_routes();

    routing_id rid_;
    config::register_layout layout_;
    std::array<uint8_t, reg::config_space_size> values_{};
    std::array<route, 256> bus_routes_{};
};

} // namespace sriov::root_complex

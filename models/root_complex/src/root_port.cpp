#include "sriov/root_complex/root_port.h"

#include <string>
#include <vector>

namespace sriov::root_complex {

namespace {

using config::reg_attr;

// QEMU's generic PCIe root port (pcie-root-port): a model's port is generic too.
constexpr uint16_t qemu_root_port_vendor = 0x1B36;
constexpr uint16_t qemu_root_port_device = 0x000C;

// One register of the table in docs/config-space-map.md (root port section).
struct row {
    const char* name;
    uint16_t offset;
    uint8_t width;
    uint32_t reset;
    uint32_t rw_mask;
    uint32_t rw1c_mask;
    reg_attr attr;
};

// Link Capabilities / Status fields of the link the port drives (PCIe 7.5.3.6, 7.5.3.8).
uint32_t link_speed_width(const root_complex_config& c) {
    return (c.link_gen & 0xFu) | (c.link_width & 0x3Fu) << 4;
}

std::vector<row> rows(const root_complex_config& c) {
    constexpr uint32_t dll_link_active_reporting = 1u << 20; // Link Cap; Link Status bit 13
    constexpr uint32_t dll_link_active = 1u << 13;
    constexpr uint32_t slot_clock = 1u << 12;
    const uint32_t port_number = 1u << 24;
    const uint32_t speeds = ((1u << (c.link_gen & 0x7u)) - 1u) << 1 & 0xFEu; // Link Cap 2 vector
    const uint32_t crs_sv = c.crs_software_visibility ? bits::root_ctrl_crs_visibility : 0u;
    // PCIe 7.5.1.1 / 7.5.1.3 (Type 1 header), 7.5.3 (PCI Express capability).
    return {
        {"vendor_id", reg::vendor_id, 2, qemu_root_port_vendor, 0, 0, reg_attr::hwinit},
        {"device_id", reg::device_id, 2, qemu_root_port_device, 0, 0, reg_attr::hwinit},
        {"command", reg::command, 2, 0, 0x0547, 0, reg_attr::rw},
        {"status", reg::status, 2, bits::status_cap_list, 0, 0xF900, reg_attr::rw1c},
        {"revision_id", reg::revision_id, 1, 0, 0, 0, reg_attr::hwinit},
        {"class_code", reg::class_code, 3, 0x060400, 0, 0, reg_attr::ro},
        {"cache_line_size", rp_reg::cache_line_size, 1, 0, 0xFF, 0, reg_attr::rw},
        {"header_type", reg::header_type, 1, bits::header_type_bridge, 0, 0, reg_attr::ro},
        {"primary_bus", rp_reg::primary_bus, 1, c.requester_id.bus(), 0xFF, 0, reg_attr::rw},
        {"secondary_bus", rp_reg::secondary_bus, 1, c.secondary_bus, 0xFF, 0, reg_attr::rw},
        {"subordinate_bus", rp_reg::subordinate_bus, 1, c.subordinate_bus, 0xFF, 0, reg_attr::rw},
        {"secondary_status", rp_reg::secondary_status, 2, 0, 0, 0xF900, reg_attr::rw1c},
        {"memory_base", rp_reg::memory_base, 2, 0, 0xFFF0, 0, reg_attr::rw},
        {"memory_limit", rp_reg::memory_limit, 2, 0, 0xFFF0, 0, reg_attr::rw},
        {"pref_memory_base", rp_reg::pref_memory_base, 2, 0x1, 0xFFF0, 0, reg_attr::rw},
        {"pref_memory_limit", rp_reg::pref_memory_limit, 2, 0x1, 0xFFF0, 0, reg_attr::rw},
        {"pref_base_upper", rp_reg::pref_base_upper, 4, 0, 0xFFFFFFFF, 0, reg_attr::rw},
        {"pref_limit_upper", rp_reg::pref_limit_upper, 4, 0, 0xFFFFFFFF, 0, reg_attr::rw},
        {"cap_ptr", reg::cap_ptr, 1, rp_reg::pcie_cap, 0, 0, reg_attr::ro},
        {"interrupt_line", reg::interrupt_line, 1, 0, 0xFF, 0, reg_attr::rw},
        {"bridge_control", rp_reg::bridge_control, 2, 0, 0x0003, 0, reg_attr::rw},
        {"pcie_cap_id", rp_reg::pcie_cap, 2, cap_id::pcie, 0, 0, reg_attr::ro},
        {"pcie_caps", rp_reg::pcie_caps, 2, 0x0002u | bits::pcie_caps_root_port, 0, 0,
         reg_attr::ro},
        {"dev_cap", rp_reg::dev_cap, 4, 0x00008001, 0, 0, reg_attr::ro},
        {"dev_ctrl", rp_reg::dev_ctrl, 2, 0x2810, 0x79FF, 0, reg_attr::rw},
        {"dev_status", rp_reg::dev_status, 2, 0, 0, 0x000F, reg_attr::rw1c},
        {"link_cap", rp_reg::link_cap, 4,
         port_number | dll_link_active_reporting | link_speed_width(c), 0, 0, reg_attr::ro},
        {"link_ctrl", rp_reg::link_ctrl, 2, 0, 0x00CB, 0, reg_attr::rw},
        {"link_status", rp_reg::link_status, 2, dll_link_active | slot_clock | link_speed_width(c),
         0, 0, reg_attr::ro},
        {"root_ctrl", rp_reg::root_ctrl, 2, crs_sv, 0x001F, 0, reg_attr::rw},
        {"root_cap", rp_reg::root_cap, 2, bits::root_cap_crs_visibility, 0, 0, reg_attr::ro},
        {"root_status", rp_reg::root_status, 4, 0, 0, 1u << 16, reg_attr::rw1c},
        {"dev_cap2", rp_reg::dev_cap2, 4, bits::dev_cap2_ari_forwarding, 0, 0, reg_attr::ro},
        {"dev_ctrl2", rp_reg::dev_ctrl2, 2, 0, bits::dev_ctrl2_ari_forwarding, 0, reg_attr::rw},
        {"link_cap2", rp_reg::link_cap2, 4, speeds, 0, 0, reg_attr::ro},
        {"link_ctrl2", rp_reg::link_ctrl2, 2, c.link_gen & 0xFu, 0x000F, 0, reg_attr::rw},
    };
}

} // namespace

const char* to_string(route r) {
    switch (r) {
    case route::root_port:
        return "root port";
    case route::type0:
        return "Type 0";
    case route::type1:
        return "Type 1";
    case route::unsupported:
        return "UR at the root port";
    }
    return "?";
}

root_port::root_port(const root_complex_config& cfg) : rid_(cfg.requester_id) {
    for (const row& r : rows(cfg)) {
        config::register_def d;
        d.name = r.name;
        d.offset = r.offset;
        d.width = r.width;
        d.reset = r.reset;
        d.rw_mask = r.rw_mask;
        d.rw1c_mask = r.rw1c_mask;
        d.attr = r.attr;
        layout_.add(std::move(d));
    }
    values_ = layout_.reset_bytes();
    update_bus_routes();
}

route root_port::bus_route(uint8_t bus) const {
    // The root complex's internal bus holds the root port only.
    if (bus == rid_.bus()) {
        return route::unsupported;
    }
    // PCI-to-PCI Bridge 1.2, 3.2.1: the secondary bus is decoded first,
    // whatever the subordinate bus says.
    if (bus == secondary_bus()) {
        return route::type0;
    }
    return bus > secondary_bus() && bus <= subordinate_bus() ? route::type1 : route::unsupported;
}

void root_port::update_bus_routes() {
    for (unsigned bus = 0; bus < bus_routes_.size(); ++bus) {
        bus_routes_[bus] = bus_route(static_cast<uint8_t>(bus));
    }
}

uint32_t root_port::read_dw(uint16_t dw) const {
    return dw < reg::config_space_size / 4 ? config::register_layout::load_dw(values_.data(), dw)
                                           : 0u;
}

void root_port::write_dw(uint16_t dw, uint8_t byte_enable, uint32_t data) {
    if (dw >= reg::config_space_size / 4) {
        return;
    }
    const uint32_t v = layout_.written_dw(dw, read_dw(dw), byte_enable, data);
    for (unsigned i = 0; i < 4; ++i) {
        values_[4u * dw + i] = static_cast<uint8_t>(v >> (8 * i));
    }
    if (dw == rp_reg::primary_bus / 4) { // the DW of the bus numbers bus_routes_ derives from
        update_bus_routes();
    }
}

void root_port::set_crs_software_visibility(bool on) {
    uint8_t& ctrl = values_[rp_reg::root_ctrl]; // the enable is bit 4 of the low byte
    ctrl = static_cast<uint8_t>(on ? ctrl | bits::root_ctrl_crs_visibility
                                   : ctrl & ~bits::root_ctrl_crs_visibility);
}

} // namespace sriov::root_complex

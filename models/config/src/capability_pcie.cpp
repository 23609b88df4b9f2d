// The PCI Express capability (PCIe Base 7.5.3, version 2, Endpoint) at the
// offset the list gives; the VF differences follow the SR-IOV VF tables.
#include "capability_builders.h"

#include "sriov/pcie/registers.h"

namespace sriov::config {

namespace {

// Device Control 2 fields are RW only where Device Capabilities 2 reports
// the feature (PCIe Base 7.5.3.16); the rest is RsvdP.
uint32_t dev_ctrl2_rw_mask(uint32_t dev_cap2) {
    uint32_t m = 0;
    if ((dev_cap2 & bits::dev_cap2_cto_ranges) != 0) {
        m |= bits::dev_ctrl2_cto_value;
    }
    if ((dev_cap2 & bits::dev_cap2_cto_disable) != 0) {
        m |= bits::dev_ctrl2_cto_disable;
    }
    if ((dev_cap2 & bits::dev_cap2_ltr) != 0) {
        m |= bits::dev_ctrl2_ltr_enable;
    }
    if ((dev_cap2 & bits::dev_cap2_10bit_tag_requester) != 0) {
        m |= bits::dev_ctrl2_10bit_tag_requester_enable;
    }
    return m;
}

} // namespace

void add_pcie_cap(register_layout& l, const capability_site& s, const pcie_params& c,
                  const device_profile& p) {
    const bool vf = s.vf;
    const uint32_t gen = p.link_gen;
    const uint32_t link = gen | p.link_width << 4;
    add_standard_header(l, s, "pcie", cap_id::pcie);
    l.add(ro("pcie_caps", s.at(pcie_field::caps), 2, 0x0002));
    l.add(ro("dev_cap", s.at(pcie_field::dev_cap), 4, c.device_capabilities));
    // Initiate FLR (bit 15) is not a stored bit: it always reads 0, and
    // writing 1 resets this function once the whole write has been applied.
    // In a VF every other field is RsvdP (SR-IOV VF Device Control table):
    // the PF's settings apply, so device_control is the PF's reset value.
    // A PF FLR keeps Max_Payload_Size (6.6.2).
    register_def dev_ctrl =
        vf ? rw("dev_ctrl", s.at(pcie_field::dev_ctrl), 2, 0, 0, 0, reg_attr::rsvdp)
           : kept_by_flr(rw("dev_ctrl", s.at(pcie_field::dev_ctrl), 2, c.device_control, 0x79FF),
                         bits::dev_ctrl_max_payload_size);
    l.add(with_hooks(std::move(dev_ctrl), {}, [](write_context& w) {
        if (w.wrote(bits::dev_ctrl_initiate_flr) && (w.data & bits::dev_ctrl_initiate_flr) != 0) {
            w.device->function_level_reset(w);
        }
    }));
    l.add(rw("dev_status", s.at(pcie_field::dev_status), 2, 0x0000, 0, 0x000F, reg_attr::rw1c));
    // A VF's Link Capabilities (2) are its PF's (9.3.5: Base, the PF's Link).
    const pcie_params* pf = first_params<pcie_params>(p.pf_capabilities);
    const pcie_params& link_params = vf && pf != nullptr ? *pf : c;
    l.add(ro("link_cap", s.at(pcie_field::link_cap), 4,
             link | (link_params.link_capabilities & ~bits::link_cap_speed_width)));
    if (vf) {
        l.add(ro("link_ctrl", s.at(pcie_field::link_ctrl), 2, 0, reg_attr::rsvdp));
    } else {
        // ASPM Control, RCB, Common Clock Configuration, Extended Synch:
        // every writable bit here is one FLR keeps (6.6.2).
        const uint32_t flr_kept = bits::link_ctrl_aspm_control | bits::link_ctrl_rcb |
                                  bits::link_ctrl_common_clock | bits::link_ctrl_extended_synch;
        l.add(kept_by_flr(rw("link_ctrl", s.at(pcie_field::link_ctrl), 2, 0, 0x00CB), flr_kept));
    }
    // Link Capabilities and Link Capabilities 2 are Base in a VF: the PF's
    // values (the VF is on the PF's Link). Link Status and Link Status 2 are
    // RsvdZ in a VF (PCIe Base 9.3.5, SR-IOV 1.1 3.5: the Link is the PF's;
    // `lspci -vv` of a VF shows "LnkSta: Speed unknown, Width x0").
    l.add(vf ? ro("link_status", s.at(pcie_field::link_status), 2, 0, reg_attr::rsvdz)
             : ro("link_status", s.at(pcie_field::link_status), 2,
                  link | (c.slot_clock ? bits::link_status_slot_clock : 0u)));
    l.add(ro("dev_cap2", s.at(pcie_field::dev_cap2), 4, c.device_capabilities2));
    if (vf) {
        l.add(ro("dev_ctrl2", s.at(pcie_field::dev_ctrl2), 2, 0, reg_attr::rsvdp));
    } else {
        l.add(rw("dev_ctrl2", s.at(pcie_field::dev_ctrl2), 2, 0,
                 dev_ctrl2_rw_mask(c.device_capabilities2)));
    }
    const uint32_t speeds = ((1u << gen) - 1u) << 1; // Supported Link Speeds Vector
    l.add(ro("link_cap2", s.at(pcie_field::link_cap2), 4,
             speeds | (link_params.link_capabilities2 & ~bits::link_cap2_speeds)));
    if (vf) {
        l.add(ro("link_ctrl2", s.at(pcie_field::link_ctrl2), 2, 0, reg_attr::rsvdp));
    } else {
        // Target Link Speed is RWS (sticky): FLR keeps it.
        l.add(sticky_bits(rw("link_ctrl2", s.at(pcie_field::link_ctrl2), 2, gen, 0x000F),
                          bits::link_ctrl2_target_link_speed));
    }
    l.add(ro("link_status2", s.at(pcie_field::link_status2), 2, 0,
             vf ? reg_attr::rsvdz : reg_attr::ro));
}

} // namespace sriov::config

// The interrupt and power capabilities of PCI 3.0: Power Management (PCI PM
// 1.2 3.2), MSI (6.8.1) and MSI-X (6.8.2), at the offset the list gives.
#include "capability_builders.h"

#include "sriov/pcie/registers.h"

namespace sriov::config {

void add_pm_cap(register_layout& l, const capability_site& s, const pm_params& c) {
    add_standard_header(l, s, "pm", cap_id::pm);
    l.add(ro("pmc", s.at(pm_field::pmc), 2, c.pmc));
    // PME_En and PME_Status exist when the function can signal PME from any state.
    const bool pme = (c.pmc & bits::pmc_pme_support) != 0;
    const uint32_t rw_mask = bits::pmcsr_power_state | (pme ? bits::pmcsr_pme_enable : 0u);
    const uint32_t rw1c_mask = pme ? bits::pmcsr_pme_status : 0u;
    const bool d1 = (c.pmc & bits::pmc_d1_support) != 0;
    const bool d2 = (c.pmc & bits::pmc_d2_support) != 0;
    const uint32_t reset = c.no_soft_reset ? bits::pmcsr_no_soft_reset : 0u;
    // PME_En (RWS) and PME_Status (RW1CS) are sticky when the function can
    // signal PME from D3cold (PCI PM 1.2 3.2.4; PCIe Base 7.5.2.2): FLR and
    // the internal reset of D3hot -> D0 keep them. Otherwise RW / RW1C.
    const bool sticky = (c.pmc & bits::pmc_pme_d3cold) != 0;
    register_def pmcsr = rw("pmcsr", s.at(pm_field::pmcsr), 2, reset, rw_mask, rw1c_mask);
    if (sticky) {
        pmcsr = sticky_bits(std::move(pmcsr), bits::pmcsr_pme_enable | bits::pmcsr_pme_status);
    }
    // D3hot -> D0 with No_Soft_Reset = 0 resets the function internally
    // (PCI PM 1.2 5.4.1: "D0 Uninitialized"); with it set, state is kept.
    const bool soft_reset = !c.no_soft_reset;
    l.add(with_hooks(
        std::move(pmcsr),
        [d1, d2](write_context& w) {
            if (!w.wrote(bits::pmcsr_power_state)) {
                return;
            }
            const uint32_t ps = w.value & bits::pmcsr_power_state;
            if ((ps == 1 && !d1) || (ps == 2 && !d2)) {
                w.device->warn("PMCSR PowerState write of " + std::to_string(ps) + " (D" +
                               std::to_string(ps) + ") ignored: D1/D2 not supported");
                w.value = (w.value & ~uint32_t{bits::pmcsr_power_state}) |
                          (w.old_value & bits::pmcsr_power_state);
            }
        },
        [soft_reset](write_context& w) {
            const uint32_t ps = bits::pmcsr_power_state;
            if (soft_reset && (w.old_value & ps) == ps && (w.value & ps) == 0) {
                w.device->soft_reset(w);
            }
        }));
    l.add(ro("pm_data", s.at(pm_field::data), 2, 0));
}

void add_msi_cap(register_layout& l, const capability_site& s, const msi_params& c) {
    add_standard_header(l, s, "msi", cap_id::msi);
    const uint32_t ctrl = uint32_t{c.multiple_message_capable} << bits::msi_ctrl_mmc_shift |
                          (c.address64 ? bits::msi_ctrl_64bit : 0u) |
                          (c.per_vector_mask ? bits::msi_ctrl_per_vector_mask : 0u);
    l.add(rw("msi_ctrl", s.at(msi_field::ctrl), 2, ctrl,
             bits::msi_ctrl_enable | bits::msi_ctrl_multiple_message_enable));
    // The address is DW aligned: bits 1:0 are RsvdP (read 0).
    l.add(rw("msi_address", s.at(msi_field::address), 4, 0, 0xFFFFFFFC));
    if (c.address64) {
        l.add(rw("msi_address_hi", s.at(msi_field::address_hi), 4, 0, 0xFFFFFFFF));
    }
    l.add(rw("msi_data", s.at(c.address64 ? msi_field::data64 : msi_field::data32), 2, 0, 0xFFFF));
    if (c.per_vector_mask) {
        // One Mask and one Pending bit per vector the function can request.
        const unsigned vectors = 1u << c.multiple_message_capable;
        const uint32_t used = vectors >= 32 ? 0xFFFFFFFFu : (1u << vectors) - 1u;
        l.add(
            rw("msi_mask", s.at(c.address64 ? msi_field::mask64 : msi_field::mask32), 4, 0, used));
        l.add(ro("msi_pending", s.at(c.address64 ? msi_field::pending64 : msi_field::pending32), 4,
                 0));
    }
}

void add_msix_cap(register_layout& l, const capability_site& s, const msix_params& c,
                  uint16_t vectors) {
    add_standard_header(l, s, "msix", cap_id::msix);
    l.add(rw("msix_ctrl", s.at(msix_field::ctrl), 2, static_cast<uint16_t>(vectors - 1u),
             bits::msix_ctrl_enable | bits::msix_ctrl_function_mask));
    l.add(ro("msix_table", s.at(msix_field::table), 4, c.table_offset | c.table_bir));
    l.add(ro("msix_pba", s.at(msix_field::pba), 4, c.pba_offset | c.pba_bir));
}

} // namespace sriov::config

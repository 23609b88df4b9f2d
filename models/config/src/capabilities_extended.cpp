// Extended capabilities without side effects: AER (PCIe Base 7.8.4), ATS
// (ATS 1.1 5.1), ACS (PCIe Base 7.7.8) and Device Serial Number (7.9.3).
#include "capability_builders.h"

#include "sriov/pcie/registers.h"

namespace sriov::config {

void add_aer_cap(register_layout& l, const capability_site& s, const aer_params& c) {
    add_extended_header(l, s, "aer", ext_cap_id::aer, c.version);
    // Only the errors the function implements have bits; status bits are
    // sticky RW1C, mask and severity sticky RW (the others RsvdZ / RsvdP).
    // Sticky bits survive an FLR (PCIe Base 6.6.2).
    const uint32_t uncor = c.uncorrectable_supported;
    const uint32_t cor = c.correctable_supported;
    const auto sticky = [&l](register_def d, uint32_t bits_kept) {
        l.add(sticky_bits(std::move(d), bits_kept));
    };
    sticky(rw("aer_uncor_status", s.at(aer_field::uncor_status), 4, 0, 0, uncor, reg_attr::rw1cs),
           uncor);
    sticky(rw("aer_uncor_mask", s.at(aer_field::uncor_mask), 4, c.uncorrectable_mask, uncor, 0,
              reg_attr::rws),
           uncor);
    sticky(rw("aer_uncor_severity", s.at(aer_field::uncor_severity), 4, c.uncorrectable_severity,
              uncor, 0, reg_attr::rws),
           uncor);
    sticky(rw("aer_cor_status", s.at(aer_field::cor_status), 4, 0, 0, cor, reg_attr::rw1cs), cor);
    sticky(
        rw("aer_cor_mask", s.at(aer_field::cor_mask), 4, c.correctable_mask, cor, 0, reg_attr::rws),
        cor);
    // Advanced Error Capabilities and Control: each enable is RWS when its
    // capability bit is set; First Error Pointer is ROS.
    uint32_t enables = 0;
    if ((c.capabilities & bits::aer_ecrc_gen_capable) != 0) {
        enables |= bits::aer_ecrc_gen_enable;
    }
    if ((c.capabilities & bits::aer_ecrc_check_capable) != 0) {
        enables |= bits::aer_ecrc_check_enable;
    }
    if ((c.capabilities & bits::aer_multiple_header_capable) != 0) {
        enables |= bits::aer_multiple_header_enable;
    }
    sticky(
        rw("aer_cap_ctrl", s.at(aer_field::cap_ctrl), 4, c.capabilities, enables, 0, reg_attr::rws),
        enables | bits::aer_first_error_pointer);
    static const char* const header_log[4] = {"aer_header_log0", "aer_header_log1",
                                              "aer_header_log2", "aer_header_log3"};
    for (unsigned i = 0; i < 4; ++i) {
        sticky(ro(header_log[i], s.at(static_cast<uint16_t>(aer_field::header_log + 4 * i)), 4, 0,
                  reg_attr::ros),
               0xFFFFFFFF);
    }
}

void add_ats_cap(register_layout& l, const capability_site& s, const ats_params& c) {
    add_extended_header(l, s, "ats", ext_cap_id::ats, 1);
    const uint32_t cap = (c.invalidate_queue_depth & bits::ats_cap_queue_depth) |
                         (c.page_aligned_request ? bits::ats_cap_page_aligned : 0u) |
                         (c.global_invalidate ? bits::ats_cap_global_invalidate : 0u);
    l.add(ro("ats_cap", s.at(ats_field::cap), 2, cap));
    // A VF's Smallest Translation Unit is RsvdP: the PF's applies to all its
    // VFs (SR-IOV 3.7; Linux pci_enable_ats() writes it in the PF only).
    const uint32_t rw_mask = bits::ats_ctrl_enable | (s.vf ? 0u : uint32_t{bits::ats_ctrl_stu});
    l.add(rw("ats_ctrl", s.at(ats_field::ctrl), 2, 0, rw_mask));
}

void add_acs_cap(register_layout& l, const capability_site& s, const acs_params& c) {
    add_extended_header(l, s, "acs", ext_cap_id::acs, 1);
    l.add(ro("acs_cap", s.at(acs_field::cap), 2, c.capability));
    // Each control bit is RW when its capability bit is set, else hardwired 0.
    l.add(rw("acs_ctrl", s.at(acs_field::ctrl), 2, 0, c.capability & bits::acs_cap_controls));
}

void add_dsn_cap(register_layout& l, const capability_site& s, const dsn_params& c) {
    add_extended_header(l, s, "dsn", ext_cap_id::dsn, 1);
    l.add(ro("dsn_serial_low", s.at(dsn_field::serial_low), 4,
             static_cast<uint32_t>(c.serial_number)));
    l.add(ro("dsn_serial_high", s.at(dsn_field::serial_high), 4,
             static_cast<uint32_t>(c.serial_number >> 32)));
}

} // namespace sriov::config

// Internal to models/config: the builders of the register tables, one per
// structure, and the helpers they share to declare a register.
#pragma once

#include "sriov/config/capabilities.h"

#include <string>
#include <vector>

namespace sriov::config {

// A register of fixed value (every attribute but RW/RW1C behaves so).
register_def ro(std::string name, uint16_t off, uint8_t width, uint32_t reset,
                reg_attr attr = reg_attr::ro);
register_def rw(std::string name, uint16_t off, uint8_t width, uint32_t reset, uint32_t rw_mask,
                uint32_t rw1c_mask = 0, reg_attr attr = reg_attr::rw);
register_def with_hooks(register_def d, write_hook on_write, write_hook after_write = {});
// Bits a Function Level Reset leaves alone (PCIe Base 6.6.2): sticky bits and
// the listed exceptions.
register_def kept_by_flr(register_def d, uint32_t mask);
// Sticky bits (ROS, RWS, RW1CS: PCIe Base 7.4): FLR keeps them (6.6.2) and so
// does the internal reset of D3hot -> D0 without No_Soft_Reset.
register_def sticky_bits(register_def d, uint32_t mask);

// Where one capability goes: its offset, the next capability's in the same
// list (0 for the last one) and whether the layout is a VF's.
struct capability_site {
    uint16_t offset = 0;
    uint16_t next = 0;
    bool vf = false;

    // The byte `field` bytes into the capability.
    uint16_t at(uint16_t field) const { return static_cast<uint16_t>(offset + field); }
};

// The Cap ID and Next Pointer bytes of a standard capability (PCI 3.0 6.7),
// named <prefix>_cap_id and <prefix>_next.
void add_standard_header(register_layout& l, const capability_site& s, const std::string& prefix,
                         uint8_t id);
// The extended capability header DW (PCIe Base 7.6.3): ID, version, 12-bit next.
void add_extended_header(register_layout& l, const capability_site& s, const std::string& prefix,
                         uint16_t id, uint8_t version);

void add_type0_header_pf(register_layout& l, const device_profile& p, uint8_t cap_ptr);
void add_type0_header_vf(register_layout& l, const device_profile& p, uint8_t cap_ptr);
// Header BARs (PF) or VF BARs (SR-IOV capability): six DWs from `base`.
void add_bars(register_layout& l, const std::array<bar_spec, 6>& bars, uint16_t base, bool vf_bars);

void add_pm_cap(register_layout& l, const capability_site& s, const pm_params& c);
void add_msi_cap(register_layout& l, const capability_site& s, const msi_params& c);
void add_msix_cap(register_layout& l, const capability_site& s, const msix_params& c,
                  uint16_t vectors);
void add_pcie_cap(register_layout& l, const capability_site& s, const pcie_params& c,
                  const device_profile& p);
void add_vendor_specific_cap(register_layout& l, const capability_site& s,
                             const vendor_specific_params& c);
void add_aer_cap(register_layout& l, const capability_site& s, const aer_params& c);
void add_ari_cap(register_layout& l, const capability_site& s, const ari_params& c);
void add_sriov_cap(register_layout& l, const capability_site& s, const device_profile& p);
void add_ats_cap(register_layout& l, const capability_site& s, const ats_params& c);
void add_acs_cap(register_layout& l, const capability_site& s, const acs_params& c);
void add_dsn_cap(register_layout& l, const capability_site& s, const dsn_params& c);
void add_vendor_specific_ext_cap(register_layout& l, const capability_site& s,
                                 const vendor_specific_ext_params& c);

// The parameters of the first capability of type T in `caps`, or nullptr.
template <class T>
const T* first_params(const std::vector<capability>& caps) {
    for (const capability& c : caps) {
        if (const T* params = std::get_if<T>(&c.params)) {
            return params;
        }
    }
    return nullptr;
}

// Sizes of the capabilities whose length follows their parameters.
uint16_t msi_size(const msi_params& c);
uint16_t vendor_specific_size(const vendor_specific_params& c);
uint16_t vendor_specific_ext_size(const vendor_specific_ext_params& c);

} // namespace sriov::config

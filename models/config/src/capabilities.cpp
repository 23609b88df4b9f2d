// Assembles a function's register layout: the Type 0 header, then every
// capability of the profile's list at its offset, chained in list order
// (standard ones from the Capabilities Pointer, extended ones from 0x100).
#include "capability_builders.h"

#include "sriov/pcie/registers.h"

#include <type_traits>
#include <vector>

namespace sriov::config {

register_def ro(std::string name, uint16_t off, uint8_t width, uint32_t reset, reg_attr attr) {
    register_def d;
    d.name = std::move(name);
    d.offset = off;
    d.width = width;
    d.reset = reset;
    d.attr = attr;
    return d;
}

register_def rw(std::string name, uint16_t off, uint8_t width, uint32_t reset, uint32_t rw_mask,
                uint32_t rw1c_mask, reg_attr attr) {
    register_def d = ro(std::move(name), off, width, reset, attr);
    d.rw_mask = rw_mask;
    d.rw1c_mask = rw1c_mask;
    return d;
}

register_def with_hooks(register_def d, write_hook on_write, write_hook after_write) {
    d.on_write = std::move(on_write);
    d.after_write = std::move(after_write);
    return d;
}

register_def kept_by_flr(register_def d, uint32_t mask) {
    d.flr_keep_mask = mask;
    return d;
}

register_def sticky_bits(register_def d, uint32_t mask) {
    d.flr_keep_mask |= mask;
    d.sticky_mask |= mask;
    return d;
}

void add_standard_header(register_layout& l, const capability_site& s, const std::string& prefix,
                         uint8_t id) {
    l.add(ro(prefix + "_cap_id", s.at(cap_field::id), 1, id));
    l.add(ro(prefix + "_next", s.at(cap_field::next), 1, s.next));
}

void add_extended_header(register_layout& l, const capability_site& s, const std::string& prefix,
                         uint16_t id, uint8_t version) {
    const uint32_t header = uint32_t{id} | uint32_t{version} << ext_cap_header::version_shift |
                            uint32_t{s.next} << ext_cap_header::next_shift;
    l.add(ro(prefix + "_header", s.offset, 4, header));
}

namespace {

uint16_t dw_round(unsigned bytes) {
    return static_cast<uint16_t>((bytes + 3u) & ~3u);
}

// Declares one capability's registers: a visitor over its parameters.
struct capability_adder {
    register_layout& l;
    const device_profile& p;
    const capability_site& s;

    void operator()(const pm_params& c) const { add_pm_cap(l, s, c); }
    void operator()(const msi_params& c) const { add_msi_cap(l, s, c); }
    void operator()(const msix_params& c) const {
        add_msix_cap(l, s, c, s.vf ? p.vf_msix_vectors : p.pf_msix_vectors);
    }
    void operator()(const pcie_params& c) const { add_pcie_cap(l, s, c, p); }
    void operator()(const vendor_specific_params& c) const { add_vendor_specific_cap(l, s, c); }
    void operator()(const aer_params& c) const { add_aer_cap(l, s, c); }
    void operator()(const ari_params& c) const { add_ari_cap(l, s, c); }
    void operator()(const sriov_params&) const { add_sriov_cap(l, s, p); }
    void operator()(const ats_params& c) const { add_ats_cap(l, s, c); }
    void operator()(const acs_params& c) const { add_acs_cap(l, s, c); }
    void operator()(const dsn_params& c) const { add_dsn_cap(l, s, c); }
    void operator()(const vendor_specific_ext_params& c) const {
        add_vendor_specific_ext_cap(l, s, c);
    }
};

// Places one list (standard or extended capabilities, in list order): each
// capability's next pointer names the following one, the last one's is 0.
void add_chain(register_layout& l, const device_profile& p,
               const std::vector<const capability*>& chain, bool vf) {
    for (size_t i = 0; i < chain.size(); ++i) {
        const capability& c = *chain[i];
        const capability_site site{c.offset,
                                   i + 1 < chain.size() ? chain[i + 1]->offset : uint16_t{0}, vf};
        std::visit(capability_adder{l, p, site}, c.params);
        l.set_capability_offset(c.kind(), c.offset);
    }
}

register_layout build_layout(const device_profile& p, const std::vector<capability>& caps,
                             bool vf) {
    std::vector<const capability*> standard;
    std::vector<const capability*> extended;
    for (const capability& c : caps) {
        (is_extended(c.kind()) ? extended : standard).push_back(&c);
    }
    register_layout l;
    const uint8_t cap_ptr = standard.empty() ? 0 : static_cast<uint8_t>(standard.front()->offset);
    if (vf) {
        add_type0_header_vf(l, p, cap_ptr);
    } else {
        add_type0_header_pf(l, p, cap_ptr);
    }
    add_chain(l, p, standard, vf);
    add_chain(l, p, extended, vf);
    return l;
}

struct size_of {
    uint16_t operator()(const pm_params&) const { return pm_field::size; }
    uint16_t operator()(const msi_params& c) const { return msi_size(c); }
    uint16_t operator()(const msix_params&) const { return msix_field::size; }
    uint16_t operator()(const pcie_params&) const { return pcie_field::size; }
    uint16_t operator()(const vendor_specific_params& c) const { return vendor_specific_size(c); }
    uint16_t operator()(const aer_params& c) const {
        return (c.capabilities & bits::aer_tlp_prefix_log_present) != 0
                   ? aer_field::size_with_prefix_log
                   : aer_field::size;
    }
    uint16_t operator()(const ari_params&) const { return ari_field::size; }
    uint16_t operator()(const sriov_params&) const { return sriov_field::size; }
    uint16_t operator()(const ats_params&) const { return ats_field::size; }
    uint16_t operator()(const acs_params&) const { return acs_field::size; }
    uint16_t operator()(const dsn_params&) const { return dsn_field::size; }
    uint16_t operator()(const vendor_specific_ext_params& c) const {
        return vendor_specific_ext_size(c);
    }
};

} // namespace

uint16_t msi_size(const msi_params& c) {
    const uint16_t data = c.address64 ? msi_field::data64 : msi_field::data32;
    if (c.per_vector_mask) {
        return static_cast<uint16_t>((c.address64 ? msi_field::pending64 : msi_field::pending32) +
                                     4);
    }
    return dw_round(data + 2u);
}

uint16_t vendor_specific_size(const vendor_specific_params& c) {
    return dw_round(vendor_field::data + c.bytes.size());
}

uint16_t vendor_specific_ext_size(const vendor_specific_ext_params& c) {
    return dw_round(vsec_field::data + c.bytes.size());
}

uint16_t capability_size(const capability& c) {
    return std::visit(size_of{}, c.params);
}

register_layout build_pf_layout(const device_profile& p) {
    return build_layout(p, p.pf_capabilities, false);
}

register_layout build_vf_layout(const device_profile& p) {
    return build_layout(p, p.vf_capabilities, true);
}

} // namespace sriov::config

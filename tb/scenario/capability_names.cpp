// Names are the device description's (config::to_string(capability_kind)), so
// a scenario names a capability as the description that placed it does.
#include "sriov/scenario/capability_names.h"

#include "sriov/config/capability_kind.h"
#include "sriov/pcie/registers.h"

#include <array>

namespace sriov::scenario {

namespace {

using config::capability_kind;

// The ID of each kind (PCI Code and ID Assignment spec; registers.h).
uint16_t id_of(capability_kind k) {
    switch (k) {
    case capability_kind::pm:
        return cap_id::pm;
    case capability_kind::msi:
        return cap_id::msi;
    case capability_kind::msix:
        return cap_id::msix;
    case capability_kind::pcie:
        return cap_id::pcie;
    case capability_kind::vendor_specific:
        return cap_id::vendor_specific;
    case capability_kind::aer:
        return ext_cap_id::aer;
    case capability_kind::ari:
        return ext_cap_id::ari;
    case capability_kind::sriov:
        return ext_cap_id::sriov;
    case capability_kind::ats:
        return ext_cap_id::ats;
    case capability_kind::acs:
        return ext_cap_id::acs;
    case capability_kind::dsn:
        return ext_cap_id::dsn;
    case capability_kind::vendor_specific_ext:
        return ext_cap_id::vendor_specific;
    }
    return 0;
}

using name_table = std::array<capability_name, config::capability_kind_count>;

name_table build() {
    name_table t{};
    for (unsigned i = 0; i < config::capability_kind_count; ++i) {
        const auto k = static_cast<capability_kind>(i);
        t[i] = {config::to_string(k), config::is_extended(k), id_of(k)};
    }
    return t;
}

const name_table& names() {
    static const name_table t = build();
    return t;
}

} // namespace

const capability_name* find_capability_name(const std::string& name) {
    for (const capability_name& c : names()) {
        if (name == c.name) {
            return &c;
        }
    }
    return nullptr;
}

std::string capability_name_list() {
    std::string out;
    for (const capability_name& c : names()) {
        out += out.empty() ? "" : ", ";
        out += c.name;
    }
    return out;
}

} // namespace sriov::scenario

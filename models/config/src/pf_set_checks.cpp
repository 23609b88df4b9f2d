// validate() for the PFs of one device as functions of it
// (docs/config-space-map.md, "Several PFs"): where the PFs sit, that no
// routing ID is used twice for any First VF Offset / VF Stride the device can
// report, the ARI Next Function chain and the Function Dependency Links.
#include "profile_checks.h"

#include "sriov/config/capabilities.h"
#include "sriov/pcie/access.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <vector>

namespace sriov::config {

namespace {

// validate()'s field `member` of PF i: "pf[i].member" when the device has
// several PFs (the description's [[pf]] entry i).
std::string pf_field(const device_description& d, size_t i, const std::string& member) {
    return d.pfs.size() > 1 ? fmt::format("pf[{}].{}", i, member) : member;
}

bool has_ari(const pf_description& p) {
    return std::any_of(p.pf_capabilities.begin(), p.pf_capabilities.end(),
                       [](const capability& c) { return c.kind() == capability_kind::ari; });
}

// PCIe Base 6.13: an ARI Device has the ARI capability in every function
// and uses Device Number 0 (function numbers 0..255); any other
// multi-function device has up to 8 functions of one Device Number.
void check_placement(const device_description& d) {
    const bool ari = has_ari(d.pfs[0]);
    const routing_id first(d.pfs[0].pf_rid);
    if (!ari && d.pfs.size() > 8) {
        fail(pf_field(d, 8, "pf_rid"), to_string(routing_id(d.pfs[8].pf_rid)),
             fmt::format("{} PFs: a device without ARI has at most 8 functions", d.pfs.size()));
    }
    std::set<uint16_t> rids;
    for (size_t i = 0; i < d.pfs.size(); ++i) {
        const pf_description& p = d.pfs[i];
        const routing_id rid(p.pf_rid);
        if (has_ari(p) != ari) {
            fail(pf_field(d, i, "pf_capabilities"), ari ? "no ari" : "ari",
                 "every function of an ARI device has the ARI capability, or none does "
                 "(PCIe Base 6.13)");
        }
        if (!rids.insert(p.pf_rid).second) {
            fail(pf_field(d, i, "pf_rid"), to_string(rid), "another PF has this routing ID");
        }
        if (rid.bus() != first.bus()) {
            fail(pf_field(d, i, "pf_rid"), to_string(rid),
                 fmt::format("the PFs of one device share its bus ({:02x})", first.bus()));
        }
        if (!ari && rid.device() != first.device()) {
            fail(pf_field(d, i, "pf_rid"), to_string(rid),
                 fmt::format("without ARI the PFs of one device share its Device Number ({:02x})",
                             first.device()));
        }
    }
    const auto lowest =
        std::min_element(d.pfs.begin(), d.pfs.end(),
                         [](const auto& a, const auto& b) { return a.pf_rid < b.pf_rid; });
    if ((lowest->pf_rid & (ari ? 0xFFu : 0x7u)) != 0) {
        fail(pf_field(d, static_cast<size_t>(lowest - d.pfs.begin()), "pf_rid"),
             to_string(routing_id(lowest->pf_rid)),
             "a multi-function device has function 0 (software finds the others through it)");
    }
}

// Who uses each routing ID: -1 nobody, else the PF's index.
class rid_owners {
public:
    rid_owners() : owner_(0x10000, -1) {}
    int at(uint32_t rid) const { return owner_[rid]; }
    void set(uint32_t rid, int pf) { owner_[rid] = pf; }

private:
    std::vector<int> owner_;
};

std::string vf_context(const pf_description& p, bool ari) {
    return fmt::format("first VF offset {}, stride {}{}", reported_first_vf_offset(p, ari),
                       reported_vf_stride(p, ari), ari ? ", ARI Capable Hierarchy set" : "");
}

// SR-IOV 3.3.9-3.3.10 with 2.1: for the ARI Capable Hierarchy value `ari`
// (the device's, from its lowest-numbered PF), each PF's TotalVFs VFs at
// PF + offset + k * stride collide with no PF and no other PF's VF.
void check_vf_rids(const device_description& d, bool ari) {
    rid_owners used;
    for (size_t i = 0; i < d.pfs.size(); ++i) {
        used.set(d.pfs[i].pf_rid, static_cast<int>(i));
    }
    for (size_t i = 0; i < d.pfs.size(); ++i) {
        const pf_description& p = d.pfs[i];
        const uint32_t offset = reported_first_vf_offset(p, ari);
        const uint32_t stride = reported_vf_stride(p, ari);
        for (uint32_t k = 0; k < p.total_vfs; ++k) {
            const uint32_t rid = p.pf_rid + offset + k * stride; // <= 0xFFFF: validate_pf
            const int other = used.at(rid);
            if (other == static_cast<int>(i) && rid != p.pf_rid) {
                continue; // stride 0 with one VF
            }
            if (other >= 0) {
                const pf_description& o = d.pfs[static_cast<size_t>(other)];
                fail(pf_field(d, i, "total_vfs"), std::to_string(p.total_vfs),
                     fmt::format("VF {}'s routing ID {} ({}) is {}", k,
                                 to_string(routing_id(static_cast<uint16_t>(rid))),
                                 vf_context(p, ari),
                                 rid == o.pf_rid ? fmt::format("PF {}'s routing ID", other)
                                                 : fmt::format("a VF of PF {}", other)));
            }
            used.set(rid, static_cast<int>(i));
        }
    }
}

// PCIe Base 7.8.7.2: from function 0, each PF's ARI Next Function Number
// names the next PF; the last one's is 0 and every PF is on the chain.
void check_ari_chain(const device_description& d) {
    std::vector<int> by_function(256, -1);
    for (size_t i = 0; i < d.pfs.size(); ++i) {
        by_function[d.pfs[i].pf_rid & 0xFFu] = static_cast<int>(i);
    }
    std::vector<bool> seen(d.pfs.size(), false);
    int at = by_function[0];
    for (size_t steps = 0; at >= 0; ++steps) {
        const pf_description& p = d.pfs[static_cast<size_t>(at)];
        seen[static_cast<size_t>(at)] = true;
        size_t index = 0;
        while (p.pf_capabilities[index].kind() != capability_kind::ari) {
            ++index;
        }
        const uint8_t next = std::get<ari_params>(p.pf_capabilities[index].params).next_function;
        const std::string field =
            pf_field(d, static_cast<size_t>(at),
                     fmt::format("pf_capabilities[{}] (ari).next_function", index));
        if (next == 0) {
            break;
        }
        if (by_function[next] < 0) {
            fail(field, std::to_string(next), "no PF of this device has this function number");
        }
        if (seen[static_cast<size_t>(by_function[next])] || steps >= d.pfs.size()) {
            fail(field, std::to_string(next), "the ARI Next Function chain loops");
        }
        at = by_function[next];
    }
    for (size_t i = 0; i < d.pfs.size(); ++i) {
        if (!seen[i]) {
            fail(pf_field(d, i, "pf_rid"), to_string(routing_id(d.pfs[i].pf_rid)),
                 "not on the ARI Next Function chain from function 0: software using ARI "
                 "does not find this PF");
        }
    }
}

// A device's only function ends the chain: its Next Function Number is 0
// (7.8.7.2: "or 00h if there are no higher numbered Functions"); Linux's scan
// follows a non-zero one to a function that is not there.
void check_lone_ari_next_function(const device_description& d) {
    const pf_description& p = d.pfs[0];
    for (size_t i = 0; i < p.pf_capabilities.size(); ++i) {
        if (const auto* ari = std::get_if<ari_params>(&p.pf_capabilities[i].params);
            ari != nullptr && ari->next_function != 0) {
            fail(pf_field(d, 0, fmt::format("pf_capabilities[{}] (ari).next_function", i)),
                 std::to_string(ari->next_function),
                 "no PF of this device has this function number (a lone PF's is 0)");
        }
    }
}

// SR-IOV 3.3.8: Function Dependency Link names a PF of the device.
void check_dependency_links(const device_description& d) {
    for (size_t i = 0; i < d.pfs.size(); ++i) {
        const uint8_t link = function_dependency_link(d, d.pfs[i]);
        const bool found = std::any_of(d.pfs.begin(), d.pfs.end(), [&](const pf_description& p) {
            return function_number(d, p) == link;
        });
        if (!found) {
            fail(pf_field(d, i, "function_dependency_link"), std::to_string(link),
                 "names no PF of this device");
        }
    }
}

} // namespace

std::string pf_field_name(const device_description& d, size_t i, const std::string& member) {
    return pf_field(d, i, member);
}

void validate_pf_set(const device_description& d) {
    if (d.pfs.size() > 1) {
        check_placement(d);
        check_vf_rids(d, false);
        const bool ari_dependent =
            std::any_of(d.pfs.begin(), d.pfs.end(), [](const pf_description& p) {
                return p.offset_stride == offset_stride_rule::ari_dependent;
            });
        if (ari_dependent) {
            check_vf_rids(d, true);
        }
        if (has_ari(d.pfs[0])) {
            check_ari_chain(d);
        }
    } else if (has_ari(d.pfs[0])) {
        check_lone_ari_next_function(d);
    }
    check_dependency_links(d);
}

} // namespace sriov::config

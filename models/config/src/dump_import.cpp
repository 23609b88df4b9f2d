// Importing a device from its dumped configuration space: PFs and their VFs
// found, each PF decoded into a pf_description, the device validated as a
// whole, and the model built from it compared with every read-only bit of
// the dump.
#include "sriov/config/dump_import.h"

#include "dump_decode.h"

#include "sriov/config/capabilities.h"
#include "sriov/pcie/access.h"
#include "sriov/pcie/capability_walk.h"
#include "sriov/pcie/registers.h"

#include <fmt/format.h>

#include <map>

namespace sriov::config {

namespace {

using dump::function_bytes;

// Where a function's SR-IOV capability starts, 0 without one.
uint16_t sriov_offset(const function_bytes& fn) {
    if (fn.f.bytes.size() != reg::config_space_size) {
        return 0;
    }
    return find_ext_capability(
        [&fn](uint16_t off, unsigned, uint32_t& v) {
            v = fn.dw(off);
            return true;
        },
        ext_cap_id::sriov);
}

// Bits of a register that hold live state rather than what the device is:
// not compared (docs/device-description.md, "Importing a device").
uint32_t live_bits(const std::string& name) {
    static const std::map<std::string, uint32_t> live{
        {"status", bits::status_interrupt},
        {"header_type", bits::header_type_multi_function},
        {"dev_status", bits::dev_status_live},
        {"link_status", 0xFFFFu & ~uint32_t{bits::link_status_slot_clock}},
        {"aer_cap_ctrl", bits::aer_first_error_pointer},
        {"aer_header_log0", 0xFFFFFFFFu},
        {"aer_header_log1", 0xFFFFFFFFu},
        {"aer_header_log2", 0xFFFFFFFFu},
        {"aer_header_log3", 0xFFFFFFFFu},
        {"msi_pending", 0xFFFFFFFFu},
    };
    const auto it = live.find(name);
    return it == live.end() ? 0u : it->second;
}

// The read-only bits of `f` the layout `l` does not reproduce, one text each.
std::vector<std::string> differences(const register_layout& l, const function_dump& f) {
    std::vector<std::string> out;
    for (uint16_t off = 0; off < f.bytes.size(); ++off) {
        uint8_t mask = static_cast<uint8_t>(~(l.rw_byte(off) | l.rw1c_byte(off)));
        const register_def* r = l.at(off);
        if (r != nullptr) {
            mask &= static_cast<uint8_t>(~(live_bits(r->name) >> (8 * (off - r->offset))));
        }
        if (((f.bytes[off] ^ l.reset_byte(off)) & mask) != 0) {
            out.push_back(fmt::format("{} 0x{:03X} = 0x{:02X}, the model reads 0x{:02X} ({})",
                                      to_string(routing_id{f.rid}), off, f.bytes[off],
                                      l.reset_byte(off), r != nullptr ? r->name : "no register"));
        }
    }
    return out;
}

class pf_importer {
public:
    pf_importer(const function_dump& pf, std::vector<const function_dump*> vfs,
                const import_options& o)
        : pf_(pf), fn_{pf}, vfs_(std::move(vfs)), o_(o) {}

    // The PF decoded; `link` gets the link its PCI Express capability reports.
    imported_pf decode(device_description& link) {
        imported_pf out;
        out.source = pf_.where;
        out.title = pf_.title;
        pf_description& p = out.pf;
        p = device_description::defaults().pfs[0];
        require_vf();
        header(p, link);
        sriov(p);
        vf(p);
        for (const function_dump* v : vfs_) {
            out.vf_sources.push_back(v->where + " " + to_string(routing_id{v->rid}));
        }
        return out;
    }

    // After the whole device is validated: PF `index` of `d` (this PF) must
    // read back every read-only bit of its dump and its VFs' dumps.
    void verify(const device_description& d, size_t index, imported_pf& out) {
        std::vector<std::string> diff = differences(build_pf_layout(d, index), pf_);
        const register_layout vf_layout = build_vf_layout(d, index);
        for (const function_dump* v : vfs_) {
            for (std::string& t : differences(vf_layout, *v)) {
                diff.push_back(std::move(t));
            }
        }
        if (!diff.empty() && !o_.allow_differences) {
            std::string first;
            for (size_t i = 0; i < diff.size() && i < 4; ++i) {
                first += (i ? "; " : "") + diff[i];
            }
            fail(fmt::format("the description cannot reproduce {} read-only byte{} of the dump: "
                             "{}{}; --allow-differences writes it anyway and lists them",
                             diff.size(), diff.size() == 1 ? "" : "s", first,
                             diff.size() > 4 ? "; ..." : ""));
        }
        for (std::string& t : diff) {
            notes_.push_back("differs: " + t);
        }
        out.notes = std::move(notes_);
    }

    [[noreturn]] void fail(const std::string& reason) const {
        throw import_error(fn_.at() + reason);
    }

private:
    void header(pf_description& p, device_description& d) {
        p.pf_rid = pf_.rid;
        p.vendor_id = fn_.w(reg::vendor_id);
        p.device_id = fn_.w(reg::device_id);
        p.revision_id = fn_.b(reg::revision_id);
        p.class_code = fn_.dw(reg::revision_id) >> 8;
        p.subsys_vendor_id = fn_.w(reg::subsys_vendor_id);
        p.subsys_id = fn_.w(reg::subsys_id);
        p.pf_bars = bars(reg::bar0, false);
        p.pf_capabilities =
            dump::decode_capabilities(fn_, p.pf_msix_vectors, o_.allow_differences, notes_);
        for (const capability& c : p.pf_capabilities) {
            if (c.kind() == capability_kind::pcie) {
                const uint32_t link = fn_.dw(c.offset + pcie_field::link_cap);
                d.link_gen = link & bits::link_cap_max_speed;
                d.link_width = (link & bits::link_cap_width) >> bits::link_cap_width_shift;
                notes_.push_back(fmt::format(
                    "device_control 0x{:04X} is the dump's Device Control, taken as its reset "
                    "value",
                    std::get<pcie_params>(c.params).device_control));
            }
        }
    }

    void sriov(pf_description& p) {
        const uint16_t s = sriov_offset(fn_);
        const uint32_t caps = fn_.dw(s + sriov_field::caps);
        p.migration_capable = (caps & bits::sriov_caps_migration) != 0;
        p.initial_vfs = fn_.w(s + sriov_field::initial_vfs);
        p.total_vfs = fn_.w(s + sriov_field::total_vfs);
        p.first_vf_offset = fn_.w(s + sriov_field::vf_offset);
        p.vf_stride = fn_.w(s + sriov_field::vf_stride);
        p.vf_device_id = fn_.w(s + sriov_field::vf_device_id);
        p.function_dependency_link = fn_.b(s + sriov_field::fn_dep_link);
        p.supported_page_sizes = fn_.dw(s + sriov_field::supported_page_sizes);
        p.vf_bars = bars(static_cast<uint16_t>(s + sriov_field::vf_bar0), true);
        if ((fn_.w(s + sriov_field::ctrl) & bits::sriov_ctrl_ari_capable) != 0) {
            notes_.push_back("ARI Capable Hierarchy is set in the dump: first_vf_offset and "
                             "vf_stride are the values reported with it");
        }
    }

    // A VF's header and capability list cannot be derived from the PF's.
    void require_vf() const {
        if (!vfs_.empty()) {
            return;
        }
        const uint16_t vf0 =
            static_cast<uint16_t>(pf_.rid + fn_.w(sriov_offset(fn_) + sriov_field::vf_offset));
        fail(fmt::format("no VF of this PF in the dump (VF 0 would be {}): a VF's capability "
                         "list and header cannot be derived from the PF's; enable VFs "
                         "(sriov_numvfs) and dump one with it",
                         to_string(routing_id{vf0})));
    }

    void vf(pf_description& p) {
        const function_dump& v = *vfs_.front();
        if (v.bytes.size() != reg::config_space_size) {
            throw import_error(fmt::format(
                "{}: {}: {} bytes (lspci -xxx or less): a VF's extended capabilities (ARI, "
                "...) are beyond 0xFF; dump it with lspci -xxxx as root",
                v.where, to_string(routing_id{v.rid}), v.bytes.size()));
        }
        const function_bytes vb{v};
        p.vf_class_code = vb.dw(reg::revision_id) >> 8;
        p.vf_subsys_id = vb.w(reg::subsys_id);
        p.vf_capabilities =
            dump::decode_capabilities(vb, p.vf_msix_vectors, o_.allow_differences, notes_);
        use_pf_link_fields_in_vfs(p);
    }

    std::optional<uint64_t> size_of(unsigned bar, bool vf) const {
        for (int pass = 0; pass < 2; ++pass) { // this PF's option first, then one for every PF
            for (const bar_size_option& b : o_.bar_sizes) {
                if (b.vf == vf && b.bar == bar &&
                    (pass == 0 ? b.pf_rid == pf_.rid : !b.pf_rid.has_value())) {
                    return b.size;
                }
            }
        }
        if (!vf) {
            return pf_.region_size[bar];
        }
        if (pf_.sriov_region_size[bar]) {
            return pf_.sriov_region_size[bar];
        }
        for (const function_dump* v : vfs_) { // lspci -vv of a VF: its BARs' sizes
            if (v->region_size[bar]) {
                return v->region_size[bar];
            }
        }
        return std::nullopt;
    }

    std::array<bar_spec, 6> bars(uint16_t base, bool vf) const {
        std::array<bar_spec, 6> out{};
        const char* what = vf ? "VF BAR" : "BAR";
        for (unsigned i = 0; i < 6; ++i) {
            if (i > 0 && out[i - 1].kind == bar_kind::mem64) {
                continue; // the upper half
            }
            const uint32_t v = fn_.dw(base + 4 * i);
            const std::optional<uint64_t> size = size_of(i, vf);
            bar_spec& b = out[i];
            if (v == 0 && !size) {
                continue; // not implemented (an unassigned mem32 BAR reads 0 too: give its size)
            }
            if ((v & bits::bar_io) != 0) {
                b.kind = bar_kind::io;
            } else if ((v & bits::bar_mem_type) == 0) {
                b.kind = bar_kind::mem32;
            } else if ((v & bits::bar_mem_type) == bits::bar_mem64 && i < 5) {
                b.kind = bar_kind::mem64;
            } else {
                fail(fmt::format("{}{} = 0x{:08X}: reserved memory type {}", what, i, v,
                                 (v & bits::bar_mem_type) >> 1));
            }
            b.prefetchable = b.kind != bar_kind::io && (v & bits::bar_prefetchable) != 0;
            if (!size) {
                fail(fmt::format("{}{} ({}{}, 0x{:08X}) has no size: give --bar-size "
                                 "{}:bar{}=SIZE, or lspci -vv's \"Region {}: ... [size=...]\" "
                                 "line{}",
                                 what, i, to_string(b.kind), b.prefetchable ? " prefetchable" : "",
                                 v, vf ? "vf" : "pf", i, i, vf ? " of a VF" : ""));
            }
            b.size = *size;
        }
        return out;
    }

    const function_dump& pf_;
    function_bytes fn_;
    std::vector<const function_dump*> vfs_;
    const import_options& o_;
    std::vector<std::string> notes_;
};

// The VFs of the PF `fn` among `by_rid`: the routing IDs its First VF Offset
// and VF Stride give for VFs 0..TotalVFs-1 (as the dump reports them).
std::vector<const function_dump*> vfs_of(const function_bytes& fn,
                                         const std::map<uint16_t, const function_dump*>& by_rid) {
    const uint16_t s = sriov_offset(fn);
    const unsigned offset = fn.w(s + sriov_field::vf_offset);
    const unsigned stride = fn.w(s + sriov_field::vf_stride);
    std::vector<const function_dump*> out;
    for (unsigned k = 0; k < fn.w(s + sriov_field::total_vfs); ++k) {
        const unsigned rid = fn.f.rid + offset + k * stride;
        if (rid > 0xFFFF || (k > 0 && stride == 0)) {
            break;
        }
        const auto it = by_rid.find(static_cast<uint16_t>(rid));
        if (it != by_rid.end() && rid != fn.f.rid) {
            out.push_back(it->second);
        }
    }
    return out;
}

std::string no_pf_message(const std::vector<function_dump>& functions) {
    std::string m = "no SR-IOV PF in the dump: no function has an SR-IOV Extended Capability";
    for (const function_dump& f : functions) {
        if (f.bytes.size() < reg::config_space_size) {
            return m + fmt::format("; {} {} has {} bytes: extended capabilities (SR-IOV, ARI, "
                                   "AER, ...) are at 0x100 and above, beyond an lspci -xxx "
                                   "dump: dump with lspci -xxxx as root",
                                   f.where, to_string(routing_id{f.rid}), f.bytes.size());
        }
    }
    return m;
}

} // namespace

void use_pf_link_fields_in_vfs(pf_description& p) {
    const pcie_params* pf = nullptr;
    for (const capability& c : p.pf_capabilities) {
        if (pf == nullptr) {
            pf = std::get_if<pcie_params>(&c.params);
        }
    }
    if (pf == nullptr) {
        return;
    }
    for (capability& c : p.vf_capabilities) {
        if (auto* vf = std::get_if<pcie_params>(&c.params)) {
            vf->device_control = pf->device_control;
            vf->link_capabilities = pf->link_capabilities;
            vf->link_capabilities2 = pf->link_capabilities2;
            vf->slot_clock = pf->slot_clock;
        }
    }
}

import_result import_device(const std::vector<function_dump>& functions,
                            const import_options& options) {
    std::map<uint16_t, const function_dump*> by_rid;
    for (const function_dump& f : functions) {
        if (!by_rid.emplace(f.rid, &f).second) {
            throw import_error(f.where + ": function " + to_string(routing_id{f.rid}) +
                               " appears twice");
        }
    }
    import_result result;
    std::vector<pf_importer> importers;
    std::map<uint16_t, bool> used;
    for (const auto& [rid, f] : by_rid) {
        const function_bytes fn{*f};
        if (sriov_offset(fn) == 0) {
            continue;
        }
        std::vector<const function_dump*> vfs = vfs_of(fn, by_rid);
        used[rid] = true;
        for (const function_dump* v : vfs) {
            used[v->rid] = true;
        }
        importers.emplace_back(*f, std::move(vfs), options);
    }
    if (importers.empty()) {
        throw import_error(functions.empty()
                               ? "no function in the dump"
                               : functions.front().where + ": " + no_pf_message(functions));
    }
    device_description& d = result.device;
    d = device_description::defaults();
    d.pfs.clear();
    for (pf_importer& i : importers) {
        device_description link = d;
        result.pfs.push_back(i.decode(link));
        if (d.pfs.empty()) { // the device's link: the first PF's
            d.link_gen = link.link_gen;
            d.link_width = link.link_width;
        }
        d.pfs.push_back(result.pfs.back().pf);
    }
    try {
        validate(d);
    } catch (const profile_error& e) {
        importers.front().fail(std::string("the imported device is not one the model accepts: ") +
                               e.what());
    }
    for (size_t i = 0; i < importers.size(); ++i) {
        importers[i].verify(d, i, result.pfs[i]);
    }
    for (const auto& [rid, f] : by_rid) {
        if (!used[rid]) {
            result.notes.push_back(f->where + " " + to_string(routing_id{rid}) +
                                   ": neither an SR-IOV PF nor one of its VFs: not imported");
        }
    }
    return result;
}

} // namespace sriov::config

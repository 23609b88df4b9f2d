// The device description's schema (docs/device-description.md): its tables
// and keys, and the device_description field each sets. Node access and error
// placement are description_reader's; the device's rules are validate()'s,
// whose messages are moved onto the key that set the field.
#include "sriov/config/device_description.h"

#include "description_capabilities.h"
#include "description_reader.h"

#include "sriov/text/input_file.h"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <cstring>
#include <utility>

namespace sriov::config {

namespace {

using description::reader;
using description::table_ref;

// A BAR: { kind = "mem32" | "mem64" | "io", size = SIZE, prefetchable = BOOL }.
bar_spec read_bar(reader& r, const table_ref& bar) {
    r.only_keys(bar, {"kind", "size", "prefetchable"});
    static constexpr std::array<bar_kind, 3> kinds{bar_kind::mem32, bar_kind::mem64, bar_kind::io};
    bar_spec b;
    b.kind = kinds[*r.choice(bar, "kind", {"mem32", "mem64", "io"}, true)];
    b.size = *r.size(bar, "size", true);
    r.boolean(bar, "prefetchable", b.prefetchable);
    return b;
}

// bar0..bar5: the BARs listed are the implemented ones, the others none.
void read_bars(reader& r, const std::optional<table_ref>& bars, std::array<bar_spec, 6>& out) {
    if (!bars) {
        return; // the built-in device's BARs
    }
    static constexpr std::array<std::string_view, 6> names{"bar0", "bar1", "bar2",
                                                           "bar3", "bar4", "bar5"};
    r.only_keys(*bars, {names[0], names[1], names[2], names[3], names[4], names[5]});
    for (size_t i = 0; i < names.size(); ++i) {
        const std::optional<table_ref> bar = r.table(*bars, names[i]);
        out[i] = bar ? read_bar(r, *bar) : bar_spec{};
    }
}

void read_link(reader& r, const table_ref& link, device_description& p) {
    r.only_keys(link, {"gen", "width"});
    r.integer(link, "gen", p.link_gen);
    r.integer(link, "width", p.link_width);
}

void read_timing(reader& r, const table_ref& timing, device_description& p) {
    r.only_keys(timing,
                {"reset_ready", "vf_enable_ready", "flr_ready", "ep_cycles", "ep_clock_mhz"});
    r.time_ns(timing, "reset_ready", p.reset_ready_ns);
    r.time_ns(timing, "vf_enable_ready", p.vf_enable_ready_ns);
    r.time_ns(timing, "flr_ready", p.flr_ready_ns);
    r.integer(timing, "ep_cycles", p.ep_cycles);
    r.integer(timing, "ep_clock_mhz", p.ep_clock_mhz);
}

void read_sriov(reader& r, const table_ref& sriov, pf_description& p) {
    r.only_keys(sriov, {"total_vfs", "initial_vfs", "first_vf_offset", "vf_stride", "offset_stride",
                        "vf_device_id", "supported_page_sizes", "migration_capable", "vf_bars",
                        "function_dependency_link"});
    r.integer(sriov, "total_vfs", p.total_vfs, 0, 0xFFFF, true);
    p.initial_vfs = p.total_vfs;
    r.integer(sriov, "initial_vfs", p.initial_vfs);
    r.integer(sriov, "first_vf_offset", p.first_vf_offset);
    r.integer(sriov, "vf_stride", p.vf_stride);
    if (const auto rule = r.choice(sriov, "offset_stride", {"fixed", "ari_dependent"})) {
        p.offset_stride =
            *rule == 0 ? offset_stride_rule::fixed : offset_stride_rule::ari_dependent;
    }
    r.integer(sriov, "vf_device_id", p.vf_device_id, 0, 0xFFFF, true);
    r.integer(sriov, "supported_page_sizes", p.supported_page_sizes);
    r.boolean(sriov, "migration_capable", p.migration_capable);
    if (r.find(sriov, "function_dependency_link") != nullptr) {
        uint8_t link = 0;
        r.integer(sriov, "function_dependency_link", link);
        p.function_dependency_link = link;
    }
    read_bars(r, r.table(sriov, "vf_bars"), p.vf_bars);
}

void read_vf(reader& r, const table_ref& vf, pf_description& p) {
    r.only_keys(vf, {"class_code", "subsystem_id", "capability"});
    r.integer(vf, "class_code", p.vf_class_code, 0, 0xFFFFFF);
    r.integer(vf, "subsystem_id", p.vf_subsys_id);
    description::read_capabilities(r, vf, p.vf_capabilities, p.vf_msix_vectors);
}

void read_pf(reader& r, const table_ref& pf, pf_description& p) {
    r.only_keys(pf, {"rid", "vendor_id", "device_id", "revision_id", "class_code",
                     "subsystem_vendor_id", "subsystem_id", "bars", "capability", "sriov", "vf"});
    r.routing_id(pf, "rid", p.pf_rid);
    r.integer(pf, "vendor_id", p.vendor_id, 0, 0xFFFF, true);
    r.integer(pf, "device_id", p.device_id, 0, 0xFFFF, true);
    r.integer(pf, "revision_id", p.revision_id);
    r.integer(pf, "class_code", p.class_code, 0, 0xFFFFFF);
    r.integer(pf, "subsystem_vendor_id", p.subsys_vendor_id);
    r.integer(pf, "subsystem_id", p.subsys_id);
    read_bars(r, r.table(pf, "bars"), p.pf_bars);
    description::read_capabilities(r, pf, p.pf_capabilities, p.pf_msix_vectors);
    read_sriov(r, *r.table(pf, "sriov", true), p);
    if (const auto vf = r.table(pf, "vf")) {
        read_vf(r, *vf, p);
    }
}

// One [pf] table, or an array [[pf]] with one table per PF (at "pf[i]").
std::vector<table_ref> pf_tables(reader& r, const table_ref& root) {
    const toml::node* pf = r.find(root, "pf", true);
    if (pf->is_array_of_tables()) {
        r.set_pf_array(true);
        std::vector<table_ref> pfs = *r.array_of_tables(root, "pf");
        if (pfs.empty()) {
            r.fail(*pf, "pf", "an empty [[pf]] array: describe at least one PF");
        }
        return pfs;
    }
    return {*r.table(root, "pf", true)};
}

device_description read_description(reader& r, const toml::table& root) {
    device_description p = device_description::defaults();
    const table_ref top{root, ""};
    r.only_keys(top, {"device", "link", "timing", "pf"});
    if (const auto device = r.table(top, "device")) {
        r.only_keys(*device, {"name"});
        r.string(*device, "name");
    }
    if (const auto link = r.table(top, "link")) {
        read_link(r, *link, p);
    }
    if (const auto timing = r.table(top, "timing")) {
        read_timing(r, *timing, p);
    }
    const pf_description first = p.pfs[0]; // the built-in PF each one starts from
    p.pfs.clear();
    for (const table_ref& pf : pf_tables(r, top)) {
        p.pfs.push_back(first);
        read_pf(r, pf, p.pfs.back());
    }
    return p;
}

// The key path of each device_description field validate() names.
const std::map<std::string, std::string>& key_of_field() {
    static const std::map<std::string, std::string> keys = [] {
        std::map<std::string, std::string> m{
            {"pf_rid", "pf.rid"},
            {"vendor_id", "pf.vendor_id"},
            {"class_code", "pf.class_code"},
            {"vf_class_code", "pf.vf.class_code"},
            {"pf_msix_vectors", "pf.capability.msix.table_size"},
            {"vf_msix_vectors", "pf.vf.capability.msix.table_size"},
            {"total_vfs", "pf.sriov.total_vfs"},
            {"initial_vfs", "pf.sriov.initial_vfs"},
            {"first_vf_offset", "pf.sriov.first_vf_offset"},
            {"vf_stride", "pf.sriov.vf_stride"},
            {"supported_page_sizes", "pf.sriov.supported_page_sizes"},
            {"migration_capable", "pf.sriov.migration_capable"},
            {"offset_stride", "pf.sriov.offset_stride"},
            {"vf_device_id", "pf.sriov.vf_device_id"},
            {"function_dependency_link", "pf.sriov.function_dependency_link"},
            {"link_gen", "link.gen"},
            {"link_width", "link.width"},
            {"ep_clock_mhz", "timing.ep_clock_mhz"},
        };
        for (unsigned i = 0; i < 6; ++i) {
            m["pf_bar" + std::to_string(i)] = "pf.bars.bar" + std::to_string(i);
            m["vf_bar" + std::to_string(i)] = "pf.sriov.vf_bars.bar" + std::to_string(i);
        }
        return m;
    }();
    return keys;
}

// The key path of a capability list field validate() names:
// "pf_capabilities[2] (msix).table_bir" is pf.capability[2].table_bir,
// "vf_capabilities" pf.vf.capability; "" for any other field.
std::string capability_key(const std::string& field) {
    static const std::pair<const char*, const char*> lists[] = {
        {"pf_capabilities", "pf.capability"}, {"vf_capabilities", "pf.vf.capability"}};
    for (const auto& [name, path] : lists) {
        if (field.compare(0, std::strlen(name), name) != 0) {
            continue;
        }
        const std::string rest = field.substr(std::strlen(name));
        const size_t close = rest.find(']');
        const size_t dot = rest.rfind(").");
        if (rest.empty() || close == std::string::npos || dot == std::string::npos) {
            return rest.empty() ? path : "";
        }
        const std::string member = rest.substr(dot + 2);
        return std::string(path) + rest.substr(0, close + 1) + "." +
               (member == "kind" ? "type" : member);
    }
    return "";
}

// A key path "pf.x" in the PF entry `pf` ("pf[1].x"); other words unchanged.
std::string in_pf(const std::string& path, const std::string& pf) {
    return path.compare(0, 3, "pf.") == 0 ? pf + path.substr(2) : path;
}

// A reason of validate() with every device_profile field it names written
// as its key path ("the upper half of mem64 pf_bar0" -> "... pf.bars.bar0",
// "overlaps pf_capabilities[0] (pm ...)" -> "overlaps pf.capability[0] (pm
// ...)"), in the PF entry `pf` the reason is about ("pf[1].bars.bar0");
// other words are left alone.
std::string with_key_names(const std::string& reason, const std::string& pf) {
    const auto is_word = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
    };
    std::string out;
    size_t i = 0;
    while (i < reason.size()) {
        if (!is_word(reason[i])) {
            out += reason[i++];
            continue;
        }
        size_t end = i;
        while (end < reason.size() && is_word(reason[end])) {
            ++end;
        }
        const std::string word = reason.substr(i, end - i);
        const auto key = key_of_field().find(word);
        const std::string list = capability_key(word);
        out += in_pf(key != key_of_field().end() ? key->second : list.empty() ? word : list, pf);
        i = end;
    }
    return out;
}

// validate()'s "field = value: reason" as "FILE:LINE:COL: key.path = value:
// reason", at the key that set the field, else at the capability entry that
// holds it, else "FILE: ..." (the field kept its default).
profile_error placed(const reader& r, const profile_error& e) {
    const std::string message = e.what();
    const size_t eq = message.find(" = ");
    std::string field = message.substr(0, eq);
    // "pf[i].field" names PF i of several; one [[pf]] entry is pf[0].
    std::string pf = r.pf_array() ? "pf[0]" : "pf";
    if (field.compare(0, 3, "pf[") == 0 && field.find("].") != std::string::npos) {
        pf = field.substr(0, field.find("].") + 1);
        field = field.substr(pf.size() + 1);
    }
    const auto key = key_of_field().find(field);
    const std::string path =
        in_pf(key != key_of_field().end() ? key->second : capability_key(field), pf);
    if (eq == std::string::npos || path.empty()) {
        return profile_error(r.source() + ": " + with_key_names(message, pf));
    }
    const size_t colon = message.find(": ", eq);
    const std::string rest =
        r.key_path_of(path) +
        (colon == std::string::npos
             ? message.substr(eq)
             : message.substr(eq, colon + 2 - eq) + with_key_names(message.substr(colon + 2), pf));
    const toml::node* n = r.node_at(path);
    if (n == nullptr && path.back() != ']' && path.find('[') != std::string::npos) {
        n = r.node_at(path.substr(0, path.rfind('.'))); // the entry, pf.capability[2]
    }
    return profile_error(n != nullptr ? r.where(n->source()) + rest : r.source() + ": " + rest);
}

} // namespace

device_description parse_device_description(std::string_view text, const std::string& source_name,
                                            const std::optional<bus_range>& buses) {
    toml::table root;
    try {
        root = toml::parse(text, source_name);
    } catch (const toml::parse_error& e) {
        throw profile_error(fmt::format("{}:{}:{}: {}", source_name, e.source().begin.line,
                                        e.source().begin.column, e.description()));
    }
    reader r(source_name);
    const device_description p = read_description(r, root);
    try {
        if (buses) {
            validate(p, *buses);
        } else {
            validate(p);
        }
    } catch (const profile_error& e) {
        throw placed(r, e);
    }
    return p;
}

device_description load_device_description(const std::string& path,
                                           const std::optional<bus_range>& buses) {
    std::string contents;
    try {
        contents = text::read_input_file(path);
    } catch (const text::input_file_error& e) {
        throw profile_error(path + ": cannot read the device description: " + e.reason());
    }
    return parse_device_description(contents, path, buses);
}

} // namespace sriov::config

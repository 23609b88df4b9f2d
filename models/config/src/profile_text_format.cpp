// The device profile's text format (docs/device-profile.md): `key = value`
// lines on top of the defaults. Tokens are read by the shared lexer
// (sriov::text); this file holds the format's own grammar: its keys, its units
// and BAR values, and the file:line of each error.
#include "sriov/config/device_profile.h"

#include "sriov/text/boolean.h"
#include "sriov/text/input_file.h"
#include "sriov/text/lex_error.h"
#include "sriov/text/routing_id.h"
#include "sriov/text/unsigned_number.h"
#include "sriov/text/words.h"

#include <functional>
#include <map>
#include <set>
#include <sstream>

namespace sriov::config {

namespace {

// Numbers are decimal or 0x hex with '_' separators (no 0b: `0b` is zero bytes).
const text::number_syntax plain_numbers{};
const text::number_syntax sizes{false,
                                {{"b", 1},
                                 {"k", 1ull << 10},
                                 {"kb", 1ull << 10},
                                 {"kib", 1ull << 10},
                                 {"m", 1ull << 20},
                                 {"mb", 1ull << 20},
                                 {"mib", 1ull << 20},
                                 {"g", 1ull << 30},
                                 {"gb", 1ull << 30},
                                 {"gib", 1ull << 30}}};
// `*_ns` fields: whole nanoseconds, a unit optional.
const text::number_syntax nanoseconds{
    false, {{"ns", 1}, {"us", 1000}, {"ms", 1000000}, {"s", 1000000000}}};

bar_kind parse_bar_kind(const std::string& word) {
    if (word == "mem32") {
        return bar_kind::mem32;
    }
    if (word == "mem64") {
        return bar_kind::mem64;
    }
    if (word == "io") {
        return bar_kind::io;
    }
    throw text::lex_error("unknown BAR kind '" + word + "' (none, mem32, mem64, io)");
}

// none | (mem32|mem64|io) [prefetchable] SIZE
bar_spec parse_bar(const std::string& v) {
    const auto w = text::split_words(text::to_lower(v));
    bar_spec b;
    if (w.empty()) {
        throw text::lex_error("expected none, mem32, mem64 or io");
    }
    if (w[0] == "none") {
        if (w.size() != 1) {
            throw text::lex_error("none takes no size");
        }
        return b;
    }
    b.kind = parse_bar_kind(w[0]);
    bool have_size = false;
    for (size_t i = 1; i < w.size(); ++i) {
        if (w[i] == "prefetchable" || w[i] == "prefetch") {
            b.prefetchable = true;
        } else if (!have_size) {
            b.size = text::parse_unsigned(w[i], sizes);
            have_size = true;
        } else {
            throw text::lex_error("unexpected '" + w[i] + "'");
        }
    }
    if (!have_size) {
        throw text::lex_error("missing BAR size");
    }
    return b;
}

offset_stride_rule parse_offset_stride(const std::string& v) {
    const std::string l = text::to_lower(v);
    if (l == "fixed") {
        return offset_stride_rule::fixed;
    }
    if (l == "ari_dependent") {
        return offset_stride_rule::ari_dependent;
    }
    throw text::lex_error("expected fixed or ari_dependent");
}

// Sets one field from its value text; throws text::lex_error.
using setter = std::function<void(device_profile&, const std::string&)>;

template <typename T>
setter uint_field(T device_profile::*m, uint64_t max) {
    return [m, max](device_profile& p, const std::string& v) {
        p.*m = static_cast<T>(text::parse_unsigned(v, plain_numbers, max));
    };
}

template <typename T>
setter time_field(T device_profile::*m) {
    return [m](device_profile& p, const std::string& v) {
        p.*m = text::parse_unsigned(v, nanoseconds);
    };
}

void add_bar_fields(std::map<std::string, setter>& m) {
    for (unsigned i = 0; i < 6; ++i) {
        m["pf_bar" + std::to_string(i)] = [i](device_profile& p, const std::string& v) {
            p.pf_bars[i] = parse_bar(v);
        };
        m["vf_bar" + std::to_string(i)] = [i](device_profile& p, const std::string& v) {
            p.vf_bars[i] = parse_bar(v);
        };
    }
}

// `pf_msix_table` etc.: the raw Table / PBA Offset-BIR register of the MSI-X
// capability in the PF's or the VFs' list (BIR in bits 2:0, as lspci prints
// "BAR=n offset=...").
void add_msix_location_fields(std::map<std::string, setter>& m) {
    for (const bool vf : {false, true}) {
        for (const bool pba : {false, true}) {
            const std::string key =
                std::string(vf ? "vf" : "pf") + "_msix_" + (pba ? "pba" : "table");
            m[key] = [vf, pba](device_profile& p, const std::string& v) {
                auto& caps = vf ? p.vf_capabilities : p.pf_capabilities;
                const uint32_t raw =
                    static_cast<uint32_t>(text::parse_unsigned(v, plain_numbers, 0xFFFFFFFF));
                for (capability& c : caps) {
                    if (auto* msix = std::get_if<msix_params>(&c.params)) {
                        (pba ? msix->pba_bir : msix->table_bir) = static_cast<uint8_t>(raw & 7u);
                        (pba ? msix->pba_offset : msix->table_offset) = raw & ~7u;
                        return;
                    }
                }
                throw text::lex_error("the capability list has no MSI-X capability");
            };
        }
    }
}

std::map<std::string, setter> make_fields() {
    std::map<std::string, setter> m;
    m["pf_rid"] = [](device_profile& p, const std::string& v) {
        p.pf_rid = text::parse_routing_id(v, plain_numbers);
    };
    m["vendor_id"] = uint_field(&device_profile::vendor_id, 0xFFFF);
    m["device_id"] = uint_field(&device_profile::device_id, 0xFFFF);
    m["revision_id"] = uint_field(&device_profile::revision_id, 0xFF);
    m["class_code"] = uint_field(&device_profile::class_code, 0xFFFFFF);
    m["subsys_vendor_id"] = uint_field(&device_profile::subsys_vendor_id, 0xFFFF);
    m["subsys_id"] = uint_field(&device_profile::subsys_id, 0xFFFF);
    m["vf_class_code"] = uint_field(&device_profile::vf_class_code, 0xFFFFFF);
    m["vf_subsys_id"] = uint_field(&device_profile::vf_subsys_id, 0xFFFF);
    m["pf_msix_vectors"] = uint_field(&device_profile::pf_msix_vectors, 0xFFFF);
    m["vf_msix_vectors"] = uint_field(&device_profile::vf_msix_vectors, 0xFFFF);
    m["initial_vfs"] = uint_field(&device_profile::initial_vfs, 0xFFFF);
    m["total_vfs"] = uint_field(&device_profile::total_vfs, 0xFFFF);
    m["first_vf_offset"] = uint_field(&device_profile::first_vf_offset, 0xFFFF);
    m["vf_stride"] = uint_field(&device_profile::vf_stride, 0xFFFF);
    m["vf_device_id"] = uint_field(&device_profile::vf_device_id, 0xFFFF);
    m["supported_page_sizes"] = uint_field(&device_profile::supported_page_sizes, 0xFFFFFFFF);
    m["link_gen"] = uint_field(&device_profile::link_gen, 0xFFFF);
    m["link_width"] = uint_field(&device_profile::link_width, 0xFFFF);
    m["ep_cycles"] = uint_field(&device_profile::ep_cycles, 0xFFFFFFFF);
    m["ep_clock_mhz"] = uint_field(&device_profile::ep_clock_mhz, 0xFFFFFFFF);
    m["reset_ready_ns"] = time_field(&device_profile::reset_ready_ns);
    m["vf_enable_ready_ns"] = time_field(&device_profile::vf_enable_ready_ns);
    m["flr_ready_ns"] = time_field(&device_profile::flr_ready_ns);
    m["migration_capable"] = [](device_profile& p, const std::string& v) {
        p.migration_capable = text::parse_bool(v);
    };
    m["offset_stride"] = [](device_profile& p, const std::string& v) {
        p.offset_stride = parse_offset_stride(v);
    };
    add_bar_fields(m);
    add_msix_location_fields(m);
    return m;
}

const std::map<std::string, setter>& fields() {
    static const std::map<std::string, setter> f = make_fields();
    return f;
}

// Applies one `key = value` line (comment removed, trimmed, not empty).
void apply_line(device_profile& p, std::set<std::string>& seen, const std::string& line,
                const std::string& where) {
    const size_t eq = line.find('=');
    if (eq == std::string::npos) {
        throw profile_error(where + "expected 'key = value', got '" + line + "'");
    }
    const std::string key = text::to_lower(text::trim(line.substr(0, eq)));
    const std::string value = text::trim(line.substr(eq + 1));
    auto it = fields().find(key);
    if (it == fields().end()) {
        throw profile_error(where + "unknown field '" + key + "'");
    }
    if (!seen.insert(key).second) {
        throw profile_error(where + "field '" + key + "' given twice");
    }
    if (value.empty()) {
        throw profile_error(where + key + ": missing value");
    }
    try {
        it->second(p, value);
    } catch (const text::lex_error& e) {
        throw profile_error(where + key + " = " + value + ": " + e.what());
    }
}

} // namespace

device_profile parse_profile(std::istream& in, const std::string& source_name) {
    device_profile p = device_profile::defaults();
    std::set<std::string> seen;
    std::string line;
    unsigned line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        const size_t hash = line.find('#');
        if (hash != std::string::npos) {
            line.erase(hash);
        }
        line = text::trim(line);
        if (!line.empty()) {
            apply_line(p, seen, line, source_name + ":" + std::to_string(line_no) + ": ");
        }
    }
    try {
        validate(p);
    } catch (const profile_error& e) {
        throw profile_error(source_name + ": " + e.what());
    }
    return p;
}

device_profile load_profile(const std::string& path) {
    std::string contents;
    try {
        contents = text::read_input_file(path);
    } catch (const text::input_file_error& e) {
        throw profile_error(path + ": cannot read the profile: " + e.reason());
    }
    std::istringstream in(contents);
    return parse_profile(in, path);
}

} // namespace sriov::config

#include "sriov/config/device_profile.h"

#include <cctype>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <vector>

namespace sriov::config {

namespace {

std::string hex(uint64_t v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "0x%llX", static_cast<unsigned long long>(v));
    return buf;
}

bool is_pow2(uint64_t v) {
    return v != 0 && (v & (v - 1)) == 0;
}

[[noreturn]] void fail(const std::string& field, const std::string& value, const std::string& why) {
    throw profile_error(field + " = " + value + ": " + why);
}

const char* kind_name(bar_kind k) {
    switch (k) {
    case bar_kind::none:
        return "none";
    case bar_kind::mem32:
        return "mem32";
    case bar_kind::mem64:
        return "mem64";
    case bar_kind::io:
        return "io";
    }
    return "?";
}

std::string bar_text(const bar_spec& b) {
    std::string s = kind_name(b.kind);
    if (b.prefetchable) {
        s += " prefetchable";
    }
    if (b.kind != bar_kind::none) {
        s += " " + std::to_string(b.size);
    }
    return s;
}

void validate_bars(const std::array<bar_spec, 6>& bars, const char* prefix, bool vf) {
    for (unsigned i = 0; i < 6; ++i) {
        const bar_spec& b = bars[i];
        const std::string field = std::string(prefix) + std::to_string(i);
        const std::string val = bar_text(b);
        if (i > 0 && bars[i - 1].kind == bar_kind::mem64 && b.kind != bar_kind::none) {
            fail(field, val,
                 "this BAR is the upper half of mem64 " + std::string(prefix) +
                     std::to_string(i - 1) + " and must be none");
        }
        switch (b.kind) {
        case bar_kind::none:
            if (b.size != 0 || b.prefetchable) {
                fail(field, val, "a none BAR has no size and is not prefetchable");
            }
            continue;
        case bar_kind::io:
            if (vf) {
                fail(field, val, "VF BARs cannot be io");
            }
            if (b.prefetchable) {
                fail(field, val, "io BARs cannot be prefetchable");
            }
            if (!is_pow2(b.size) || b.size < 4 || b.size > 256) {
                fail(field, val, "io BAR size must be a power of two between 4 and 256 bytes");
            }
            continue;
        case bar_kind::mem32:
        case bar_kind::mem64:
            break;
        }
        if (!is_pow2(b.size)) {
            fail(field, val, "BAR size " + std::to_string(b.size) + " is not a power of two");
        }
        if (b.size < 16) {
            fail(field, val, "memory BAR size must be at least 16 bytes");
        }
        if (vf && b.size < 4096) {
            fail(field, val, "VF BAR size must be at least 4096 bytes");
        }
        if (b.kind == bar_kind::mem32 && b.size > (uint64_t{1} << 31)) {
            fail(field, val, "mem32 BAR size above 2 GiB");
        }
        if (b.kind == bar_kind::mem64 && b.size > (uint64_t{1} << 63)) {
            fail(field, val, "mem64 BAR size above 2^63");
        }
        if (b.kind == bar_kind::mem64 && i == 5) {
            fail(field, val, "a mem64 BAR needs the next BAR for its upper half; BAR5 has none");
        }
    }
}

void check_rid_space(const device_profile& p, uint16_t offset, uint16_t stride, const char* mode) {
    if (p.total_vfs == 0) {
        return;
    }
    const uint64_t last = uint64_t{p.pf_rid} + offset + uint64_t{p.total_vfs - 1u} * stride;
    if (last > 0xFFFF) {
        fail("total_vfs", std::to_string(p.total_vfs),
             std::string("the last VF's routing ID ") + hex(last) + " exceeds 0xFFFF (pf_rid " +
                 hex(p.pf_rid) + ", first VF offset " + std::to_string(offset) + ", stride " +
                 std::to_string(stride) + mode + ")");
    }
}

} // namespace

device_profile device_profile::defaults() {
    device_profile p;
    p.pf_bars = {};
    p.pf_bars[0] = {bar_kind::mem64, false, 512 * 1024};
    p.pf_bars[2] = {bar_kind::io, false, 32};
    p.pf_bars[4] = {bar_kind::mem64, false, 16 * 1024};
    p.vf_bars = {};
    p.vf_bars[0] = {bar_kind::mem64, true, 16 * 1024};
    p.vf_bars[3] = {bar_kind::mem64, true, 16 * 1024};
    return p;
}

void validate(const device_profile& p) {
    if (p.vendor_id == 0xFFFF || p.vendor_id == 0x0000) {
        fail("vendor_id", hex(p.vendor_id), "not a valid vendor ID");
    }
    if (p.class_code > 0xFFFFFF) {
        fail("class_code", hex(p.class_code), "class code is 24 bits");
    }
    if (p.vf_class_code > 0xFFFFFF) {
        fail("vf_class_code", hex(p.vf_class_code), "class code is 24 bits");
    }
    if (p.pf_msix_vectors < 1 || p.pf_msix_vectors > 2048) {
        fail("pf_msix_vectors", std::to_string(p.pf_msix_vectors), "must be 1..2048");
    }
    if (p.vf_msix_vectors < 1 || p.vf_msix_vectors > 2048) {
        fail("vf_msix_vectors", std::to_string(p.vf_msix_vectors), "must be 1..2048");
    }
    if (p.total_vfs == 0) {
        fail("total_vfs", "0", "an SR-IOV device has at least one VF");
    }
    if (p.initial_vfs == 0) {
        fail("initial_vfs", "0", "must be at least 1");
    }
    if (p.initial_vfs > p.total_vfs) {
        fail("initial_vfs", std::to_string(p.initial_vfs),
             "exceeds total_vfs = " + std::to_string(p.total_vfs));
    }
    if (p.first_vf_offset == 0) {
        fail("first_vf_offset", "0", "VF 0 would have the PF's routing ID");
    }
    if (p.vf_stride == 0 && p.total_vfs > 1) {
        fail("vf_stride", "0",
             "stride 0 is only legal with total_vfs = 1 (total_vfs = " +
                 std::to_string(p.total_vfs) + ")");
    }
    check_rid_space(p, p.first_vf_offset, p.vf_stride, "");
    if (p.offset_stride == offset_stride_rule::ari_dependent) {
        check_rid_space(p, 1, 1, ", ARI Capable Hierarchy set");
    }
    if ((p.supported_page_sizes & 1u) == 0) {
        fail("supported_page_sizes", hex(p.supported_page_sizes),
             "bit 0 (4 KiB pages) must be supported");
    }
    validate_bars(p.pf_bars, "pf_bar", false);
    validate_bars(p.vf_bars, "vf_bar", true);
    if (p.link_gen < 1 || p.link_gen > 6) {
        fail("link_gen", std::to_string(p.link_gen), "must be 1..6");
    }
    static const std::set<unsigned> widths = {1, 2, 4, 8, 12, 16, 32};
    if (widths.count(p.link_width) == 0) {
        fail("link_width", std::to_string(p.link_width), "must be one of 1, 2, 4, 8, 12, 16, 32");
    }
    if (p.ep_clock_mhz == 0) {
        fail("ep_clock_mhz", "0", "must be positive");
    }
}

// --- text format ----------------------------------------------------------

namespace {

std::string trim(const std::string& s) {
    size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) {
        ++b;
    }
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) {
        --e;
    }
    return s.substr(b, e - b);
}

std::string lower(std::string s) {
    for (auto& c : s) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return s;
}

std::vector<std::string> words(const std::string& s) {
    std::istringstream in(s);
    std::vector<std::string> out;
    for (std::string w; in >> w;) {
        out.push_back(w);
    }
    return out;
}

// Integer with optional 0x prefix, '_' separators and a suffix from `units`
// (multiplier per lower-case suffix). Throws std::invalid_argument.
uint64_t parse_number(const std::string& text, const std::map<std::string, uint64_t>& units) {
    std::string t = lower(trim(text));
    std::string digits;
    for (char c : t) {
        if (c != '_') {
            digits += c;
        }
    }
    int base = 10;
    size_t pos = 0;
    if (digits.size() > 2 && digits[0] == '0' && digits[1] == 'x') {
        base = 16;
        pos = 2;
    }
    uint64_t v = 0;
    size_t start = pos;
    for (; pos < digits.size(); ++pos) {
        const char c = digits[pos];
        unsigned d;
        if (c >= '0' && c <= '9') {
            d = static_cast<unsigned>(c - '0');
        } else if (base == 16 && c >= 'a' && c <= 'f') {
            d = static_cast<unsigned>(c - 'a' + 10);
        } else {
            break;
        }
        if (v > (UINT64_MAX - d) / static_cast<unsigned>(base)) {
            throw std::invalid_argument("number too large");
        }
        v = v * static_cast<unsigned>(base) + d;
    }
    if (pos == start) {
        throw std::invalid_argument("expected a number");
    }
    const std::string suffix = trim(digits.substr(pos));
    if (!suffix.empty()) {
        auto it = units.find(suffix);
        if (it == units.end()) {
            throw std::invalid_argument("unknown unit '" + suffix + "'");
        }
        if (v != 0 && it->second > UINT64_MAX / v) {
            throw std::invalid_argument("number too large");
        }
        v *= it->second;
    }
    return v;
}

const std::map<std::string, uint64_t> no_units{};
const std::map<std::string, uint64_t> size_units{
    {"b", 1},           {"k", 1ull << 10},  {"kb", 1ull << 10},  {"kib", 1ull << 10},
    {"m", 1ull << 20},  {"mb", 1ull << 20}, {"mib", 1ull << 20}, {"g", 1ull << 30},
    {"gb", 1ull << 30}, {"gib", 1ull << 30}};
const std::map<std::string, uint64_t> time_units{
    {"ns", 1}, {"us", 1000}, {"ms", 1000000}, {"s", 1000000000}};

uint64_t parse_uint(const std::string& v, uint64_t max) {
    const uint64_t n = parse_number(v, no_units);
    if (n > max) {
        throw std::invalid_argument("out of range (maximum " + hex(max) + ")");
    }
    return n;
}

uint16_t parse_rid(const std::string& v) {
    // "bb:dd.f" or a number
    unsigned b, d, f;
    char tail;
    if (std::sscanf(v.c_str(), "%x:%x.%x%c", &b, &d, &f, &tail) == 3) {
        if (b > 0xFF || d > 0x1F || f > 7) {
            throw std::invalid_argument("bus/device/function out of range");
        }
        return static_cast<uint16_t>(b << 8 | d << 3 | f);
    }
    return static_cast<uint16_t>(parse_uint(v, 0xFFFF));
}

bool parse_bool(const std::string& v) {
    const std::string l = lower(v);
    if (l == "true" || l == "yes" || l == "1" || l == "on") {
        return true;
    }
    if (l == "false" || l == "no" || l == "0" || l == "off") {
        return false;
    }
    throw std::invalid_argument("expected true or false");
}

bar_spec parse_bar(const std::string& v) {
    const auto w = words(lower(v));
    bar_spec b;
    if (w.empty()) {
        throw std::invalid_argument("expected none, mem32, mem64 or io");
    }
    if (w[0] == "none") {
        if (w.size() != 1) {
            throw std::invalid_argument("none takes no size");
        }
        return b;
    }
    if (w[0] == "mem32") {
        b.kind = bar_kind::mem32;
    } else if (w[0] == "mem64") {
        b.kind = bar_kind::mem64;
    } else if (w[0] == "io") {
        b.kind = bar_kind::io;
    } else {
        throw std::invalid_argument("unknown BAR kind '" + w[0] + "' (none, mem32, mem64, io)");
    }
    bool have_size = false;
    for (size_t i = 1; i < w.size(); ++i) {
        if (w[i] == "prefetchable" || w[i] == "prefetch") {
            b.prefetchable = true;
        } else if (!have_size) {
            b.size = parse_number(w[i], size_units);
            have_size = true;
        } else {
            throw std::invalid_argument("unexpected '" + w[i] + "'");
        }
    }
    if (!have_size) {
        throw std::invalid_argument("missing BAR size");
    }
    return b;
}

using setter = std::function<void(device_profile&, const std::string&)>;

template <typename T>
setter uint_field(T device_profile::*m, uint64_t max) {
    return [m, max](device_profile& p, const std::string& v) {
        p.*m = static_cast<T>(parse_uint(v, max));
    };
}

template <typename T>
setter time_field(T device_profile::*m) {
    return [m](device_profile& p, const std::string& v) { p.*m = parse_number(v, time_units); };
}

const std::map<std::string, setter>& fields() {
    static const std::map<std::string, setter> f = [] {
        std::map<std::string, setter> m;
        m["pf_rid"] = [](device_profile& p, const std::string& v) { p.pf_rid = parse_rid(v); };
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
            p.migration_capable = parse_bool(v);
        };
        m["offset_stride"] = [](device_profile& p, const std::string& v) {
            const std::string l = lower(v);
            if (l == "fixed") {
                p.offset_stride = offset_stride_rule::fixed;
            } else if (l == "ari_dependent") {
                p.offset_stride = offset_stride_rule::ari_dependent;
            } else {
                throw std::invalid_argument("expected fixed or ari_dependent");
            }
        };
        for (unsigned i = 0; i < 6; ++i) {
            m["pf_bar" + std::to_string(i)] = [i](device_profile& p, const std::string& v) {
                p.pf_bars[i] = parse_bar(v);
            };
            m["vf_bar" + std::to_string(i)] = [i](device_profile& p, const std::string& v) {
                p.vf_bars[i] = parse_bar(v);
            };
        }
        return m;
    }();
    return f;
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
        line = trim(line);
        if (line.empty()) {
            continue;
        }
        const std::string where = source_name + ":" + std::to_string(line_no) + ": ";
        const size_t eq = line.find('=');
        if (eq == std::string::npos) {
            throw profile_error(where + "expected 'key = value', got '" + line + "'");
        }
        const std::string key = lower(trim(line.substr(0, eq)));
        const std::string value = trim(line.substr(eq + 1));
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
        } catch (const std::invalid_argument& e) {
            throw profile_error(where + key + " = " + value + ": " + e.what());
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
    std::ifstream in(path);
    if (!in) {
        throw profile_error(path + ": cannot open profile");
    }
    return parse_profile(in, path);
}

} // namespace sriov::config

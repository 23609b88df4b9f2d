// Scenario parser: one command per line, `key=value` or positional arguments,
// `expect` lines attach to the step above. Every error names file:line.
#include "sriov/scenario/scenario.h"

#include "sriov/pcie/registers.h"
#include "sriov/scenario/capability_names.h"
#include "sriov/text/boolean.h"
#include "sriov/text/input_file.h"
#include "sriov/text/lex_error.h"
#include "sriov/text/routing_id.h"
#include "sriov/text/time_literal.h"
#include "sriov/text/unsigned_number.h"
#include "sriov/text/words.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>
#include <sstream>

namespace sriov::scenario {

namespace {

class line_error {
public:
    explicit line_error(std::string m) : message(std::move(m)) {}
    std::string message;
};

// Scenario numbers: decimal, 0x hex, 0b binary, '_' separators; no units.
const text::number_syntax scenario_numbers{true, {}};

// The lexer's documented messages for digits beyond 64 bits.
bool too_large(const text::lex_error& e) {
    const std::string_view m = e.what();
    return m == "number too large" || m.rfind("time too large", 0) == 0;
}

// What a token is as a number: a value, no number at all, or digits beyond 64 bits.
enum class number_read : uint8_t { value, not_a_number, too_large };
struct read_result {
    number_read status = number_read::not_a_number;
    uint64_t value = 0;
};

read_result read_number(const std::string& s) {
    try {
        return {number_read::value, text::parse_unsigned(s, scenario_numbers)};
    } catch (const text::lex_error& e) {
        return {too_large(e) ? number_read::too_large : number_read::not_a_number, 0};
    }
}

std::optional<uint64_t> parse_number(const std::string& s) {
    const read_result n = read_number(s);
    return n.status == number_read::value ? std::optional<uint64_t>(n.value) : std::nullopt;
}

line_error out_of_range(const std::string& s, const value_range& range) {
    return line_error(fmt::format("{} is out of range {}", s, to_string(range)));
}

uint64_t in_range(uint64_t v, const std::string& s, const value_range& range) {
    if (v < range.min || v > range.max) {
        throw out_of_range(s, range);
    }
    return v;
}

uint64_t parse_integer(const std::string& s, const char* what, const value_range& range = {}) {
    const read_result n = read_number(s);
    if (n.status == number_read::too_large) {
        throw out_of_range(s, range);
    }
    if (n.status == number_read::value) {
        return in_range(n.value, s, range);
    }
    if (auto sym = symbol_value(s)) {
        return in_range(*sym, s, range);
    }
    throw line_error(std::string("expected ") + what +
                     " (a number like 42, 0x2A, 0b101, or a name like STATUS_SUCCESS), got '" + s +
                     "'");
}

uint64_t parse_time_ps(const std::string& s, const value_range& range) {
    try {
        // A bare number is ns.
        return in_range(text::parse_time_ps(s, text::time_unit::ns), s, range);
    } catch (const text::lex_error& e) {
        if (too_large(e)) {
            throw out_of_range(s, range);
        }
        throw line_error(std::string(e.what()) + ", got '" + s + "'");
    }
}

bool parse_bool(const std::string& s) {
    try {
        return text::parse_bool(s);
    } catch (const text::lex_error&) {
        throw line_error("expected TRUE/FALSE (or on/off, yes/no, 1/0), got '" + s + "'");
    }
}

// vf<k> with a 16-bit k and pf<n> with n below 256 (the device's TotalVFs and
// PF count are checked before the run: check_against_device), or a 16-bit
// routing ID.
const value_range vf_index_range{0, 0xFFFF};
const value_range pf_index_range{0, 0xFF};
const value_range routing_id_range{0, 0xFFFF, "routing ID", range_style::hex};

line_error not_a_function(const std::string& s) {
    return line_error("expected a function: pf, pf<n> (pf1, ...), vf<k> (vf0, vf3, ...), "
                      "pf<n>.vf<k>, bb:dd.f or a routing ID like 0x0180, got '" +
                      s + "'");
}

// The number after a `pf` or `vf` prefix, in `range`.
uint16_t parse_function_index(const std::string& whole, const std::string& digits,
                              const char* prefix, const value_range& range) {
    const read_result n = read_number(digits);
    if (n.status == number_read::not_a_number) {
        throw not_a_function(whole);
    }
    if (n.status == number_read::too_large || n.value > range.max) {
        throw line_error(
            fmt::format("{} is out of range {}0..{}{}", whole, prefix, prefix, range.max));
    }
    return static_cast<uint16_t>(n.value);
}

bool starts_with(const std::string& s, const char* prefix) {
    return s.compare(0, std::char_traits<char>::length(prefix), prefix) == 0;
}

// pf, pf<n>, vf<k> or pf<n>.vf<k>; nullopt when `s` is none of these forms.
std::optional<function_ref> parse_pf_vf(const std::string& s) {
    function_ref f;
    std::string rest = s;
    if (starts_with(rest, "pf")) {
        const auto dot = rest.find('.');
        const std::string digits = rest.substr(2, dot == std::string::npos ? dot : dot - 2);
        if (!digits.empty()) {
            f.pf = static_cast<uint8_t>(parse_function_index(s, digits, "pf", pf_index_range));
        }
        if (dot == std::string::npos) {
            return f;
        }
        rest = rest.substr(dot + 1);
        if (digits.empty() || !starts_with(rest, "vf")) {
            throw not_a_function(s);
        }
    }
    if (rest.size() > 2 && starts_with(rest, "vf")) {
        f.type = function_ref::kind::vf;
        f.index = parse_function_index(s, rest.substr(2), "vf", vf_index_range);
        return f;
    }
    return std::nullopt;
}

function_ref parse_function(const std::string& s) {
    if (auto f = parse_pf_vf(s)) {
        return *f;
    }
    try {
        return {function_ref::kind::rid, text::parse_routing_id(s, scenario_numbers)};
    } catch (const text::lex_error& e) {
        if (read_number(s).status != number_read::not_a_number) {
            throw out_of_range(s, routing_id_range);
        }
        if (std::string_view(e.what()) == "bus/device/function out of range") {
            throw line_error(s + " is out of range: bus 0..FF, device 0..1F, function 0..7");
        }
        throw not_a_function(s);
    }
}

// CAP+OFFSET: a capability of docs/device-description.md's `type` names and an
// offset inside it. False when `s` has no '+' (a plain number).
bool split_capability_offset(const std::string& s, std::string& cap, std::string& offset) {
    const auto plus = s.find('+');
    if (plus == std::string::npos) {
        return false;
    }
    cap = s.substr(0, plus);
    offset = s.substr(plus + 1);
    if (cap.empty() || offset.empty()) {
        throw line_error("expected CAP+OFFSET, e.g. sriov+0x08 or msix+0x02, got '" + s + "'");
    }
    if (find_capability_name(cap) == nullptr) {
        throw line_error("unknown capability '" + cap + "' in '" + s +
                         "'; expected one of: " + capability_name_list());
    }
    return true;
}

// A config-space offset: a number, or CAP+OFFSET with OFFSET in the parameter's range.
void parse_offset(const param_spec& p, const std::string& s, value& v) {
    std::string offset;
    if (split_capability_offset(s, v.capability, offset)) {
        v.number = parse_integer(offset, "an offset inside the capability", p.range);
        return;
    }
    if (find_capability_name(s) != nullptr) {
        throw line_error("expected CAP+OFFSET, e.g. " + s + "+0x08, got '" + s + "'");
    }
    v.number = parse_integer(s, (std::string("a number for ") + p.name).c_str(), p.range);
}

value parse_value(const param_spec& p, const std::string& s) {
    value v;
    v.kind = p.kind;
    v.text = s;
    const std::string what = std::string("a number for ") + p.name;
    switch (p.kind) {
    case value_kind::integer:
        if (p.capability_relative) {
            parse_offset(p, s, v);
        } else {
            v.number = parse_integer(s, what.c_str(), p.range);
        }
        break;
    case value_kind::boolean:
        v.number = parse_bool(s) ? 1 : 0;
        break;
    case value_kind::time:
        v.number = parse_time_ps(s, p.range);
        break;
    case value_kind::function:
        v.fn = parse_function(s);
        break;
    case value_kind::word:
        break;
    case value_kind::data:
        if (s == "null" || s == "NULL") {
            v.is_null = true;
        } else if (s.compare(0, 4, "hex:") == 0) {
            const std::string h = s.substr(4);
            if (h.empty() || h.size() % 2 != 0) {
                throw line_error("hex: data needs an even number of hex digits, got '" + h + "'");
            }
            for (size_t i = 0; i < h.size(); i += 2) {
                auto b = parse_number("0x" + h.substr(i, 2));
                if (!b) {
                    throw line_error("bad hex digits '" + h.substr(i, 2) + "' in '" + s + "'");
                }
                v.bytes.push_back(static_cast<uint8_t>(*b));
            }
        } else {
            v.from_integer = true;
            v.number = parse_integer(s, "data (a number, hex:<bytes> or null)");
        }
        break;
    }
    return v;
}

std::string param_list(const command_spec& c) {
    std::string out;
    for (const auto& p : c.params) {
        out += out.empty() ? "" : ", ";
        out += p.name;
    }
    return out.empty() ? "(none)" : out;
}

std::string field_list(const command_spec& c) {
    std::string out = c.reads_data ? "data, data@OFF:LEN" : "";
    for (const char* f : c.fields) {
        out += out.empty() ? "" : ", ";
        out += f;
    }
    return out.empty() ? "(none)" : out;
}

std::string near_command(const std::string& name) {
    const std::string lname = text::to_lower(name);
    for (const auto& c : commands()) {
        if (text::to_lower(c.name) == lname) {
            return std::string(" (did you mean ") + c.name + "?)";
        }
    }
    return " (see docs/scenario-format.md for the command list)";
}

// Offset and length of a step's data, when it has them (an offset given as
// CAP+OFFSET is OFFSET, inside the capability `cap`).
void data_window(const step& st, uint64_t& off, uint64_t& len, std::string* cap = nullptr) {
    for (const char* k : {"offset", "Offset"}) {
        if (auto it = st.args.find(k); it != st.args.end()) {
            off = it->second.number;
            if (cap != nullptr) {
                *cap = it->second.capability;
            }
        }
    }
    for (const char* k : {"length", "Length"}) {
        if (auto it = st.args.find(k); it != st.args.end()) {
            len = it->second.number;
        }
    }
}

// The data a step writes fills its Length bytes (an integer the first
// min(Length, 8) of them): more would be cut off.
void check_data_fits(const command_spec& c, const step& st) {
    uint64_t off = 0, len = 0;
    data_window(st, off, len);
    for (const auto& [name, v] : st.args) {
        if (v.kind != value_kind::data || v.is_null) {
            continue;
        }
        const uint64_t width = std::min<uint64_t>(len, 8);
        const uint64_t max = width == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * width)) - 1;
        if (v.from_integer && v.number > max) {
            throw line_error(
                fmt::format("{} {}: {} is out of range {} (length {})", c.name, name, v.text,
                            to_string(value_range{0, max, nullptr, range_style::hex}), len));
        }
        if (!v.from_integer && v.bytes.size() > len) {
            throw line_error(fmt::format("{} {}: {} is {} bytes, more than length {}", c.name, name,
                                         v.text, v.bytes.size(), len));
        }
    }
}

// A peek has no root complex to refuse bytes past the function's 4 KiB.
void check_peek_window(const step& st) {
    uint64_t off = 0, len = 0;
    data_window(st, off, len);
    const value_range fits{1, reg::config_space_size - off};
    if (len > fits.max) {
        throw line_error(fmt::format("peek length: {} is out of range {} at offset 0x{:X} (config "
                                     "space ends at 0x{:X})",
                                     len, to_string(fits), off, reg::config_space_size - 1));
    }
}

step parse_step(const command_spec& c, const std::vector<std::string>& tokens,
                const std::string& rest_of_line) {
    step st;
    st.id = c.id;
    st.command = c.name;
    size_t positional = 0;
    if (std::string(c.name) == "echo") {
        value v;
        v.kind = value_kind::word;
        v.text = rest_of_line;
        st.args["text"] = v;
        return st;
    }
    for (size_t i = 1; i < tokens.size(); ++i) {
        const std::string& t = tokens[i];
        const auto eq = t.find('=');
        const param_spec* p = nullptr;
        std::string text;
        if (eq != std::string::npos && eq > 0) {
            const std::string key = t.substr(0, eq);
            for (const auto& q : c.params) {
                if (key == q.name) {
                    p = &q;
                }
            }
            if (p == nullptr) {
                throw line_error("unknown argument '" + key + "' for " + c.name +
                                 "; expected one of: " + param_list(c));
            }
            text = t.substr(eq + 1);
        } else {
            if (positional >= c.params.size()) {
                throw line_error(std::string("too many arguments for ") + c.name + " at '" + t +
                                 "'; it takes: " + param_list(c));
            }
            p = &c.params[positional++];
            text = t;
        }
        if (st.args.count(p->name) != 0) {
            throw line_error(std::string("argument ") + p->name + " given twice");
        }
        try {
            st.args[p->name] = parse_value(*p, text);
        } catch (const line_error& e) {
            throw line_error(std::string(c.name) + " " + p->name + ": " + e.message);
        }
    }
    for (const auto& p : c.params) {
        if (st.args.count(p.name) != 0) {
            continue;
        }
        if (p.default_value == nullptr) {
            throw line_error(std::string("missing argument ") + p.name + " for " + c.name +
                             "; it takes: " + param_list(c));
        }
        if (*p.default_value != '\0') {
            st.args[p.name] = parse_value(p, p.default_value);
        }
    }
    check_data_fits(c, st);
    if (c.id == command_id::peek && st.args.at("offset").capability.empty()) {
        check_peek_window(st); // CAP+OFFSET: checked when the step runs
    }
    return st;
}

// data@OFF:LEN or data@CAP+OFF:LEN; the slice must lie in the bytes the step
// reads (checked here when both offsets are in the same space, else at run time).
void parse_data_slice(const command_spec& c, const step& st, field_ref& f) {
    if (!c.reads_data) {
        throw line_error(std::string(c.name) + " reads no data; its fields: " + field_list(c));
    }
    const std::string spec = f.field.substr(5);
    const auto colon = spec.find(':');
    std::string offset = spec.substr(0, colon);
    if (std::string cap, rel; split_capability_offset(offset, cap, rel)) {
        f.slice_capability = cap;
        offset = rel;
    }
    auto o = parse_number(offset);
    auto l = colon == std::string::npos ? std::optional<uint64_t>(4)
                                        : parse_number(spec.substr(colon + 1));
    if (!o || !l || *l < 1 || *l > 8) {
        throw line_error("expected data@OFFSET:LENGTH with LENGTH 1..8, e.g. data@0x2C:2 or "
                         "data@msix+0x02:2, got '" +
                         f.field + "'");
    }
    uint64_t off = 0, len = 0;
    std::string step_cap;
    data_window(st, off, len, &step_cap);
    if (step_cap == f.slice_capability && (*o < off || *o - off > len || *l > len - (*o - off))) {
        throw line_error(fmt::format("{} is outside the bytes this step reads ({}offset 0x{:X}, "
                                     "{} bytes)",
                                     f.field, step_cap.empty() ? "" : step_cap + "+", off, len));
    }
    f.data_slice = true;
    f.slice_offset = *o;
    f.slice_length = static_cast<unsigned>(*l);
    f.field = "data";
}

// FIELD of `expect FIELD ...` and `capture FIELD as NAME`: a field the step
// reports, `data` (up to 8 bytes) or a data slice.
field_ref parse_field(const command_spec& c, const step& st, const std::string& field) {
    field_ref f;
    f.field = field;
    uint64_t off = 0, len = 0;
    data_window(st, off, len);
    if (f.field.compare(0, 5, "data@") == 0) {
        parse_data_slice(c, st, f);
    } else if (f.field == "data") {
        if (!c.reads_data) {
            throw line_error(std::string(c.name) + " reads no data; its fields: " + field_list(c));
        }
        if (len > 8) {
            throw line_error("'data' compares up to 8 bytes as one number; this step reads " +
                             std::to_string(len) + ": use data@OFF:LEN");
        }
    } else if (std::find_if(c.fields.begin(), c.fields.end(),
                            [&](const char* n) { return f.field == n; }) == c.fields.end()) {
        throw line_error("unknown field '" + f.field + "' for " + c.name +
                         "; its fields: " + field_list(c));
    }
    return f;
}

// A captured value's name: a letter or '_', then letters, digits and '_'.
std::string capture_name(const std::string& name) {
    const bool ok = !name.empty() &&
                    (std::isalpha(static_cast<unsigned char>(name[0])) != 0 || name[0] == '_') &&
                    std::all_of(name.begin(), name.end(), [](char ch) {
                        return std::isalnum(static_cast<unsigned char>(ch)) != 0 || ch == '_';
                    });
    if (!ok) {
        throw line_error("expected a name for the captured value (letters, digits, '_'; e.g. "
                         "pf_class), got '" +
                         name + "'");
    }
    return name;
}

compare_op parse_op(const std::string& field, const std::string& op) {
    static const std::pair<const char*, compare_op> ops[] = {
        {"==", compare_op::eq}, {"!=", compare_op::ne}, {"<", compare_op::lt},
        {"<=", compare_op::le}, {">", compare_op::gt},  {">=", compare_op::ge}};
    for (const auto& o : ops) {
        if (op == o.first) {
            return o.second;
        }
    }
    throw line_error("expected a comparison (==, !=, <, <=, >, >=) after '" + field + "', got '" +
                     op + "'");
}

// The names captured so far (by steps above): `$NAME` must be one of them.
using captured_names = std::set<std::string>;

expectation parse_expect(const command_spec& c, const step& st,
                         const std::vector<std::string>& tokens, const captured_names& names) {
    // expect FIELD OP VALUE [mask M]
    if (tokens.size() != 4 && tokens.size() != 6) {
        throw line_error("expected 'expect FIELD OP VALUE [mask M]', e.g. 'expect return == "
                         "STATUS_SUCCESS', 'expect data@0x04:2 == 0x0004 mask 0x0004' or "
                         "'expect data == $pf_class'");
    }
    expectation e;
    static_cast<field_ref&>(e) = parse_field(c, st, tokens[1]);
    e.op = parse_op(tokens[1], tokens[2]);
    if (tokens[3].size() > 1 && tokens[3][0] == '$') {
        e.expected_name = capture_name(tokens[3].substr(1));
        if (names.count(e.expected_name) == 0) {
            throw line_error("unknown captured value '" + tokens[3] +
                             "': no step above captures it ('... as " + e.expected_name +
                             "' or 'capture FIELD as " + e.expected_name + "')");
        }
    } else {
        e.expected = parse_integer(tokens[3], "an expected value (or $NAME, a captured value)");
    }
    if (tokens.size() == 6) {
        if (tokens[4] != "mask") {
            throw line_error("expected 'mask M' after the value, got '" + tokens[4] + "'");
        }
        e.mask = parse_integer(tokens[5], "a mask");
    }
    return e;
}

// capture FIELD as NAME
capture parse_capture(const command_spec& c, const step& st,
                      const std::vector<std::string>& tokens) {
    if (tokens.size() != 4 || tokens[2] != "as") {
        throw line_error("expected 'capture FIELD as NAME', e.g. 'capture FunctionNumber as "
                         "vf0_function' or 'capture data@0x08:4 as vf_class'");
    }
    capture k;
    static_cast<field_ref&>(k) = parse_field(c, st, tokens[1]);
    k.name = capture_name(tokens[3]);
    return k;
}

// Settings in ps; the device counts its ready windows in whole ns.
using time_setting = std::optional<uint64_t> platform_settings::*;
struct platform_time {
    const char* name;
    time_setting field;
    bool whole_ns;
};
const platform_time platform_times[] = {
    {"vf_enable_wait", &platform_settings::vf_enable_wait_ps, false},
    {"flr_wait", &platform_settings::flr_wait_ps, false},
    {"reset_ready", &platform_settings::reset_ready_ps, true},
    {"vf_enable_ready", &platform_settings::vf_enable_ready_ps, true},
    {"flr_ready", &platform_settings::flr_ready_ps, true},
    {"completion_timeout", &platform_settings::completion_timeout_ps, false},
    {"crs_retry_interval", &platform_settings::crs_retry_interval_ps, false},
};

void apply_platform_times(platform_settings& ps, const step& st) {
    for (const platform_time& t : platform_times) {
        auto it = st.args.find(t.name);
        if (it == st.args.end()) {
            continue;
        }
        if (t.whole_ns && it->second.number % 1000 != 0) {
            throw line_error(fmt::format("platform {}: {} is not a whole number of ns (the "
                                         "device counts its ready windows in ns)",
                                         t.name, it->second.text));
        }
        ps.*t.field = it->second.number;
    }
}

// device=FILE, or its older spelling profile=FILE (one of them).
void apply_platform_device(platform_settings& ps, const step& st) {
    const auto device = st.args.find("device");
    const auto profile = st.args.find("profile");
    if (device != st.args.end() && profile != st.args.end()) {
        throw line_error("platform: device= and profile= both name the device description; "
                         "give one");
    }
    for (const auto& it : {device, profile}) {
        if (it != st.args.end()) {
            ps.device = it->second.text;
        }
    }
}

// Ranges are the command table's; what is left are sets and words.
void apply_platform(platform_settings& ps, const step& st) {
    auto num = [&](const char* k) -> std::optional<uint64_t> {
        auto it = st.args.find(k);
        if (it == st.args.end()) {
            return std::nullopt;
        }
        return it->second.number;
    };
    apply_platform_device(ps, st);
    if (auto it = st.args.find("mode"); it != st.args.end()) {
        if (it->second.text != "lt" && it->second.text != "at") {
            throw line_error("platform mode: expected lt or at, got '" + it->second.text + "'");
        }
        ps.mode = it->second.text;
    }
    if (auto v = num("gen"); v && *v != 0) {
        ps.gen = static_cast<unsigned>(*v);
    }
    if (auto v = num("lanes"); v && *v != 0) {
        static const uint64_t ok[] = {1, 2, 4, 8, 12, 16, 32};
        if (std::find(std::begin(ok), std::end(ok), *v) == std::end(ok)) {
            throw line_error(
                fmt::format("platform lanes: expected 1, 2, 4, 8, 12, 16 or 32, got {}", *v));
        }
        ps.lanes = static_cast<unsigned>(*v);
    }
    apply_platform_times(ps, st);
    if (auto v = num("crs_retry_limit"))
        ps.crs_retry_limit = static_cast<unsigned>(*v);
    if (auto v = num("crs_sv"))
        ps.crs_software_visibility = *v != 0;
}

// The waits so far are simulated time the scenario takes at least: together
// they must end before SystemC's last instant, or the kernel's time wraps.
void add_wait(uint64_t& waited_ps, const step& st) {
    const value& t = st.args.at("time");
    const value_range left{0, last_time_ps() - waited_ps, nullptr, range_style::picoseconds};
    if (t.number > left.max) {
        throw line_error(fmt::format("wait time: {} is out of range {}: the waits before it take "
                                     "{} ps of SystemC's {} ps",
                                     t.text, to_string(left), waited_ps, last_time_ps()));
    }
    waited_ps += t.number;
}

// The scenario file's text; a file the limits refuse is an error at line 0.
std::string scenario_text(const std::string& path) {
    try {
        return text::read_input_file(path);
    } catch (const text::input_file_error& e) {
        throw parse_error(fmt::format("{}:0: cannot read the scenario file: {}", path, e.reason()));
    }
}

// Builds the scenario line by line.
class scenario_builder {
public:
    explicit scenario_builder(const std::string& source) { sc_.source = source; }

    void add_line(const std::string& line, unsigned lineno);
    bool wants_title() const { return sc_.title.empty() && sc_.steps.empty(); }
    void set_title(std::string title) { sc_.title = std::move(title); }
    scenario finish(unsigned last_line);

private:
    // The step lines below attach to.
    step& previous(const char* what) {
        if (sc_.steps.empty()) {
            throw line_error(std::string("'") + what + "' must follow the step it checks");
        }
        return sc_.steps.back();
    }
    void add_step(std::vector<std::string> tokens, const std::string& line, unsigned lineno);
    void add_capture(step& st, capture k, const std::string& line, unsigned lineno) {
        k.line = lineno;
        k.text = line;
        names_.insert(k.name);
        st.captures.push_back(std::move(k));
    }

    scenario sc_;
    captured_names names_;
    bool seen_step_ = false;
    uint64_t waited_ps_ = 0;
};

void scenario_builder::add_line(const std::string& line, unsigned lineno) {
    const auto tokens = text::split_words(line);
    if (tokens[0] == "expect") {
        step& prev = previous("expect");
        expectation e = parse_expect(find_command(prev.id), prev, tokens, names_);
        e.line = lineno;
        e.text = line;
        prev.expects.push_back(e);
    } else if (tokens[0] == "capture") {
        step& prev = previous("capture");
        add_capture(prev, parse_capture(find_command(prev.id), prev, tokens), line, lineno);
    } else {
        add_step(tokens, line, lineno);
    }
}

// COMMAND ARGS [as NAME]: `as NAME` captures the step's data.
void scenario_builder::add_step(std::vector<std::string> tokens, const std::string& line,
                                unsigned lineno) {
    const command_spec* c = find_command(tokens[0]);
    if (c == nullptr) {
        throw line_error("unknown command '" + tokens[0] + "'" + near_command(tokens[0]));
    }
    std::optional<std::string> as;
    if (c->id != command_id::echo && tokens.size() >= 3 && tokens[tokens.size() - 2] == "as") {
        as = capture_name(tokens.back());
        tokens.resize(tokens.size() - 2);
    }
    const std::string rest = text::trim(line.substr(tokens[0].size()));
    step st = parse_step(*c, tokens, rest);
    st.line = lineno;
    st.text = line;
    if (std::string(c->family) == "header") {
        if (seen_step_ || as) {
            throw line_error(seen_step_ ? "'platform' must come before the first step"
                                        : "'platform' reads nothing to capture");
        }
        apply_platform(sc_.platform, st);
        return;
    }
    seen_step_ = true;
    if (st.id == command_id::wait) {
        add_wait(waited_ps_, st);
    }
    if (as) {
        capture k;
        static_cast<field_ref&>(k) = parse_field(*c, st, "data");
        k.name = *as;
        add_capture(st, std::move(k), line, lineno);
    }
    sc_.steps.push_back(std::move(st));
}

scenario scenario_builder::finish(unsigned last_line) {
    if (sc_.steps.empty()) {
        throw parse_error(sc_.source + ":" + std::to_string(last_line) +
                          ": the scenario has no steps");
    }
    return std::move(sc_);
}

} // namespace

scenario parse(std::istream& in, const std::string& source) {
    scenario_builder builder(source);
    std::string raw;
    unsigned lineno = 0;
    while (std::getline(in, raw)) {
        ++lineno;
        std::string line = raw;
        const auto hash = line.find('#');
        if (hash != std::string::npos) {
            if (builder.wants_title() && text::trim(line.substr(0, hash)).empty()) {
                builder.set_title(text::trim(line.substr(hash + 1)));
            }
            line.resize(hash);
        }
        line = text::trim(line);
        if (line.empty()) {
            continue;
        }
        try {
            builder.add_line(line, lineno);
        } catch (const line_error& e) {
            throw parse_error(source + ":" + std::to_string(lineno) + ": " + e.message);
        }
    }
    return builder.finish(lineno);
}

scenario load(const std::string& path) {
    std::istringstream in(scenario_text(path));
    return parse(in, path);
}

} // namespace sriov::scenario

// Scenario parser: one command per line, `key=value` or positional arguments,
// `expect` lines attach to the step above. Every error names file:line.
#include "sriov/scenario/scenario.h"

#include "sriov/text/boolean.h"
#include "sriov/text/input_file.h"
#include "sriov/text/lex_error.h"
#include "sriov/text/routing_id.h"
#include "sriov/text/time_literal.h"
#include "sriov/text/unsigned_number.h"
#include "sriov/text/words.h"

#include <fmt/format.h>

#include <algorithm>
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

std::optional<uint64_t> parse_number(const std::string& s) {
    try {
        return text::parse_unsigned(s, scenario_numbers);
    } catch (const text::lex_error&) {
        return std::nullopt;
    }
}

uint64_t parse_integer(const std::string& s, const char* what) {
    if (auto n = parse_number(s)) {
        return *n;
    }
    if (auto sym = symbol_value(s)) {
        return *sym;
    }
    throw line_error(std::string("expected ") + what +
                     " (a number like 42, 0x2A, 0b101, or a name like STATUS_SUCCESS), got '" + s +
                     "'");
}

uint64_t parse_time_ps(const std::string& s) {
    try {
        return text::parse_time_ps(s, text::time_unit::ns); // a bare number is ns
    } catch (const text::lex_error& e) {
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

function_ref parse_function(const std::string& s) {
    function_ref f;
    if (s == "pf") {
        return f;
    }
    try {
        if (s.size() > 2 && s.compare(0, 2, "vf") == 0) {
            f.type = function_ref::kind::vf;
            f.index =
                static_cast<uint16_t>(text::parse_unsigned(s.substr(2), scenario_numbers, 0xFFFF));
            return f;
        }
        f.type = function_ref::kind::rid;
        f.index = text::parse_routing_id(s, scenario_numbers);
        return f;
    } catch (const text::lex_error&) {
        throw line_error("expected a function: pf, vf<k> (vf0, vf3, ...), bb:dd.f or a routing ID "
                         "like 0x0180, got '" +
                         s + "'");
    }
}

value parse_value(const param_spec& p, const std::string& s) {
    value v;
    v.kind = p.kind;
    v.text = s;
    const std::string what = std::string("a number for ") + p.name;
    switch (p.kind) {
    case value_kind::integer:
        v.number = parse_integer(s, what.c_str());
        break;
    case value_kind::boolean:
        v.number = parse_bool(s) ? 1 : 0;
        break;
    case value_kind::time:
        v.number = parse_time_ps(s);
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
    return st;
}

// Offset/length of a reading step's data, when known.
void data_window(const step& st, uint64_t& off, uint64_t& len) {
    for (const char* k : {"offset", "Offset"}) {
        if (auto it = st.args.find(k); it != st.args.end()) {
            off = it->second.number;
        }
    }
    for (const char* k : {"length", "Length"}) {
        if (auto it = st.args.find(k); it != st.args.end()) {
            len = it->second.number;
        }
    }
}

expectation parse_expect(const command_spec& c, const step& st,
                         const std::vector<std::string>& tokens) {
    // expect FIELD OP VALUE [mask M]
    if (tokens.size() != 4 && tokens.size() != 6) {
        throw line_error("expected 'expect FIELD OP VALUE [mask M]', e.g. 'expect return == "
                         "STATUS_SUCCESS' or 'expect data@0x04:2 == 0x0004 mask 0x0004'");
    }
    expectation e;
    e.field = tokens[1];
    const std::string op = tokens[2];
    static const std::pair<const char*, compare_op> ops[] = {
        {"==", compare_op::eq}, {"!=", compare_op::ne}, {"<", compare_op::lt},
        {"<=", compare_op::le}, {">", compare_op::gt},  {">=", compare_op::ge}};
    bool found = false;
    for (const auto& o : ops) {
        if (op == o.first) {
            e.op = o.second;
            found = true;
        }
    }
    if (!found) {
        throw line_error("expected a comparison (==, !=, <, <=, >, >=) after '" + e.field +
                         "', got '" + op + "'");
    }
    uint64_t off = 0, len = 0;
    data_window(st, off, len);
    if (e.field.compare(0, 5, "data@") == 0) {
        if (!c.reads_data) {
            throw line_error(std::string(c.name) + " reads no data; its fields: " + field_list(c));
        }
        const std::string spec = e.field.substr(5);
        const auto colon = spec.find(':');
        auto o = parse_number(spec.substr(0, colon));
        auto l = colon == std::string::npos ? std::optional<uint64_t>(4)
                                            : parse_number(spec.substr(colon + 1));
        if (!o || !l || *l < 1 || *l > 8) {
            throw line_error("expected data@OFFSET:LENGTH with LENGTH 1..8, e.g. data@0x2C:2, "
                             "got '" +
                             e.field + "'");
        }
        if (*o < off || *o + *l > off + len) {
            throw line_error(
                fmt::format("{} is outside the bytes this step reads (offset 0x{:X}, {} bytes)",
                            e.field, off, len));
        }
        e.data_slice = true;
        e.slice_offset = static_cast<uint16_t>(*o);
        e.slice_length = static_cast<unsigned>(*l);
        e.field = "data";
    } else if (e.field == "data") {
        if (!c.reads_data) {
            throw line_error(std::string(c.name) + " reads no data; its fields: " + field_list(c));
        }
        if (len > 8) {
            throw line_error("'data' compares up to 8 bytes as one number; this step reads " +
                             std::to_string(len) + ": use data@OFF:LEN");
        }
    } else if (std::find_if(c.fields.begin(), c.fields.end(),
                            [&](const char* f) { return e.field == f; }) == c.fields.end()) {
        throw line_error("unknown field '" + e.field + "' for " + c.name +
                         "; its fields: " + field_list(c));
    }
    e.expected = parse_integer(tokens[3], "an expected value");
    if (tokens.size() == 6) {
        if (tokens[4] != "mask") {
            throw line_error("expected 'mask M' after the value, got '" + tokens[4] + "'");
        }
        e.mask = parse_integer(tokens[5], "a mask");
    }
    return e;
}

void apply_platform(platform_settings& ps, const step& st) {
    auto num = [&](const char* k) -> std::optional<uint64_t> {
        auto it = st.args.find(k);
        if (it == st.args.end()) {
            return std::nullopt;
        }
        return it->second.number;
    };
    if (auto it = st.args.find("profile"); it != st.args.end()) {
        ps.profile = it->second.text;
    }
    if (auto it = st.args.find("mode"); it != st.args.end()) {
        if (it->second.text != "lt" && it->second.text != "at") {
            throw line_error("platform mode: expected lt or at, got '" + it->second.text + "'");
        }
        ps.mode = it->second.text;
    }
    if (auto v = num("gen"); v && *v != 0) {
        if (*v < 1 || *v > 6) {
            throw line_error("platform gen: expected 1..6");
        }
        ps.gen = static_cast<unsigned>(*v);
    }
    if (auto v = num("lanes"); v && *v != 0) {
        static const uint64_t ok[] = {1, 2, 4, 8, 12, 16, 32};
        if (std::find(std::begin(ok), std::end(ok), *v) == std::end(ok)) {
            throw line_error("platform lanes: expected 1, 2, 4, 8, 12, 16 or 32");
        }
        ps.lanes = static_cast<unsigned>(*v);
    }
    if (auto v = num("vf_enable_wait"))
        ps.vf_enable_wait_ps = v;
    if (auto v = num("flr_wait"))
        ps.flr_wait_ps = v;
    if (auto v = num("reset_ready"))
        ps.reset_ready_ps = v;
    if (auto v = num("vf_enable_ready"))
        ps.vf_enable_ready_ps = v;
    if (auto v = num("flr_ready"))
        ps.flr_ready_ps = v;
    if (auto v = num("completion_timeout"))
        ps.completion_timeout_ps = v;
    if (auto v = num("crs_retry_interval"))
        ps.crs_retry_interval_ps = v;
    if (auto v = num("crs_retry_limit"))
        ps.crs_retry_limit = static_cast<unsigned>(*v);
    if (auto v = num("crs_sv"))
        ps.crs_software_visibility = *v != 0;
}

} // namespace

scenario parse(std::istream& in, const std::string& source) {
    scenario sc;
    sc.source = source;
    std::string raw;
    unsigned lineno = 0;
    bool seen_step = false;
    while (std::getline(in, raw)) {
        ++lineno;
        std::string line = raw;
        const auto hash = line.find('#');
        if (hash != std::string::npos) {
            if (sc.title.empty() && !seen_step && sc.steps.empty() &&
                text::trim(line.substr(0, hash)).empty()) {
                sc.title = text::trim(line.substr(hash + 1));
            }
            line.resize(hash);
        }
        line = text::trim(line);
        if (line.empty()) {
            continue;
        }
        try {
            const auto tokens = text::split_words(line);
            if (tokens[0] == "expect") {
                if (sc.steps.empty()) {
                    throw line_error("'expect' must follow the step it checks");
                }
                step& prev = sc.steps.back();
                const command_spec* c = find_command(prev.command);
                expectation e = parse_expect(*c, prev, tokens);
                e.line = lineno;
                e.text = line;
                prev.expects.push_back(e);
                continue;
            }
            const command_spec* c = find_command(tokens[0]);
            if (c == nullptr) {
                throw line_error("unknown command '" + tokens[0] + "'" + near_command(tokens[0]));
            }
            const std::string rest = text::trim(line.substr(tokens[0].size()));
            step st = parse_step(*c, tokens, rest);
            st.line = lineno;
            st.text = line;
            if (std::string(c->family) == "header") {
                if (seen_step) {
                    throw line_error("'platform' must come before the first step");
                }
                apply_platform(sc.platform, st);
                continue;
            }
            seen_step = true;
            sc.steps.push_back(std::move(st));
        } catch (const line_error& e) {
            throw parse_error(source + ":" + std::to_string(lineno) + ": " + e.message);
        }
    }
    if (sc.steps.empty()) {
        throw parse_error(source + ":" + std::to_string(lineno) + ": the scenario has no steps");
    }
    return sc;
}

scenario load(const std::string& path) {
    std::string contents;
    try {
        contents = text::read_input_file(path);
    } catch (const text::input_file_error& e) {
        throw parse_error(fmt::format("{}:0: cannot read the scenario file: {}", path, e.reason()));
    }
    std::istringstream in(contents);
    return parse(in, path);
}

} // namespace sriov::scenario

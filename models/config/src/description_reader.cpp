#include "description_reader.h"

#include "sriov/text/lex_error.h"
#include "sriov/text/routing_id.h"
#include "sriov/text/time_literal.h"
#include "sriov/text/unsigned_number.h"
#include "sriov/text/words.h"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>
#include <vector>

namespace sriov::config::description {

namespace {

// Sizes: an integer of bytes, or a string with a binary unit.
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

// Values are quoted as written, up to this many characters.
constexpr size_t max_value_text = 60;

const char* type_name(toml::node_type t) {
    switch (t) {
    case toml::node_type::table:
        return "a table";
    case toml::node_type::array:
        return "an array";
    case toml::node_type::string:
        return "a string";
    case toml::node_type::integer:
        return "an integer";
    case toml::node_type::floating_point:
        return "a float";
    case toml::node_type::boolean:
        return "a boolean";
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time:
        return "a date or time";
    case toml::node_type::none:
        break;
    }
    return "nothing";
}

[[noreturn]] void wrong_type(const reader& r, const toml::node& n, const std::string& path,
                             const char* expected) {
    r.fail(n, path, fmt::format("expected {}, got {}", expected, type_name(n.type())));
}

// Levenshtein distance, for "did you mean".
size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string suggestion(std::string_view key, std::initializer_list<std::string_view> known) {
    std::string_view best;
    size_t best_distance = std::max<size_t>(2, key.size() / 3) + 1;
    for (std::string_view k : known) {
        const size_t d = edit_distance(text::to_lower(key), k);
        if (d < best_distance) {
            best = k;
            best_distance = d;
        }
    }
    return best.empty() ? "" : fmt::format(" (did you mean {}?)", best);
}

std::string known_list(std::initializer_list<std::string_view> known) {
    std::string s;
    for (std::string_view k : known) {
        s += (s.empty() ? "" : ", ") + std::string(k);
    }
    return s;
}

} // namespace

std::string table_ref::key_path(std::string_view key) const {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string value_text(const toml::node& n) {
    std::ostringstream os;
    n.visit([&](const auto& v) { os << v; });
    std::string s = os.str();
    std::replace(s.begin(), s.end(), '\n', ' ');
    if (s.size() > max_value_text) {
        s = s.substr(0, max_value_text - 3) + "...";
    }
    return s;
}

std::string reader::where(const toml::source_region& at) const {
    return fmt::format("{}:{}:{}: ", source_, at.begin.line, at.begin.column);
}

void reader::fail(const toml::node& node, const std::string& path,
                  const std::string& reason) const {
    throw profile_error(
        fmt::format("{}{} = {}: {}", where(node.source()), path, value_text(node), reason));
}

void reader::only_keys(const table_ref& t, std::initializer_list<std::string_view> known) const {
    for (const auto& [key, node] : t.table) {
        (void)node;
        if (std::find(known.begin(), known.end(), key.str()) == known.end()) {
            throw profile_error(fmt::format("{}{}: unknown key{}; {} has: {}", where(key.source()),
                                            t.key_path(key.str()), suggestion(key.str(), known),
                                            t.path.empty() ? "the top level" : t.path,
                                            known_list(known)));
        }
    }
}

const toml::node* reader::find(const table_ref& t, std::string_view key, bool required) {
    const toml::node* n = t.table.get(key);
    if (n == nullptr) {
        if (required && t.path.empty()) {
            throw profile_error(fmt::format("{}: missing table [{}] (required)", source_, key));
        }
        if (required) {
            throw profile_error(fmt::format("{}{}: missing key {} (required)",
                                            where(t.table.source()), t.path, key));
        }
        return nullptr;
    }
    read_[t.key_path(key)] = n;
    return n;
}

std::optional<table_ref> reader::table(const table_ref& t, std::string_view key, bool required) {
    const toml::node* n = find(t, key, required);
    if (n == nullptr) {
        return std::nullopt;
    }
    if (!n->is_table()) {
        wrong_type(*this, *n, t.key_path(key), "a table");
    }
    return table_ref{*n->as_table(), t.key_path(key)};
}

uint64_t reader::integer_in(const toml::node& n, const std::string& path, uint64_t min,
                            uint64_t max) const {
    const auto* v = n.as_integer();
    if (v == nullptr) {
        wrong_type(*this, n, path, "an integer");
    }
    const int64_t i = v->get();
    if (i < 0 || static_cast<uint64_t>(i) < min || static_cast<uint64_t>(i) > max) {
        fail(n, path,
             max > 0xFF ? fmt::format("out of range {}..0x{:X}", min, max)
                        : fmt::format("out of range {}..{}", min, max));
    }
    return static_cast<uint64_t>(i);
}

void reader::boolean(const table_ref& t, std::string_view key, bool& out) {
    if (const toml::node* n = find(t, key)) {
        const auto* v = n->as_boolean();
        if (v == nullptr) {
            wrong_type(*this, *n, t.key_path(key), "true or false");
        }
        out = v->get();
    }
}

std::optional<std::string> reader::string(const table_ref& t, std::string_view key, bool required) {
    const toml::node* n = find(t, key, required);
    if (n == nullptr) {
        return std::nullopt;
    }
    const auto* v = n->as_string();
    if (v == nullptr) {
        wrong_type(*this, *n, t.key_path(key), "a string");
    }
    return v->get();
}

void reader::time_ns(const table_ref& t, std::string_view key, uint64_t& out) {
    const std::optional<std::string> s = string(t, key);
    if (!s) {
        return;
    }
    const toml::node& n = *t.table.get(key);
    const std::string written = text::trim(*s);
    if (written.empty() || written.back() != 's') {
        fail(n, t.key_path(key), "a time needs a unit: ps, ns, us, ms or s (\"100ms\")");
    }
    uint64_t ps = 0;
    try {
        ps = text::parse_time_ps(written, text::time_unit::ns);
    } catch (const text::lex_error& e) {
        fail(n, t.key_path(key), e.what());
    }
    if (ps % 1000 != 0) {
        fail(n, t.key_path(key), "not a whole number of nanoseconds (the device counts in ns)");
    }
    out = ps / 1000;
}

template <typename Lex>
std::optional<uint64_t> reader::integer_or_text(const table_ref& t, std::string_view key,
                                                bool required, uint64_t max, const char* expected,
                                                Lex lex) {
    const toml::node* n = find(t, key, required);
    if (n == nullptr) {
        return std::nullopt;
    }
    if (n->is_integer()) {
        return integer_in(*n, t.key_path(key), 0, max);
    }
    if (!n->is_string()) {
        wrong_type(*this, *n, t.key_path(key), expected);
    }
    try {
        return lex(n->as_string()->get());
    } catch (const text::lex_error& e) {
        fail(*n, t.key_path(key), e.what());
    }
}

void reader::routing_id(const table_ref& t, std::string_view key, uint16_t& out) {
    if (const auto v =
            integer_or_text(t, key, false, 0xFFFF, "a routing ID \"bb:dd.f\" or an integer",
                            [](std::string_view s) { return text::parse_routing_id(s); })) {
        out = static_cast<uint16_t>(*v);
    }
}

std::optional<uint64_t> reader::size(const table_ref& t, std::string_view key, bool required) {
    return integer_or_text(t, key, required, std::numeric_limits<int64_t>::max(),
                           "a size (an integer, or a string like \"16K\")",
                           [](std::string_view s) { return text::parse_unsigned(s, sizes); });
}

void reader::wide_integer(const table_ref& t, std::string_view key, uint64_t& out) {
    if (const auto v =
            integer_or_text(t, key, false, std::numeric_limits<int64_t>::max(),
                            "an integer, or a string like \"0xFFFF_FFFF\"",
                            [](std::string_view s) { return text::parse_unsigned(s); })) {
        out = *v;
    }
}

void reader::bytes(const table_ref& t, std::string_view key, std::vector<uint8_t>& out) {
    const toml::node* n = find(t, key);
    if (n == nullptr) {
        return;
    }
    const toml::array* a = n->as_array();
    if (a == nullptr) {
        wrong_type(*this, *n, t.key_path(key), "an array of bytes");
    }
    out.clear();
    for (size_t i = 0; i < a->size(); ++i) {
        const std::string path = fmt::format("{}[{}]", t.key_path(key), i);
        out.push_back(static_cast<uint8_t>(integer_in(*a->get(i), path, 0, 0xFF)));
    }
}

std::optional<std::vector<table_ref>> reader::array_of_tables(const table_ref& t,
                                                              std::string_view key) {
    const toml::node* n = find(t, key);
    if (n == nullptr) {
        return std::nullopt;
    }
    if (!n->is_array_of_tables()) {
        wrong_type(*this, *n, t.key_path(key), "an array of tables ([[...]])");
    }
    std::vector<table_ref> out;
    const toml::array& a = *n->as_array();
    for (size_t i = 0; i < a.size(); ++i) {
        out.push_back({*a.get(i)->as_table(), fmt::format("{}[{}]", t.key_path(key), i)});
        read_[out.back().path] = a.get(i);
    }
    return out;
}

std::optional<size_t> reader::choice(const table_ref& t, std::string_view key,
                                     std::initializer_list<std::string_view> choices,
                                     bool required) {
    const std::optional<std::string> s = string(t, key, required);
    if (!s) {
        return std::nullopt;
    }
    const auto it = std::find(choices.begin(), choices.end(), *s);
    if (it == choices.end()) {
        fail(*t.table.get(key), t.key_path(key), "expected one of " + known_list(choices));
    }
    return static_cast<size_t>(it - choices.begin());
}

std::string reader::key_path_of(const std::string& name) const {
    const auto it = aliases_.find(name);
    return it == aliases_.end() ? name : it->second;
}

const toml::node* reader::node_at(const std::string& name) const {
    const auto it = read_.find(key_path_of(name));
    return it == read_.end() ? nullptr : it->second;
}

} // namespace sriov::config::description

#include "sriov/scenario/expectations.h"

#include "sriov/scenario/access_fields.h"

#include <algorithm>
#include <fmt/format.h>
#include <iterator>

namespace sriov::scenario {

namespace {

// Fields that are counts (or flags): shown in decimal, everything else in hex.
bool is_count_field(const std::string& field) {
    static const char* const counts[] = {
        "tlps",       "crs_retries", "dws_written",  "dws_completed",
        "latency_ns", "bytes",       "bytes_needed", "config_accesses",
        "num_vfs",    "total_vfs",   "refused",      "exists",
        "ok"};
    return std::find(std::begin(counts), std::end(counts), field) != std::end(counts);
}

std::string show(const std::string& field, uint64_t v, const step_outcome& o) {
    if (field == "return" && o.describe_return) {
        return o.describe_return(v);
    }
    if (field == "status") {
        return status_field_name(v);
    }
    if (field == "response") {
        return response_field_name(v);
    }
    if (is_count_field(field)) {
        return std::to_string(v);
    }
    return fmt::format("0x{:X}", v);
}

// The bytes the expectation looks at as one little-endian number, if the step
// returned them.
std::optional<uint64_t> data_value(const field_ref& e, const step_outcome& o) {
    if (!o.data) {
        return std::nullopt;
    }
    const data_window& w = *o.data;
    const uint64_t from = e.data_slice ? e.slice_offset : w.offset;
    const uint64_t n = e.data_slice ? e.slice_length : w.bytes.size();
    if (from < w.offset || from + n > w.offset + w.bytes.size()) {
        return std::nullopt;
    }
    uint64_t v = 0;
    for (uint64_t i = 0; i < n; ++i) {
        v |= static_cast<uint64_t>(w.bytes[from - w.offset + i]) << (8 * i);
    }
    return v;
}

bool compare(compare_op op, uint64_t a, uint64_t x) {
    switch (op) {
    case compare_op::eq:
        return a == x;
    case compare_op::ne:
        return a != x;
    case compare_op::lt:
        return a < x;
    case compare_op::le:
        return a <= x;
    case compare_op::gt:
        return a > x;
    case compare_op::ge:
        return a >= x;
    }
    return false;
}

// The expected value as the message shows it: $NAME with its value, if it has one.
std::string shown_expected(const expectation& e, std::optional<uint64_t> expected,
                           const step_outcome& o) {
    if (e.expected_name.empty()) {
        return show(e.field, e.expected, o);
    }
    return expected ? fmt::format("${} ({})", e.expected_name, show(e.field, *expected, o))
                    : fmt::format("${} (no value: its capture found nothing)", e.expected_name);
}

std::string failure_message(const expectation& e, const step_outcome& o, const step_identity& s,
                            std::optional<uint64_t> actual, std::optional<uint64_t> expected) {
    const uint64_t mask = e.mask.value_or(~uint64_t{0});
    std::string msg =
        fmt::format("{}:{}: step {} ({} {}, line {}): expectation failed: {}\n    expected: {} {}",
                    s.source, e.line, s.index, s.call, s.arguments, s.line, e.text, to_string(e.op),
                    shown_expected(e, expected, o));
    if (e.mask) {
        msg += fmt::format(" (mask 0x{:X})", *e.mask);
    }
    msg += "\n    actual:   ";
    if (!actual) {
        msg += e.field == "data" && o.data
                   ? fmt::format("not available (outside the bytes the step read: offset 0x{:X}, "
                                 "{} bytes)",
                                 o.data->offset, o.data->bytes.size())
                   : "not available (the call returned no data)";
    } else {
        msg += show(e.field, *actual, o);
        if (e.mask) {
            msg += " (masked " + show(e.field, *actual & mask, o) + ")";
        }
    }
    if (!s.reason.empty()) {
        msg += "\n    reason:   " + s.reason;
    }
    return msg;
}

} // namespace

const char* to_string(compare_op op) {
    switch (op) {
    case compare_op::eq:
        return "==";
    case compare_op::ne:
        return "!=";
    case compare_op::lt:
        return "<";
    case compare_op::le:
        return "<=";
    case compare_op::gt:
        return ">";
    case compare_op::ge:
        return ">=";
    }
    return "?";
}

std::optional<uint64_t> field_value(const field_ref& f, const step_outcome& outcome) {
    if (f.field == "data") {
        return data_value(f, outcome);
    }
    if (auto it = outcome.fields.find(f.field); it != outcome.fields.end()) {
        return it->second;
    }
    return std::nullopt;
}

expectation_verdict evaluate(const expectation& e, const step_outcome& outcome,
                             const step_identity& step, const captured_values& captured) {
    const std::optional<uint64_t> actual = field_value(e, outcome);
    const auto named = e.expected_name.empty() ? captured.end() : captured.find(e.expected_name);
    const bool has_expected = e.expected_name.empty() || named != captured.end();
    const uint64_t expected = named != captured.end() ? named->second : e.expected;
    const uint64_t mask = e.mask.value_or(~uint64_t{0});
    if (actual && has_expected && compare(e.op, *actual & mask, expected & mask)) {
        return {true, ""};
    }
    return {false,
            failure_message(e, outcome, step, actual,
                            has_expected ? std::optional<uint64_t>(expected) : std::nullopt)};
}

std::vector<std::string> failed_expectations(const std::vector<expectation>& expects,
                                             const step_outcome& outcome, const step_identity& step,
                                             const captured_values& captured) {
    std::vector<std::string> failures;
    for (const expectation& e : expects) {
        expectation_verdict v = evaluate(e, outcome, step, captured);
        if (!v.passed) {
            failures.push_back(std::move(v.message));
        }
    }
    return failures;
}

} // namespace sriov::scenario

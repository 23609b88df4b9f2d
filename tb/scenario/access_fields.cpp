#include "sriov/scenario/access_fields.h"

#include "sriov/pcie/access.h"

#include <fmt/format.h>

namespace sriov::scenario {

namespace {

struct named_value {
    const char* name;
    uint64_t value;
};

constexpr uint64_t code(completion_status s) {
    return static_cast<uint64_t>(s);
}

constexpr named_value status_names[] = {
    {"SC", code(completion_status::successful)},
    {"UR", code(completion_status::unsupported_request)},
    {"CRS", code(completion_status::config_request_retry)},
    {"CA", code(completion_status::completer_abort)},
    {"timeout", access_status::timeout},
    {"none", access_status::none},
};

constexpr uint64_t code(access_response r) {
    return static_cast<uint64_t>(r);
}

constexpr named_value response_names[] = {
    {"ok", code(access_response::ok)},
    {"address_error", code(access_response::address_error)},
    {"command_error", code(access_response::command_error)},
    {"generic_error", code(access_response::generic_error)},
};

template <size_t N>
std::string name_of(const named_value (&table)[N], uint64_t value) {
    for (const named_value& n : table) {
        if (n.value == value) {
            return n.name;
        }
    }
    return fmt::format("0x{:X}", value);
}

template <size_t N>
std::optional<uint64_t> value_of(const named_value (&table)[N], const std::string& name) {
    for (const named_value& n : table) {
        if (name == n.name) {
            return n.value;
        }
    }
    return std::nullopt;
}

} // namespace

std::string status_field_name(uint64_t value) {
    return name_of(status_names, value);
}

std::string response_field_name(uint64_t value) {
    return name_of(response_names, value);
}

std::optional<uint64_t> access_field_value(const std::string& name) {
    if (auto v = value_of(status_names, name)) {
        return v;
    }
    return value_of(response_names, name);
}

} // namespace sriov::scenario

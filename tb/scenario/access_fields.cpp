#include "sriov/scenario/access_fields.h"

#include "sriov/pcie/access.h"

#include <fmt/format.h>

namespace sriov::scenario {

namespace {

// Which field a name belongs to.
enum class field : uint8_t { status, response };

struct named_value {
    field of;
    const char* name;
    uint64_t value;
};

template <class Code>
constexpr uint64_t code(Code c) {
    return static_cast<uint64_t>(c);
}

// The names are unique across both fields: a scenario value needs no field.
constexpr named_value names[] = {
    {field::status, "SC", code(completion_status::successful)},
    {field::status, "UR", code(completion_status::unsupported_request)},
    {field::status, "CRS", code(completion_status::config_request_retry)},
    {field::status, "CA", code(completion_status::completer_abort)},
    {field::status, "timeout", access_status::timeout},
    {field::status, "none", access_status::none},
    {field::response, "ok", code(access_response::ok)},
    {field::response, "address_error", code(access_response::address_error)},
    {field::response, "command_error", code(access_response::command_error)},
    {field::response, "generic_error", code(access_response::generic_error)},
};

std::string name_of(field f, uint64_t value) {
    for (const named_value& n : names) {
        if (n.of == f && n.value == value) {
            return n.name;
        }
    }
    return fmt::format("0x{:X}", value);
}

} // namespace

std::string status_field_name(uint64_t value) {
    return name_of(field::status, value);
}

std::string response_field_name(uint64_t value) {
    return name_of(field::response, value);
}

std::optional<uint64_t> access_field_value(const std::string& name) {
    for (const named_value& n : names) {
        if (name == n.name) {
            return n.value;
        }
    }
    return std::nullopt;
}

} // namespace sriov::scenario

#include "sriov/pcie/access.h"

#include <cstdio>

namespace sriov {

std::string to_string(routing_id rid) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02x:%02x.%x", rid.bus(), rid.device(), rid.function());
    return buf;
}

const char* to_string(completion_status s) {
    switch (s) {
    case completion_status::successful:
        return "SC";
    case completion_status::unsupported_request:
        return "UR";
    case completion_status::config_request_retry:
        return "CRS";
    case completion_status::completer_abort:
        return "CA";
    }
    return "?";
}

} // namespace sriov

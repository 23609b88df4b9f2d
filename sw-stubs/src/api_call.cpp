#include "sriov/sw_stubs/api_call.h"

#include "sriov/sw_stubs/status.h"

#include <cstdio>

namespace sriov::sw_stubs {

const char* to_string(api_family f) {
    switch (f) {
    case api_family::pci_virtualization:
        return "pci_virtualization";
    case api_family::ndis:
        return "ndis";
    case api_family::pcivirt:
        return "pcivirt";
    }
    return "?";
}

std::string format_arguments(const std::vector<api_argument>& args) {
    std::string out;
    char buf[40];
    for (const api_argument& a : args) {
        switch (a.format) {
        case api_argument::style::decimal:
            std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>(a.value));
            break;
        case api_argument::style::signed_decimal:
            std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(a.value));
            break;
        case api_argument::style::hex:
            std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(a.value));
            break;
        case api_argument::style::pointer:
            std::snprintf(buf, sizeof buf, "%p",
                          reinterpret_cast<void*>(static_cast<uintptr_t>(a.value)));
            break;
        }
        out += out.empty() ? "" : " ";
        out += a.name;
        out += '=';
        out += buf;
    }
    return out;
}

std::string result_text(result_kind kind, int64_t result) {
    switch (kind) {
    case result_kind::bytes:
        return std::to_string(result) + " bytes";
    case result_kind::ntstatus:
        return ntstatus_name(static_cast<int32_t>(result));
    case result_kind::ndis_status:
        return ndis_status_name(static_cast<int32_t>(result));
    case result_kind::none:
        break;
    }
    return "VOID";
}

} // namespace sriov::sw_stubs

#include "api_step.h"

#include "step_arguments.h"

#include "sriov/sw_stubs/status.h"

#include <algorithm>
#include <cstring>
#include <fmt/format.h>

namespace sriov::scenario {

namespace {

int foreign_target = 0; // the object of a pointer that is no stub's Context or handle

// The PF miniport's handle is a pointer that changes from run to run.
bool is_miniport_handle(const sw_stubs::api_argument& a) {
    return a.format == sw_stubs::api_argument::style::pointer &&
           std::strcmp(a.name, "NdisMiniportHandle") == 0;
}

std::string status_name(sw_stubs::api_family family, uint32_t value) {
    const auto status = static_cast<int32_t>(value);
    return family == sw_stubs::api_family::ndis ? sw_stubs::ndis_status_name(status)
                                                : sw_stubs::ntstatus_name(status);
}

// The interface `stub` fills in, as the driver that queried it holds it.
template <class Interface, class Stub>
Interface queried_interface(Stub& stub) {
    Interface i{};
    stub.fill_interface(i);
    return i;
}

} // namespace

PCI_VIRTUALIZATION_INTERFACE api_step::bus_interface() const {
    return queried_interface<PCI_VIRTUALIZATION_INTERFACE>(bench_.bus());
}

SRIOV_DEVICE_INTERFACE_STANDARD api_step::pcivirt_interface() const {
    return queried_interface<SRIOV_DEVICE_INTERFACE_STANDARD>(bench_.pcivirt());
}

api_step::api_step(const step& st, scenario_bench& bench, step_result& r,
                   sw_stubs::api_family family)
    : st_(st), bench_(bench), r_(r), family_(family),
      buf_(std::min<uint64_t>(std::max<uint64_t>(length(), 8), max_buffer), 0) {
    for (const char* name : {"Data", "Buffer"}) {
        auto it = st.args.find(name);
        if (it != st.args.end() && it->second.kind == value_kind::data && !it->second.is_null) {
            buf_ = data_bytes(it->second, buf_.size());
        }
    }
    bench_.api_calls.clear();
}

USHORT api_step::u16(const char* name) const {
    return arg_as<USHORT>(st_, name);
}

ULONG api_step::ul(const char* name) const {
    return arg_as<ULONG>(st_, name);
}

BOOLEAN api_step::flag(const char* name) const {
    return static_cast<BOOLEAN>(arg_number(st_, name) != 0);
}

const std::string& api_step::word(const char* name) const {
    return arg_text(st_, name);
}

uint64_t api_step::length() const {
    return arg_number(st_, "Length");
}

PVOID api_step::context(PVOID interface_context) const {
    return word("Context") == "bad" ? foreign_pointer() : interface_context;
}

PVOID api_step::foreign_pointer() {
    return &foreign_target;
}

uint8_t* api_step::buffer(const char* name) {
    auto it = st_.args.find(name);
    const bool null = it != st_.args.end() && (it->second.is_null || it->second.text == "null");
    return null ? nullptr : buf_.data();
}

void api_step::returned(uint32_t value) {
    return_value_ = value;
    set_field("return", value);
}

void api_step::returned_bytes(ULONG bytes) {
    set_field("bytes", bytes);
    returned(bytes);
}

void api_step::returned_bytes_read(ULONG bytes) {
    returned_bytes(bytes);
    read_back(bytes == length() && length() != 0);
}

void api_step::read_back(bool ok) {
    if (ok) {
        const auto n = std::min<uint64_t>(length(), buf_.size());
        const auto end = buf_.begin() + static_cast<std::ptrdiff_t>(n);
        r_.outcome.data =
            data_window{arg_number(st_, "Offset"), std::vector<uint8_t>(buf_.begin(), end)};
    }
}

void api_step::finish() {
    const auto& calls = bench_.api_calls.calls();
    if (!calls.empty()) {
        take_record(calls);
    } else if (return_value_) {
        refused_without_record(*return_value_);
    }
    const bool byte_count = r_.call && r_.call->kind == sw_stubs::result_kind::bytes;
    r_.outcome.describe_return = [family = family_, byte_count](uint64_t v) {
        return byte_count
                   ? fmt::format("{} (bytes)", v)
                   : fmt::format("{} (0x{:X})", status_name(family, static_cast<uint32_t>(v)), v);
    };
}

void api_step::take_record(const std::vector<sw_stubs::api_call_record>& calls) {
    const sw_stubs::api_call_record& c = calls.back();
    r_.call = c;
    r_.name = c.api;
    if (!arguments_as_written_) {
        r_.arguments = shown_arguments(c);
    }
    r_.has_result = true;
    r_.result = c.result;
    r_.result_kind = c.kind;
    r_.result_text = sw_stubs::result_text(c.kind, c.result);
    r_.refused = c.refused();
    r_.reason = c.reason;
    // A routine may make several calls (each logs one record): count them all.
    unsigned tlps = 0, accesses = 0, crs = 0;
    for (const auto& k : calls) {
        tlps += k.tlps;
        accesses += k.config_accesses;
        crs += k.crs_retries;
    }
    set_field("refused", c.refused() ? 1 : 0);
    set_field("tlps", tlps);
    set_field("config_accesses", accesses);
    set_field("crs_retries", crs);
    set_field("dws_written", c.dws_written_before_failure.size());
}

// A foreign Context or handle: the stub refused before it found its model, so
// there is no record, only the return value.
void api_step::refused_without_record(uint32_t value) {
    r_.has_result = true;
    r_.result = static_cast<int32_t>(value);
    r_.result_kind = family_ == sw_stubs::api_family::ndis ? sw_stubs::result_kind::ndis_status
                                                           : sw_stubs::result_kind::ntstatus;
    r_.result_text = status_name(family_, value);
    r_.refused = true;
    r_.reason = "Context/handle is not the stub's";
}

// The record's arguments with the scenario's name for the miniport handle,
// plus the data the step passes.
std::string api_step::shown_arguments(const sw_stubs::api_call_record& c) const {
    std::string shown;
    for (const sw_stubs::api_argument& a : c.arguments) {
        shown += shown.empty() ? "" : " ";
        shown += is_miniport_handle(a) ? fmt::format("{}={}", a.name, word("Handle"))
                                       : sw_stubs::format_arguments({a});
    }
    for (const char* name : {"Data", "Buffer"}) {
        auto it = st_.args.find(name);
        if (it != st_.args.end() && it->second.kind == value_kind::data) {
            shown += fmt::format(" {}={}", name, it->second.text);
        } else if (it != st_.args.end() && it->second.text == "null") {
            shown += fmt::format(" {}=NULL", name);
        }
    }
    if (word("Context") == "bad") {
        shown += " Context=bad";
    }
    return shown;
}

} // namespace sriov::scenario

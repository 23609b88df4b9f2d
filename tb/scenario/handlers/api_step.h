// The part every API step shares: the scenario's arguments as the routine's
// parameters, the buffer the routine reads or fills, and, once the routine
// returned, the step result built from the call record the stub logged.
#pragma once

#include "sriov/scenario/handler_table.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sriov::scenario {

class api_step {
public:
    // Buffers are capped: a bad-input Length must not allocate without bound.
    static constexpr uint64_t max_buffer = 1u << 20;

    api_step(const step& st, scenario_bench& bench, step_result& r, sw_stubs::api_family family);

    scenario_bench& bench() const { return bench_; }
    // The interface a driver's query returns: pci.sys's, the PF driver's.
    PCI_VIRTUALIZATION_INTERFACE bus_interface() const;
    SRIOV_DEVICE_INTERFACE_STANDARD pcivirt_interface() const;
    USHORT u16(const char* name) const;
    ULONG ul(const char* name) const;
    BOOLEAN flag(const char* name) const;
    const std::string& word(const char* name) const;
    uint64_t length() const; // the Length argument

    // The Context to pass: the interface's, or one that is no stub's (Context=bad).
    PVOID context(PVOID interface_context) const;
    // A pointer no stub handed out (Context=bad, Handle=bad).
    static PVOID foreign_pointer();
    // The buffer to pass for the argument `name` (nullptr for `null`); it holds
    // the data the step writes.
    uint8_t* buffer(const char* name);
    std::vector<uint8_t>& bytes() { return buf_; }

    void set_field(const std::string& name, uint64_t v) { r_.outcome.fields[name] = v; }
    void set_note(std::string note) { r_.note = std::move(note); }
    // The routine's return value as a 32-bit pattern (VOID routines: not called).
    void returned(uint32_t value);
    // A data routine's return value: the bytes it transferred (also `bytes`).
    void returned_bytes(ULONG bytes);
    // A read routine's byte count; the data is there when it read all Length bytes.
    void returned_bytes_read(ULONG bytes);
    // The routine's output: when `ok`, Length bytes of the buffer, read at Offset.
    void read_back(bool ok);
    // The stub formats a request structure (OIDs): show the step as written.
    void show_arguments_as_written() { arguments_as_written_ = true; }

    // After the call: name, arguments, result and counts from the call record.
    void finish();

private:
    void take_record(const std::vector<sw_stubs::api_call_record>& calls);
    void refused_without_record(uint32_t value);
    std::string shown_arguments(const sw_stubs::api_call_record& c) const;

    const step& st_;
    scenario_bench& bench_;
    step_result& r_;
    sw_stubs::api_family family_;
    std::vector<uint8_t> buf_;
    std::optional<uint32_t> return_value_;
    bool arguments_as_written_ = false;
};

// An API command: the routine call for one command, registered as
// run_api_step<routine, family>.
using api_routine = void (*)(api_step& call);

template <api_routine Routine, sw_stubs::api_family Family>
void run_api_step(const step& st, scenario_bench& bench, step_result& r) {
    api_step call(st, bench, r, Family);
    Routine(call);
    call.finish();
}

} // namespace sriov::scenario

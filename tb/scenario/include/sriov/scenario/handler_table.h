// One handler per command of the scenario language, found by command id.
// Each family of commands registers its handlers (tb/scenario/handlers/).
#pragma once

#include "sriov/scenario/scenario.h"
#include "sriov/scenario/scenario_bench.h"
#include "sriov/scenario/step_result.h"

#include <array>
#include <initializer_list>

namespace sriov::scenario {

// Runs one step on its SC_THREAD and fills in what it did; the runner has
// set index, line, name and the arguments as written, and adds the timing.
using step_handler = void (*)(const step& st, scenario_bench& bench, step_result& r);

class handler_table {
public:
    // Every command but the header has a handler (checked here).
    handler_table();

    struct row {
        command_id id;
        step_handler handler;
    };
    // A family's handlers, one row per command.
    void add(std::initializer_list<row> rows);
    step_handler find(command_id id) const { return handlers_[static_cast<size_t>(id)]; }

private:
    std::array<step_handler, command_count> handlers_{};
};

// The registrations, one per family of commands.
void add_bus_handlers(handler_table& table);     // pci.sys PCI_VIRTUALIZATION_INTERFACE
void add_ndis_handlers(handler_table& table);    // NdisM* routines and the PF miniport's OIDs
void add_pcivirt_handlers(handler_table& table); // SRIOV_DEVICE_INTERFACE_STANDARD
void add_rc_handlers(handler_table& table);      // read, write, flr, peek
void add_control_handlers(handler_table& table); // wait, echo, reset, crs_sv, ...

} // namespace sriov::scenario

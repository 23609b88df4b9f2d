// pci.sys: the routines of GUID_PCI_VIRTUALIZATION_INTERFACE, called through
// the interface a driver's query returns.
#include "api_step.h"

#include <string>

namespace sriov::scenario {

namespace {

void enable_virtualization(api_step& call) {
    const auto vi = call.bus_interface();
    call.returned(static_cast<uint32_t>(vi.EnableVirtualization(
        call.context(vi.Context), call.u16("NumVFs"), call.flag("EnableVfMigration"),
        call.flag("EnableMigrationInterrupt"), call.flag("EnableVirtualization"))));
}

// SetVirtualFunctionData / GetVirtualFunctionData: the same parameters, the
// buffer named `Data` / `Buffer` in the scenario; both return the bytes
// transferred. One function for both keeps the walk to the register short.
template <bool Write>
void virtual_function_data(api_step& call) {
    const auto vi = call.bus_interface();
    const auto routine = Write ? vi.SetVirtualFunctionData : vi.GetVirtualFunctionData;
    const ULONG n =
        routine(call.context(vi.Context), call.u16("VirtualFunction"),
                call.buffer(Write ? "Data" : "Buffer"), call.ul("Offset"), call.ul("Length"));
    if (Write) {
        call.returned_bytes(n);
    } else {
        call.returned_bytes_read(n);
    }
}

void get_location(api_step& call) {
    const auto vi = call.bus_interface();
    UINT16 segment = 0;
    UINT8 bus = 0, function = 0;
    call.returned(static_cast<uint32_t>(vi.GetLocation(
        call.context(vi.Context), call.u16("VirtualFunction"), &segment, &bus, &function)));
    call.set_field("SegmentNumber", segment);
    call.set_field("BusNumber", bus);
    call.set_field("FunctionNumber", function);
}

void get_resources(api_step& call) { // VOID: no return value
    const auto vi = call.bus_interface();
    UCHAR captured = 0;
    vi.GetResources(call.context(vi.Context), &captured);
    call.set_field("CapturedBusNumbers", captured);
}

void get_virtual_function_probed_bars(api_step& call) {
    const auto vi = call.bus_interface();
    ULONG bars[6] = {};
    call.returned(
        static_cast<uint32_t>(vi.GetVirtualFunctionProbedBars(call.context(vi.Context), bars)));
    for (unsigned i = 0; i < 6; ++i) {
        call.set_field("BaseRegisterValues" + std::to_string(i), bars[i]);
    }
}

template <api_routine Routine>
constexpr step_handler bus_step = run_api_step<Routine, sw_stubs::api_family::pci_virtualization>;

} // namespace

void add_bus_handlers(handler_table& table) {
    table.add({{command_id::enable_virtualization, bus_step<enable_virtualization>},
               {command_id::set_virtual_function_data, bus_step<virtual_function_data<true>>},
               {command_id::get_virtual_function_data, bus_step<virtual_function_data<false>>},
               {command_id::get_location, bus_step<get_location>},
               {command_id::get_resources, bus_step<get_resources>},
               {command_id::get_virtual_function_probed_bars,
                bus_step<get_virtual_function_probed_bars>}});
}

} // namespace sriov::scenario

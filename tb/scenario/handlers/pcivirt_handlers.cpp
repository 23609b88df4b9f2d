// pcivirt.h: the PF driver's SRIOV_DEVICE_INTERFACE_STANDARD callbacks as the
// virtualization stack calls them, and the PF driver's EvtDevicePrepareHardware.
#include "api_step.h"

#include <fmt/format.h>

namespace sriov::scenario {

namespace {

void prepare_hardware(api_step& call) {
    call.returned(static_cast<uint32_t>(call.bench().pcivirt().prepare_hardware()));
}

void write_vf_config(api_step& call) {
    const auto si = call.pcivirt_interface();
    call.returned(static_cast<uint32_t>(si.WriteVfConfig(call.context(si.Context),
                                                         call.buffer("Data"), call.u16("VfIndex"),
                                                         call.ul("Offset"), call.ul("Length"))));
}

void read_vf_config(api_step& call) {
    const auto si = call.pcivirt_interface();
    const NTSTATUS status =
        si.ReadVfConfig(call.context(si.Context), call.buffer("Data"), call.u16("VfIndex"),
                        call.ul("Offset"), call.ul("Length"));
    call.returned(static_cast<uint32_t>(status));
    call.read_back(status == STATUS_SUCCESS && call.length() != 0);
}

void reset_vf(api_step& call) {
    const auto si = call.pcivirt_interface();
    call.returned(static_cast<uint32_t>(si.ResetVf(call.context(si.Context), call.u16("VfIndex"))));
}

// From the PF driver's cached state: no TLP, no return value.
void get_vendor_and_device(api_step& call) {
    const auto si = call.pcivirt_interface();
    USHORT vendor = 0, device = 0;
    si.GetVendorAndDevice(si.Context, call.u16("VfIndex"), &vendor, &device);
    call.set_field("VendorId", vendor);
    call.set_field("DeviceId", device);
    call.set_field("tlps", 0);
    call.set_note(fmt::format("VendorId=0x{:X} DeviceId=0x{:X}", vendor, device));
}

void get_device_location(api_step& call) {
    const auto si = call.pcivirt_interface();
    UINT16 segment = 0;
    UINT8 bus = 0, function = 0;
    si.GetDeviceLocation(si.Context, call.u16("VfIndex"), &segment, &bus, &function);
    call.set_field("SegmentNumber", segment);
    call.set_field("BusNumber", bus);
    call.set_field("FunctionNumber", function);
    call.set_field("tlps", 0);
    call.set_note(fmt::format("segment {} bus 0x{:X} function 0x{:X}", segment, bus, function));
}

template <api_routine Routine>
constexpr step_handler pcivirt_step = run_api_step<Routine, sw_stubs::api_family::pcivirt>;

} // namespace

void add_pcivirt_handlers(handler_table& table) {
    table.add({{command_id::prepare_hardware, pcivirt_step<prepare_hardware>},
               {command_id::write_vf_config, pcivirt_step<write_vf_config>},
               {command_id::read_vf_config, pcivirt_step<read_vf_config>},
               {command_id::reset_vf, pcivirt_step<reset_vf>},
               {command_id::get_vendor_and_device, pcivirt_step<get_vendor_and_device>},
               {command_id::get_device_location, pcivirt_step<get_device_location>}});
}

} // namespace sriov::scenario

// The command table of the scenario language: parameters, defaults and the
// fields an expectation may name. docs/scenario-format.md documents the same.
#include "sriov/pcie/registers.h"
#include "sriov/pcie/sim_time.h"
#include "sriov/scenario/access_fields.h"
#include "sriov/scenario/scenario.h"
#include "sriov/sw_stubs/status.h"

#include <fmt/format.h>

namespace sriov::scenario {

namespace {

using vk = value_kind;

// The Windows parameter types the API commands feed (a value that fits is
// passed on, even one the routine must refuse: that is what bad-input tests test).
constexpr value_range ushort{0, 0xFFFF, "USHORT", range_style::hex};
constexpr value_range ulong{0, 0xFFFFFFFF, "ULONG", range_style::hex};
// A direct access stays inside its function's 4 KiB: past it is the next function.
constexpr value_range config_offset{0, reg::config_space_size - 1, nullptr, range_style::hex};
constexpr value_range access_length{1, reg::config_space_size};
constexpr value_range peek_length{1, 8};
// Linux's sriov_numvfs is a u16 as well.
constexpr value_range linux_num_vfs{0, 0xFFFF, "u16", range_style::hex};
constexpr value_range retry_limit{0, std::numeric_limits<unsigned>::max()};

// Fields every API call reports.
#define SRIOV_API_FIELDS                                                                           \
    "return", "refused", "tlps", "config_accesses", "crs_retries", "dws_written", "latency_ns"
// Fields of a direct access at the root complex.
#define SRIOV_RC_FIELDS "status", "response", "tlps", "crs_retries", "dws_completed", "latency_ns"

std::vector<command_spec> build() {
    const param_spec handle{"Handle", vk::word, "pf", "pf, vf (a VF miniport's handle) or bad"};
    const param_spec context{"Context", vk::word, "ok", "ok or bad (a wrong Context pointer)"};
    const value_range time{0, last_time_ps(), nullptr, range_style::picoseconds};
    return {
        // Header (before the first step).
        {command_id::platform,
         "platform",
         "header",
         "",
         {
             {"device", vk::word, "", "device description file, relative to the scenario"},
             {"profile", vk::word, "", "device description file (older name of device=)"},
             {"gen", vk::integer, "0", "PCIe generation 1..6 (0: the profile's)", {0, 6}},
             {"lanes",
              vk::integer,
              "0",
              "link width 1, 2, 4, 8, 12, 16, 32 (0: the profile's)",
              {0, 32}},
             {"mode", vk::word, "", "lt or at"},
             {"vf_enable_wait", vk::time, "", "software wait after VF Enable (stubs)", time},
             {"flr_wait", vk::time, "", "software wait after an FLR (stubs)", time},
             {"reset_ready", vk::time, "", "device CRS window after reset", time},
             {"vf_enable_ready", vk::time, "", "device CRS window after VF Enable", time},
             {"flr_ready", vk::time, "", "device CRS window after FLR", time},
             {"completion_timeout", vk::time, "", "root complex completion timeout", time},
             {"crs_retry_interval", vk::time, "", "root complex CRS retry interval", time},
             {"crs_retry_limit", vk::integer, "", "root complex CRS retries", retry_limit},
             {"crs_sv", vk::boolean, "", "CRS Software Visibility at start"},
         },
         {},
         false,
         "platform settings; the command line overrides gen/lanes/mode/profile"},

        // Simulation and device control.
        {command_id::wait,
         "wait",
         "sim",
         "wait",
         {{"time", vk::time, nullptr, "simulated time to wait", time}},
         {},
         false,
         "let simulated time pass"},
        {command_id::echo,
         "echo",
         "sim",
         "",
         {{"text", vk::word, "", "text to print (rest of the line)"}},
         {},
         false,
         "print a line in the summary"},
        {command_id::reset,
         "reset",
         "device",
         "reset",
         {},
         {},
         false,
         "conventional reset of the endpoint; software forgets its cached SR-IOV state"},
        {command_id::flr,
         "flr",
         "rc",
         "FLR",
         {{"fn", vk::function, nullptr, "pf or vf<k>"}},
         {SRIOV_RC_FIELDS},
         false,
         "Initiate FLR: read Device Control, write it back with Initiate FLR (bit 15) set"},
        {command_id::crs_sv,
         "crs_sv",
         "rc",
         "",
         {{"on", vk::boolean, nullptr, "on or off"}},
         {},
         false,
         "CRS Software Visibility at the root complex"},
        {command_id::drop_completions,
         "drop_completions",
         "device",
         "",
         {{"on", vk::boolean, nullptr, "on or off"}},
         {},
         false,
         "fault injection: the endpoint answers nothing (requests time out)"},
        {command_id::read,
         "read",
         "rc",
         "cfgRd",
         {
             {"fn", vk::function, nullptr, "pf, vf<k>, bb:dd.f or a routing ID"},
             {"offset", vk::integer, nullptr, "byte offset 0..4095", config_offset},
             {"length", vk::integer, "4", "bytes 1..4096", access_length},
         },
         {SRIOV_RC_FIELDS},
         true,
         "config read at the root complex (ECAM load)"},
        {command_id::write,
         "write",
         "rc",
         "cfgWr",
         {
             {"fn", vk::function, nullptr, "pf, vf<k>, bb:dd.f or a routing ID"},
             {"offset", vk::integer, nullptr, "byte offset 0..4095", config_offset},
             {"length", vk::integer, nullptr, "bytes 1..4096", access_length},
             {"value", vk::data, nullptr, "integer (little-endian) or hex:<bytes>"},
         },
         {SRIOV_RC_FIELDS},
         false,
         "config write at the root complex (ECAM store)"},
        {command_id::peek,
         "peek",
         "device",
         "",
         {
             {"fn", vk::function, nullptr, "pf, vf<k>, bb:dd.f or a routing ID"},
             {"offset", vk::integer, nullptr, "byte offset 0..4095", config_offset},
             {"length", vk::integer, "4", "bytes 1..8", peek_length},
         },
         {"exists"},
         true,
         "the device model's value, no TLP, no side effect"},
        {command_id::linux_enable,
         "linux_enable",
         "rc",
         "linux",
         {{"num_vfs", vk::integer, "4", "VFs to enable", linux_num_vfs}},
         {"ok", "num_vfs", "total_vfs", "first_vf_offset", "vf_stride", "config_accesses",
          "latency_ns"},
         false,
         "the Linux SR-IOV bring-up (tb/flows/linux_sriov_enable)"},

        // pci.sys: GUID_PCI_VIRTUALIZATION_INTERFACE.
        {command_id::enable_virtualization,
         "EnableVirtualization",
         "bus",
         "EnableVi",
         {
             {"NumVFs", vk::integer, nullptr, "", ushort},
             {"EnableVfMigration", vk::boolean, "FALSE", ""},
             {"EnableMigrationInterrupt", vk::boolean, "FALSE", ""},
             {"EnableVirtualization", vk::boolean, "TRUE", ""},
             context,
         },
         {SRIOV_API_FIELDS},
         false,
         "ENABLE_VIRTUALIZATION"},
        {command_id::set_virtual_function_data,
         "SetVirtualFunctionData",
         "bus",
         "SetVFDat",
         {
             {"VirtualFunction", vk::integer, nullptr, "", ushort},
             {"Offset", vk::integer, nullptr, "", ulong},
             {"Length", vk::integer, nullptr, "", ulong},
             {"Data", vk::data, nullptr, "integer, hex:<bytes> or null"},
             context,
         },
         {SRIOV_API_FIELDS, "bytes"},
         false,
         "SET_VIRTUAL_DEVICE_DATA"},
        {command_id::get_virtual_function_data,
         "GetVirtualFunctionData",
         "bus",
         "GetVFDat",
         {
             {"VirtualFunction", vk::integer, nullptr, "", ushort},
             {"Offset", vk::integer, nullptr, "", ulong},
             {"Length", vk::integer, nullptr, "", ulong},
             {"Buffer", vk::word, "ok", "ok or null"},
             context,
         },
         {SRIOV_API_FIELDS, "bytes"},
         true,
         "GET_VIRTUAL_DEVICE_DATA"},
        {command_id::get_location,
         "GetLocation",
         "bus",
         "GetLoc",
         {{"VirtualFunction", vk::integer, nullptr, "", ushort}, context},
         {SRIOV_API_FIELDS, "SegmentNumber", "BusNumber", "FunctionNumber"},
         false,
         "GET_VIRTUAL_DEVICE_LOCATION"},
        {command_id::get_resources,
         "GetResources",
         "bus",
         "GetRes",
         {context},
         {SRIOV_API_FIELDS, "CapturedBusNumbers"},
         false,
         "GET_VIRTUAL_DEVICE_RESOURCES (VOID: return is 0)"},
        {command_id::get_virtual_function_probed_bars,
         "GetVirtualFunctionProbedBars",
         "bus",
         "ProbeBar",
         {context},
         {SRIOV_API_FIELDS, "BaseRegisterValues0", "BaseRegisterValues1", "BaseRegisterValues2",
          "BaseRegisterValues3", "BaseRegisterValues4", "BaseRegisterValues5"},
         false,
         "GET_VIRTUAL_FUNCTION_PROBED_BARS"},

        // NDIS: PF miniport.
        {command_id::ndis_enable_virtualization,
         "NdisMEnableVirtualization",
         "ndis",
         "NdisEnab",
         {
             {"NumVFs", vk::integer, nullptr, "", ushort},
             {"EnableVFMigration", vk::boolean, "FALSE", ""},
             {"EnableMigrationInterrupt", vk::boolean, "FALSE", ""},
             {"EnableVirtualization", vk::boolean, "TRUE", ""},
             handle,
         },
         {SRIOV_API_FIELDS},
         false,
         "NdisMEnableVirtualization"},
        {command_id::ndis_set_vf_bus_data,
         "NdisMSetVirtualFunctionBusData",
         "ndis",
         "NdisSet",
         {
             {"VFId", vk::integer, nullptr, "", ushort},
             {"Offset", vk::integer, nullptr, "", ulong},
             {"Length", vk::integer, nullptr, "", ulong},
             {"Buffer", vk::data, nullptr, "integer, hex:<bytes> or null"},
             handle,
         },
         {SRIOV_API_FIELDS, "bytes"},
         false,
         "NdisMSetVirtualFunctionBusData"},
        {command_id::ndis_get_vf_bus_data,
         "NdisMGetVirtualFunctionBusData",
         "ndis",
         "NdisGet",
         {
             {"VFId", vk::integer, nullptr, "", ushort},
             {"Offset", vk::integer, nullptr, "", ulong},
             {"Length", vk::integer, nullptr, "", ulong},
             {"Buffer", vk::word, "ok", "ok or null"},
             handle,
         },
         {SRIOV_API_FIELDS, "bytes"},
         true,
         "NdisMGetVirtualFunctionBusData"},
        {command_id::oid_allocate_vf,
         "OID_NIC_SWITCH_ALLOCATE_VF",
         "ndis",
         "AllocVF",
         {{"VFId", vk::integer, nullptr, "", ushort}},
         {SRIOV_API_FIELDS},
         false,
         "the VF allocation the config-space OIDs check"},
        {command_id::oid_free_vf,
         "OID_NIC_SWITCH_FREE_VF",
         "ndis",
         "FreeVF",
         {{"VFId", vk::integer, nullptr, "", ushort}},
         {SRIOV_API_FIELDS},
         false,
         "frees an allocated VF"},
        {command_id::oid_write_vf_config_space,
         "OID_SRIOV_WRITE_VF_CONFIG_SPACE",
         "ndis",
         "OidWr",
         {
             {"VFId", vk::integer, nullptr, "", ushort},
             {"Offset", vk::integer, nullptr, "", ulong},
             {"Length", vk::integer, nullptr, "", ulong},
             {"Data", vk::data, nullptr, "integer or hex:<bytes>"},
             {"InformationBufferLength", vk::integer, "0", "0: exactly what the request needs",
              ulong},
             {"RequestType", vk::word, "set", "set (correct) or method"},
         },
         {SRIOV_API_FIELDS, "bytes", "bytes_needed"},
         false,
         "set request to the PF miniport: SET_INFORMATION.BytesRead is `bytes`"},
        {command_id::oid_read_vf_config_space,
         "OID_SRIOV_READ_VF_CONFIG_SPACE",
         "ndis",
         "OidRd",
         {
             {"VFId", vk::integer, nullptr, "", ushort},
             {"Offset", vk::integer, nullptr, "", ulong},
             {"Length", vk::integer, nullptr, "", ulong},
             {"OutputBufferLength", vk::integer, "0", "0: exactly what the request needs", ulong},
             {"RequestType", vk::word, "method", "method (correct) or set"},
         },
         {SRIOV_API_FIELDS, "bytes", "bytes_needed"},
         true,
         "method request: METHOD_INFORMATION.BytesWritten is `bytes`"},

        // pcivirt.h: SRIOV_DEVICE_INTERFACE_STANDARD of the PF driver.
        {command_id::prepare_hardware,
         "EvtDevicePrepareHardware",
         "pcivirt",
         "PrepHW",
         {},
         {SRIOV_API_FIELDS},
         false,
         "the PF driver reads Vendor ID and the SR-IOV capability"},
        {command_id::write_vf_config,
         "WriteVfConfig",
         "pcivirt",
         "WrVfCfg",
         {
             {"VfIndex", vk::integer, nullptr, "", ushort},
             {"Offset", vk::integer, nullptr, "", ulong},
             {"Length", vk::integer, nullptr, "", ulong},
             {"Data", vk::data, nullptr, "integer, hex:<bytes> or null"},
             context,
         },
         {SRIOV_API_FIELDS},
         false,
         "SRIOV_WRITE_CONFIG"},
        {command_id::read_vf_config,
         "ReadVfConfig",
         "pcivirt",
         "RdVfCfg",
         {
             {"VfIndex", vk::integer, nullptr, "", ushort},
             {"Offset", vk::integer, nullptr, "", ulong},
             {"Length", vk::integer, nullptr, "", ulong},
             {"Data", vk::word, "ok", "ok or null"},
             context,
         },
         {SRIOV_API_FIELDS},
         true,
         "SRIOV_READ_CONFIG"},
        {command_id::reset_vf,
         "ResetVf",
         "pcivirt",
         "ResetVf",
         {{"VfIndex", vk::integer, nullptr, "", ushort}, context},
         {SRIOV_API_FIELDS},
         false,
         "SRIOV_RESET_FUNCTION (VF FLR)"},
        {command_id::get_vendor_and_device,
         "GetVendorAndDevice",
         "pcivirt",
         "VenDev",
         {{"VfIndex", vk::integer, nullptr, "", ushort}},
         {"VendorId", "DeviceId", "tlps", "latency_ns"},
         false,
         "SRIOV_GET_VENDOR_AND_DEVICE_IDS (from cached state, no TLP)"},
        {command_id::get_device_location,
         "GetDeviceLocation",
         "pcivirt",
         "DevLoc",
         {{"VfIndex", vk::integer, nullptr, "", ushort}},
         {"SegmentNumber", "BusNumber", "FunctionNumber", "tlps", "latency_ns"},
         false,
         "SRIOV_GET_DEVICE_LOCATION (no TLP)"},
    };
}

#undef SRIOV_API_FIELDS
#undef SRIOV_RC_FIELDS

} // namespace

const std::vector<command_spec>& commands() {
    static const std::vector<command_spec> table = build();
    return table;
}

const command_spec* find_command(const std::string& name) {
    for (const auto& c : commands()) {
        if (name == c.name) {
            return &c;
        }
    }
    return nullptr;
}

const command_spec& find_command(command_id id) {
    for (const auto& c : commands()) {
        if (c.id == id) {
            return c;
        }
    }
    throw std::logic_error("command id without a row in the command table");
}

std::string to_string(const value_range& r) {
    std::string text = r.style == range_style::hex ? fmt::format("0x{:X}..0x{:X}", r.min, r.max)
                                                   : fmt::format("{}..{}", r.min, r.max);
    if (r.style == range_style::picoseconds) {
        text += " ps";
    }
    if (r.type != nullptr) {
        text += fmt::format(" ({})", r.type);
    }
    return text;
}

uint64_t last_time_ps() {
    return time_to_ps(sc_core::sc_max_time()) - 1;
}

std::optional<uint64_t> symbol_value(const std::string& name) {
    if (name == "TRUE" || name == "FALSE") {
        return name == "TRUE" ? 1 : 0;
    }
    if (const auto status = sw_stubs::status_value(name)) {
        return *status; // STATUS_* and NDIS_STATUS_* from the stubs' one table
    }
    // `status` (SC, UR, CRS, CA, timeout, none) and `response` (ok, ...) of a direct access.
    return access_field_value(name);
}

} // namespace sriov::scenario

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
// A memory access: a BAR number, an offset inside it (BARs reach 2^63 bytes;
// base + offset past 2^64 is refused by the root complex), 1..4096 bytes.
constexpr value_range bar_number{0, 5};
constexpr value_range bar_offset{0, 0x7FFFFFFFFFFFFFFF, nullptr, range_style::hex};
constexpr value_range mmio_length{1, 4096};
constexpr value_range msix_vector{0, 2047};
// Linux's sriov_numvfs is a u16 as well.
constexpr value_range linux_num_vfs{0, 0xFFFF, "u16", range_style::hex};
constexpr value_range retry_limit{0, std::numeric_limits<unsigned>::max()};

// Parameter helpers: a row of the table reads like the routine's parameter list.
param_spec ushort_arg(const char* name) {
    return {name, vk::integer, nullptr, "", ushort};
}
param_spec ulong_arg(const char* name) {
    return {name, vk::integer, nullptr, "", ulong};
}
param_spec flag_arg(const char* name, const char* default_value) {
    return {name, vk::boolean, default_value, ""};
}
param_spec data_arg(const char* name, const char* help) {
    return {name, vk::data, nullptr, help};
}
// The buffer a routine fills: a real one, or a NULL pointer.
param_spec out_buffer(const char* name) {
    return {name, vk::word, "ok", "ok or null"};
}
// An OID's buffer length (ULONG).
param_spec oid_length(const char* name) {
    return {name, vk::integer, "0", "0: exactly what the request needs", ulong};
}
// A direct access's byte count.
param_spec length_arg(const char* default_value, const char* help, value_range range) {
    return {"length", vk::integer, default_value, help, range};
}
param_spec on_off() {
    return {"on", vk::boolean, nullptr, "on or off"};
}
constexpr const char* data_or_null = "integer, hex:<bytes> or null";

// A config-space offset, a number or CAP+OFFSET (resolved when the step runs).
param_spec offset_arg(const char* name, const char* help, value_range range) {
    return {name, vk::integer, nullptr, help, range, true};
}

// A config-data routine's VF, Offset and Length, then its other parameters.
std::vector<param_spec> vf_window(const char* vf, std::initializer_list<param_spec> rest) {
    std::vector<param_spec> params{ushort_arg(vf), offset_arg("Offset", "", ulong),
                                   ulong_arg("Length")};
    params.insert(params.end(), rest);
    return params;
}

// An enable routine's NumVFs and BOOLEANs (VF migration spelt as the routine
// spells it), then the caller's Context or Handle.
std::vector<param_spec> enable_args(const char* vf_migration, const param_spec& caller) {
    return {ushort_arg("NumVFs"), flag_arg(vf_migration, "FALSE"),
            flag_arg("EnableMigrationInterrupt", "FALSE"), flag_arg("EnableVirtualization", "TRUE"),
            caller};
}

// Fields every API call reports, then the routine's own.
std::vector<const char*> api_fields(std::initializer_list<const char*> own = {}) {
    std::vector<const char*> fields{"return",      "refused",     "tlps",      "config_accesses",
                                    "crs_retries", "dws_written", "latency_ns"};
    fields.insert(fields.end(), own);
    return fields;
}

// Fields of a direct access at the root complex.
std::vector<const char*> rc_fields() {
    return {"status",        "response",   "tlps", "crs_retries",
            "dws_completed", "latency_ns", "bus",  "devfn"};
}

// Fields of a memory access at the root complex.
std::vector<const char*> mmio_fields() {
    return {"response", "mapped", "address", "tlps", "latency_ns", "bus", "devfn"};
}

value_range time_range() {
    return {0, last_time_ps(), nullptr, range_style::picoseconds};
}

std::vector<param_spec> platform_params() {
    const value_range time = time_range();
    return {
        {"device", vk::word, "", "device description file, relative to the scenario"},
        {"profile", vk::word, "", "device description file (older name of device=)"},
        {"gen", vk::integer, "0", "PCIe generation 1..6 (0: the device's)", {0, 6}},
        {"lanes", vk::integer, "0", "link width 1, 2, 4, 8, 12, 16, 32 (0: the device's)", {0, 32}},
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
    };
}

// One row of the table: id, name, family, VCD tag, parameters, expectation
// fields, whether it reads data, help.
command_spec row(command_id id, const char* name, const char* family, const char* tag,
                 std::vector<param_spec> params, std::vector<const char*> fields, bool reads_data,
                 const char* help) {
    return {id, name, family, tag, std::move(params), std::move(fields), reads_data, help};
}

std::vector<command_spec> build() {
    const param_spec handle{"Handle", vk::word, "pf", "pf, vf (a VF miniport's handle) or bad"};
    const param_spec context{"Context", vk::word, "ok", "ok or bad (a wrong Context pointer)"};
    const param_spec fn{"fn", vk::function, nullptr, "pf, vf<k>, bb:dd.f or a routing ID"};
    const param_spec offset = offset_arg("offset", "byte offset 0..4095", config_offset);
    const char* const access_bytes = "bytes 1..4096";
    return {
        // Header (before the first step).
        row(command_id::platform, "platform", "header", "", platform_params(), {}, false,
            "platform settings; the command line overrides gen/lanes/mode/device"),

        // Simulation and device control.
        row(command_id::wait, "wait", "sim", "wait",
            {{"time", vk::time, nullptr, "simulated time to wait", time_range()}}, {}, false,
            "let simulated time pass"),
        row(command_id::echo, "echo", "sim", "",
            {{"text", vk::word, "", "text to print (rest of the line)"}}, {}, false,
            "print a line in the summary"),
        row(command_id::reset, "reset", "device", "reset", {}, {}, false,
            "conventional reset of the endpoint; software forgets its cached SR-IOV state"),
        row(command_id::flr, "flr", "rc", "FLR",
            {{"fn", vk::function, nullptr, "pf<n> or [pf<n>.]vf<k>"}}, rc_fields(), false,
            "Initiate FLR: read Device Control, write it back with Initiate FLR (bit 15) set"),
        row(command_id::crs_sv, "crs_sv", "rc", "", {on_off()}, {}, false,
            "CRS Software Visibility at the root complex"),
        row(command_id::drop_completions, "drop_completions", "device", "", {on_off()}, {}, false,
            "fault injection: the endpoint answers nothing (requests time out)"),
        row(command_id::read, "read", "rc", "cfgRd",
            {fn, offset, length_arg("4", access_bytes, access_length)}, rc_fields(), true,
            "config read at the root complex (ECAM load)"),
        row(command_id::write, "write", "rc", "cfgWr",
            {fn, offset, length_arg(nullptr, access_bytes, access_length),
             data_arg("value", "integer (little-endian) or hex:<bytes>")},
            rc_fields(), false, "config write at the root complex (ECAM store)"),
        row(command_id::peek, "peek", "device", "",
            {fn, offset, length_arg("4", "bytes 1..8", peek_length)}, {"exists", "bus", "devfn"},
            true, "the device model's value, no TLP, no side effect"),
        row(command_id::mmio_read, "mmio_read", "rc", "MRd",
            {fn,
             {"bar", vk::integer, nullptr, "BAR number 0..5", bar_number},
             {"offset", vk::integer, nullptr, "byte offset in the BAR", bar_offset},
             {"length", vk::integer, "4", "bytes 1..4096", mmio_length}},
            mmio_fields(), true, "memory read of a function's BAR at the root complex (MMIO load)"),
        row(command_id::mmio_write, "mmio_write", "rc", "MWr",
            {fn,
             {"bar", vk::integer, nullptr, "BAR number 0..5", bar_number},
             {"offset", vk::integer, nullptr, "byte offset in the BAR", bar_offset},
             {"length", vk::integer, nullptr, "bytes 1..4096", mmio_length},
             data_arg("value", "integer (little-endian) or hex:<bytes>")},
            mmio_fields(), false,
            "memory write to a function's BAR at the root complex (MMIO store)"),
        row(command_id::raise, "raise", "device", "MSI-X",
            {fn, {"vector", vk::integer, nullptr, "MSI-X vector 0..2047", msix_vector}},
            {"outcome", "bus", "devfn"}, false,
            "the function model signals an MSI-X vector (outcome 0 sent, 1 pending, 2 disabled)"),
        row(command_id::interrupts, "interrupts", "rc", "",
            {fn, {"vector", vk::integer, nullptr, "MSI-X vector 0..2047", msix_vector}},
            {"count", "last_ns", "total", "bus", "devfn"}, false,
            "MSI-X messages of the vector the root complex received from the function so far"),
        row(command_id::linux_enable, "linux_enable", "rc", "linux",
            {{"num_vfs", vk::integer, "4", "VFs to enable", linux_num_vfs}},
            {"ok", "num_vfs", "total_vfs", "first_vf_offset", "vf_stride", "config_accesses",
             "latency_ns"},
            false, "the Linux SR-IOV bring-up (tb/flows/linux_sriov_enable)"),
        row(command_id::driver, "driver", "sim", "", {{"fn", vk::function, nullptr, "pf<n>"}}, {},
            false, "the API calls that follow are PF n's drivers' (PF 0's until then)"),

        // pci.sys: GUID_PCI_VIRTUALIZATION_INTERFACE.
        row(command_id::enable_virtualization, "EnableVirtualization", "bus", "EnableVi",
            enable_args("EnableVfMigration", context), api_fields(), false,
            "ENABLE_VIRTUALIZATION"),
        row(command_id::set_virtual_function_data, "SetVirtualFunctionData", "bus", "SetVFDat",
            vf_window("VirtualFunction", {data_arg("Data", data_or_null), context}),
            api_fields({"bytes"}), false, "SET_VIRTUAL_DEVICE_DATA"),
        row(command_id::get_virtual_function_data, "GetVirtualFunctionData", "bus", "GetVFDat",
            vf_window("VirtualFunction", {out_buffer("Buffer"), context}), api_fields({"bytes"}),
            true, "GET_VIRTUAL_DEVICE_DATA"),
        row(command_id::get_location, "GetLocation", "bus", "GetLoc",
            {ushort_arg("VirtualFunction"), context},
            api_fields({"SegmentNumber", "BusNumber", "FunctionNumber"}), false,
            "GET_VIRTUAL_DEVICE_LOCATION"),
        row(command_id::get_resources, "GetResources", "bus", "GetRes", {context},
            api_fields({"CapturedBusNumbers"}), false,
            "GET_VIRTUAL_DEVICE_RESOURCES (VOID: return is 0)"),
        row(command_id::get_virtual_function_probed_bars, "GetVirtualFunctionProbedBars", "bus",
            "ProbeBar", {context},
            api_fields({"BaseRegisterValues0", "BaseRegisterValues1", "BaseRegisterValues2",
                        "BaseRegisterValues3", "BaseRegisterValues4", "BaseRegisterValues5"}),
            false, "GET_VIRTUAL_FUNCTION_PROBED_BARS"),

        // NDIS: PF miniport.
        row(command_id::ndis_enable_virtualization, "NdisMEnableVirtualization", "ndis", "NdisEnab",
            enable_args("EnableVFMigration", handle), api_fields(), false,
            "NdisMEnableVirtualization"),
        row(command_id::ndis_set_vf_bus_data, "NdisMSetVirtualFunctionBusData", "ndis", "NdisSet",
            vf_window("VFId", {data_arg("Buffer", data_or_null), handle}), api_fields({"bytes"}),
            false, "NdisMSetVirtualFunctionBusData"),
        row(command_id::ndis_get_vf_bus_data, "NdisMGetVirtualFunctionBusData", "ndis", "NdisGet",
            vf_window("VFId", {out_buffer("Buffer"), handle}), api_fields({"bytes"}), true,
            "NdisMGetVirtualFunctionBusData"),
        row(command_id::oid_allocate_vf, "OID_NIC_SWITCH_ALLOCATE_VF", "ndis", "AllocVF",
            {ushort_arg("VFId")}, api_fields(), false,
            "the VF allocation the config-space OIDs check"),
        row(command_id::oid_free_vf, "OID_NIC_SWITCH_FREE_VF", "ndis", "FreeVF",
            {ushort_arg("VFId")}, api_fields(), false, "frees an allocated VF"),
        row(command_id::oid_write_vf_config_space, "OID_SRIOV_WRITE_VF_CONFIG_SPACE", "ndis",
            "OidWr",
            vf_window("VFId", {data_arg("Data", "integer or hex:<bytes>"),
                               oid_length("InformationBufferLength"),
                               {"RequestType", vk::word, "set", "set (correct) or method"}}),
            api_fields({"bytes", "bytes_needed"}), false,
            "set request to the PF miniport: SET_INFORMATION.BytesRead is `bytes`"),
        row(command_id::oid_read_vf_config_space, "OID_SRIOV_READ_VF_CONFIG_SPACE", "ndis", "OidRd",
            vf_window("VFId", {oid_length("OutputBufferLength"),
                               {"RequestType", vk::word, "method", "method (correct) or set"}}),
            api_fields({"bytes", "bytes_needed"}), true,
            "method request: METHOD_INFORMATION.BytesWritten is `bytes`"),
        row(command_id::virtual_bus_driver, "virtual_bus_driver", "ndis", "VBD", {on_off()}, {},
            false,
            "an IHV virtual bus driver (pci.sys's interface) registered with the PF miniport: "
            "NDIS then refuses the NdisM routines, the OIDs go through it"),

        // pcivirt.h: SRIOV_DEVICE_INTERFACE_STANDARD of the PF driver.
        row(command_id::prepare_hardware, "EvtDevicePrepareHardware", "pcivirt", "PrepHW", {},
            api_fields(), false, "the PF driver reads Vendor ID and the SR-IOV capability"),
        row(command_id::write_vf_config, "WriteVfConfig", "pcivirt", "WrVfCfg",
            vf_window("VfIndex", {data_arg("Data", data_or_null), context}), api_fields(), false,
            "SRIOV_WRITE_CONFIG"),
        row(command_id::read_vf_config, "ReadVfConfig", "pcivirt", "RdVfCfg",
            vf_window("VfIndex", {out_buffer("Data"), context}), api_fields(), true,
            "SRIOV_READ_CONFIG"),
        row(command_id::reset_vf, "ResetVf", "pcivirt", "ResetVf", {ushort_arg("VfIndex"), context},
            api_fields(), false, "SRIOV_RESET_FUNCTION (VF FLR)"),
        row(command_id::get_vendor_and_device, "GetVendorAndDevice", "pcivirt", "VenDev",
            {ushort_arg("VfIndex")}, {"VendorId", "DeviceId", "tlps", "latency_ns"}, false,
            "SRIOV_GET_VENDOR_AND_DEVICE_IDS (from cached state, no TLP)"),
        row(command_id::get_device_location, "GetDeviceLocation", "pcivirt", "DevLoc",
            {ushort_arg("VfIndex")},
            {"SegmentNumber", "BusNumber", "FunctionNumber", "tlps", "latency_ns"}, false,
            "SRIOV_GET_DEVICE_LOCATION (no TLP)"),
    };
}

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

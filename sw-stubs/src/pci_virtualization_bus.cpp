#include "sriov/sw_stubs/pci_virtualization_bus.h"

#include <cstdio>
#include <cstring>

namespace sriov::sw_stubs {

namespace {

std::vector<api_argument> data_args(USHORT vf, ULONG offset, ULONG length) {
    return {
        {"VirtualFunction", vf}, {"Offset", offset, api_argument::style::hex}, {"Length", length}};
}

// C-callable thunks with the documented prototypes.
ULONG set_thunk(PVOID context, USHORT vf, PVOID buffer, ULONG offset, ULONG length) {
    auto* bus = pci_virtualization_bus::from_context(context);
    return bus == nullptr ? 0 : bus->set_virtual_function_data(vf, buffer, offset, length);
}
ULONG get_thunk(PVOID context, USHORT vf, PVOID buffer, ULONG offset, ULONG length) {
    auto* bus = pci_virtualization_bus::from_context(context);
    return bus == nullptr ? 0 : bus->get_virtual_function_data(vf, buffer, offset, length);
}
NTSTATUS location_thunk(PVOID context, USHORT vf, PUINT16 seg, PUINT8 bus_no, PUINT8 fn) {
    auto* bus = pci_virtualization_bus::from_context(context);
    return bus == nullptr ? STATUS_INVALID_PARAMETER : bus->get_location(vf, seg, bus_no, fn);
}
VOID resources_thunk(PVOID context, PUCHAR captured) {
    if (auto* bus = pci_virtualization_bus::from_context(context)) {
        bus->get_resources(captured);
    }
}
NTSTATUS enable_thunk(PVOID context, UINT16 num_vfs, BOOLEAN mig, BOOLEAN mig_int, BOOLEAN en) {
    auto* bus = pci_virtualization_bus::from_context(context);
    return bus == nullptr ? STATUS_INVALID_PARAMETER
                          : bus->enable_virtualization(num_vfs, mig, mig_int, en);
}
NTSTATUS probed_bars_thunk(PVOID context, PULONG values) {
    auto* bus = pci_virtualization_bus::from_context(context);
    return bus == nullptr ? STATUS_INVALID_PARAMETER
                          : bus->get_virtual_function_probed_bars(values);
}
} // namespace

pci_virtualization_bus::pci_virtualization_bus(const sc_core::sc_module_name& name,
                                               routing_id pf_rid, stub_config cfg)
    : interface_provider(name, pf_rid, api_family::pci_virtualization, cfg,
                         {GUID_PCI_VIRTUALIZATION_INTERFACE, PCI_VIRTUALIZATION_INTERFACE_VERSION,
                          sizeof(PCI_VIRTUALIZATION_INTERFACE)}) {}

pci_virtualization_bus* pci_virtualization_bus::from_context(PVOID context) {
    return dynamic_cast<pci_virtualization_bus*>(find(context));
}

void pci_virtualization_bus::fill_interface(PCI_VIRTUALIZATION_INTERFACE& vi) {
    fill_header(vi);
    vi.SetVirtualFunctionData = set_thunk;
    vi.GetVirtualFunctionData = get_thunk;
    vi.GetLocation = location_thunk;
    vi.GetResources = resources_thunk;
    vi.EnableVirtualization = enable_thunk;
    vi.GetVirtualFunctionProbedBars = probed_bars_thunk;
}

ULONG pci_virtualization_bus::set_virtual_function_data(USHORT vf, const void* buffer, ULONG offset,
                                                        ULONG length) {
    return data_access(true, vf, const_cast<void*>(buffer), offset, length);
}

ULONG pci_virtualization_bus::get_virtual_function_data(USHORT vf, void* buffer, ULONG offset,
                                                        ULONG length) {
    return data_access(false, vf, buffer, offset, length);
}

ULONG pci_virtualization_bus::data_access(bool write, USHORT vf, void* buffer, ULONG offset,
                                          ULONG length) {
    auto rec = begin_call(write ? "SetVirtualFunctionData" : "GetVirtualFunctionData",
                          data_args(vf, offset, length));
    ULONG result = 0;
    if (const char* err = range_error(buffer, offset, length)) {
        refuse(rec, err);
    } else if (!state_.valid || !state_.vf_enable()) {
        refuse(rec, "VFs not enabled (EnableVirtualization not called)");
    } else {
        result = transfer_vf_bytes(rec, "VirtualFunction", write, vf, offset, buffer, length);
    }
    end_call(rec, result, result_kind::bytes);
    return result;
}

NTSTATUS pci_virtualization_bus::get_location(USHORT vf, PUINT16 segment, PUINT8 bus,
                                              PUINT8 function) {
    auto rec = begin_call("GetLocation", {{"VirtualFunction", vf}});
    NTSTATUS status = STATUS_SUCCESS;
    if (segment == nullptr || bus == nullptr || function == nullptr) {
        refuse(rec, "null output pointer");
        status = STATUS_INVALID_PARAMETER;
    } else {
        config_access_result out;
        out.response = tlm::TLM_OK_RESPONSE;
        if (!state_.valid) {
            out = read_sriov_state(rec);
        }
        status = sriov_state_status(rec, out);
        if (status == STATUS_SUCCESS && vf >= state_.total_vfs) {
            // Documented: "larger than TotalVFs"; VF indices are zero-based, so
            // index TotalVFs does not exist either.
            refuse(rec, "VirtualFunction >= TotalVFs (" + std::to_string(state_.total_vfs) + ")");
            status = STATUS_INVALID_PARAMETER;
        } else if (status == STATUS_SUCCESS) {
            const routing_id rid = vf_rid(vf);
            *segment = 0;
            *bus = rid.bus();
            *function = rid.ari_function();
        }
    }
    end_call(rec, status, result_kind::ntstatus);
    return status;
}

void pci_virtualization_bus::get_resources(PUCHAR captured_bus_numbers) {
    auto rec = begin_call("GetResources", {});
    if (captured_bus_numbers == nullptr) {
        refuse(rec, "null output pointer");
    } else {
        if (!state_.valid) {
            read_sriov_state(rec);
        }
        // Bus numbers the VFs need beyond the PF's own bus (TotalVFs worst case).
        const unsigned last = state_.total_vfs == 0
                                  ? pf_rid().value
                                  : pf_rid().value + state_.first_vf_offset +
                                        (state_.total_vfs - 1u) * state_.vf_stride;
        *captured_bus_numbers = static_cast<UCHAR>(((last >> 8) - pf_rid().bus()) & 0xFF);
    }
    end_call(rec, 0, result_kind::none);
}

NTSTATUS pci_virtualization_bus::enable_virtualization(UINT16 num_vfs, BOOLEAN mig, BOOLEAN mig_int,
                                                       BOOLEAN enable) {
    auto rec = begin_call("EnableVirtualization", {{"NumVFs", num_vfs},
                                                   {"EnableVfMigration", mig},
                                                   {"EnableMigrationInterrupt", mig_int},
                                                   {"EnableVirtualization", enable}});
    NTSTATUS status = STATUS_SUCCESS;
    if (enable && num_vfs == 0) {
        refuse(rec, "NumVFs 0");
        status = STATUS_INVALID_PARAMETER;
    } else if (!enable && num_vfs != 0) {
        refuse(rec, "NumVFs must be 0 when disabling");
        status = STATUS_INVALID_PARAMETER;
    } else if (mig_int && !mig) {
        refuse(rec, "EnableMigrationInterrupt without EnableVfMigration");
        status = STATUS_INVALID_PARAMETER;
    } else if ((status = sriov_state_status(rec, read_sriov_state(rec))) == STATUS_SUCCESS) {
        status = change_virtualization(rec, num_vfs, mig, mig_int, enable);
    }
    end_call(rec, status, result_kind::ntstatus);
    return status;
}

NTSTATUS pci_virtualization_bus::change_virtualization(api_call_record& rec, UINT16 num_vfs,
                                                       BOOLEAN mig, BOOLEAN mig_int,
                                                       BOOLEAN enable) {
    if (enable && num_vfs > state_.total_vfs) {
        refuse(rec, "NumVFs > TotalVFs (" + std::to_string(state_.total_vfs) + ")");
        return STATUS_INVALID_PARAMETER;
    }
    if (mig && !state_.migration_capable) {
        refuse(rec, "VF migration not supported by the device");
        return STATUS_INVALID_PARAMETER;
    }
    if (enable == state_.vf_enable()) {
        refuse(rec, enable ? "virtualization already enabled" : "virtualization already disabled");
        return STATUS_INVALID_DEVICE_STATE;
    }
    bool took_effect = false;
    const config_access_result out =
        program_virtualization(rec, num_vfs, enable != 0, mig != 0, mig_int != 0, took_effect);
    if (!out.ok()) {
        return ntstatus_for(out);
    }
    if (enable && !took_effect) {
        fail(rec, "VF Enable did not take effect");
        return STATUS_UNSUCCESSFUL;
    }
    return STATUS_SUCCESS;
}

NTSTATUS pci_virtualization_bus::get_virtual_function_probed_bars(PULONG base_register_values) {
    auto rec = begin_call("GetVirtualFunctionProbedBars", {});
    NTSTATUS status = STATUS_SUCCESS;
    if (base_register_values == nullptr) {
        refuse(rec, "null output pointer");
        status = STATUS_INVALID_PARAMETER;
    } else {
        // Not modelled: probing VF BARs would need the VF BAR registers of
        // the SR-IOV capability written with all-ones and restored.
        std::memset(base_register_values, 0, sizeof(ULONG) * PCI_TYPE0_ADDRESSES);
        refuse(rec, "not modelled");
        status = STATUS_NOT_SUPPORTED;
    }
    end_call(rec, status, result_kind::ntstatus);
    return status;
}

} // namespace sriov::sw_stubs

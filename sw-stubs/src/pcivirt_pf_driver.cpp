#include "sriov/sw_stubs/pcivirt_pf_driver.h"

#include "sriov/pcie/sim_time.h"

#include <cstdio>
#include <cstring>

namespace sriov::sw_stubs {

namespace {

std::vector<api_argument> data_args(USHORT vf, ULONG offset, ULONG length) {
    return {{"VfIndex", vf}, {"Offset", offset, api_argument::style::hex}, {"Length", length}};
}

NTSTATUS read_thunk(PVOID context, const VOID* data, USHORT vf, ULONG offset, ULONG length) {
    auto* pf = pcivirt_pf_driver::from_context(context);
    // The documented prototype makes the out buffer `const VOID *`; it is the
    // caller's writable buffer.
    return pf == nullptr ? STATUS_INVALID_PARAMETER
                         : pf->read_vf_config(const_cast<VOID*>(data), vf, offset, length);
}
NTSTATUS write_thunk(PVOID context, const VOID* data, USHORT vf, ULONG offset, ULONG length) {
    auto* pf = pcivirt_pf_driver::from_context(context);
    return pf == nullptr ? STATUS_INVALID_PARAMETER : pf->write_vf_config(data, vf, offset, length);
}
NTSTATUS reset_thunk(PVOID context, USHORT vf) {
    auto* pf = pcivirt_pf_driver::from_context(context);
    return pf == nullptr ? STATUS_INVALID_PARAMETER : pf->reset_vf(vf);
}
VOID ids_thunk(PVOID context, USHORT vf, PUSHORT vendor, PUSHORT device) {
    if (auto* pf = pcivirt_pf_driver::from_context(context)) {
        pf->get_vendor_and_device(vf, vendor, device);
    }
}
VOID location_thunk(PVOID context, USHORT vf, PUINT16 seg, PUINT8 bus, PUINT8 fn) {
    if (auto* pf = pcivirt_pf_driver::from_context(context)) {
        pf->get_device_location(vf, seg, bus, fn);
    }
}
} // namespace

pcivirt_pf_driver::pcivirt_pf_driver(const sc_core::sc_module_name& name, routing_id pf_rid,
                                     stub_config cfg)
    : interface_provider(name, pf_rid, api_family::pcivirt, cfg,
                         {GUID_SRIOV_DEVICE_INTERFACE_STANDARD,
                          SRIOV_DEVICE_INTERFACE_STANDARD_VERSION,
                          sizeof(SRIOV_DEVICE_INTERFACE_STANDARD)}) {}

pcivirt_pf_driver* pcivirt_pf_driver::from_context(PVOID context) {
    return dynamic_cast<pcivirt_pf_driver*>(find(context));
}

void pcivirt_pf_driver::fill_interface(SRIOV_DEVICE_INTERFACE_STANDARD& si) {
    std::memset(&si, 0, sizeof si); // the routines not modelled stay NULL
    fill_header(si);
    si.ReadVfConfig = read_thunk;
    si.WriteVfConfig = write_thunk;
    si.GetVendorAndDevice = ids_thunk;
    si.GetDeviceLocation = location_thunk;
    si.ResetVf = reset_thunk;
}

NTSTATUS pcivirt_pf_driver::prepare_hardware() {
    auto rec = begin_call("EvtDevicePrepareHardware", {});
    unsigned char id[2] = {};
    config_access_result out = config_read(rec, pf_rid(), reg::vendor_id, id, 2);
    if (out.ok()) {
        pf_vendor_id_ = static_cast<uint16_t>(id[0] | id[1] << 8);
        out = read_sriov_state(rec);
    }
    const NTSTATUS status = sriov_state_status(rec, out);
    prepared_ = status == STATUS_SUCCESS;
    end_call(rec, status, result_kind::ntstatus);
    return status;
}

NTSTATUS pcivirt_pf_driver::check_vf(api_call_record& rec, USHORT vf_index) {
    if (!prepared_) {
        refuse(rec, "prepare_hardware (EvtDevicePrepareHardware) has not run");
        return STATUS_INVALID_DEVICE_STATE;
    }
    if (!state_.vf_enable()) {
        refuse(rec, "VFs not enabled");
        return STATUS_INVALID_DEVICE_STATE;
    }
    return check_vf_index(rec, "VfIndex", vf_index) ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}

NTSTATUS pcivirt_pf_driver::read_vf_config(void* data, USHORT vf, ULONG offset, ULONG length) {
    return vf_config(false, data, vf, offset, length);
}

NTSTATUS pcivirt_pf_driver::write_vf_config(const void* data, USHORT vf, ULONG offset,
                                            ULONG length) {
    // A write only reads the buffer (config_initiator::transfer).
    return vf_config(true, const_cast<void*>(data), vf, offset, length);
}

NTSTATUS pcivirt_pf_driver::vf_config(bool write, void* data, USHORT vf, ULONG offset,
                                      ULONG length) {
    auto rec = begin_call(write ? "WriteVfConfig" : "ReadVfConfig", data_args(vf, offset, length));
    NTSTATUS status = STATUS_SUCCESS;
    if (const char* err = range_error(data, offset, length)) {
        refuse(rec, err);
        status = STATUS_INVALID_PARAMETER;
    } else if ((status = check_vf(rec, vf)) == STATUS_SUCCESS) {
        const auto cmd = write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND;
        status = ntstatus_for(transfer(rec, cmd, vf_rid(vf), offset, data, length));
    }
    end_call(rec, status, result_kind::ntstatus);
    return status;
}

NTSTATUS pcivirt_pf_driver::reset_vf(USHORT vf) {
    auto rec = begin_call("ResetVf", {{"VfIndex", vf}});
    NTSTATUS status = check_vf(rec, vf);
    if (status == STATUS_SUCCESS) {
        const routing_id rid = vf_rid(vf);
        config_access_result out;
        out.response = tlm::TLM_OK_RESPONSE;
        if (vf_pcie_cap_ == 0) {
            out = find_capability_of(rec, rid, cap_id::pcie, false, vf_pcie_cap_);
        }
        if (out.ok() && vf_pcie_cap_ == 0) {
            refuse(rec, "VF has no PCI Express capability");
            status = STATUS_NOT_SUPPORTED;
        } else if (out.ok()) {
            out = flr(rec, rid, vf_pcie_cap_, status);
        }
        if (status == STATUS_SUCCESS) {
            status = ntstatus_for(out);
        }
    }
    end_call(rec, status, result_kind::ntstatus);
    return status;
}

config_access_result pcivirt_pf_driver::flr(api_call_record& rec, routing_id rid, uint16_t pcie,
                                            NTSTATUS& status) {
    unsigned char b[4] = {};
    config_access_result out = config_read(rec, rid, pcie + pcie_field::dev_cap, b, 4);
    if (!out.ok()) {
        return out;
    }
    const uint32_t devcap =
        static_cast<uint32_t>(b[0] | b[1] << 8 | b[2] << 16) | static_cast<uint32_t>(b[3]) << 24;
    if ((devcap & bits::dev_cap_flr) == 0) {
        refuse(rec, "VF is not FLR capable");
        status = STATUS_NOT_SUPPORTED;
        return out;
    }
    out = config_read(rec, rid, pcie + pcie_field::dev_ctrl, b, 2);
    if (out.ok()) {
        const auto ctl = static_cast<uint16_t>((b[0] | b[1] << 8) | bits::dev_ctrl_initiate_flr);
        b[0] = static_cast<unsigned char>(ctl);
        b[1] = static_cast<unsigned char>(ctl >> 8);
        out = config_write(rec, rid, pcie + pcie_field::dev_ctrl, b, 2);
    }
    if (out.ok()) {
        // The VF answers CRS until the FLR completes; software waits.
        sync();
        sc_core::wait(wait_time(config().flr_wait));
    }
    return out;
}

void pcivirt_pf_driver::get_vendor_and_device(USHORT vf, PUSHORT vendor, PUSHORT device) const {
    // VFs read 0xFFFF in Vendor/Device ID: software uses the PF's Vendor ID and
    // the capability's VF Device ID (cached by prepare_hardware, no TLP).
    (void)vf;
    if (vendor != nullptr) {
        *vendor = pf_vendor_id_;
    }
    if (device != nullptr) {
        *device = state_.vf_device_id;
    }
}

void pcivirt_pf_driver::get_device_location(USHORT vf, PUINT16 segment, PUINT8 bus,
                                            PUINT8 function) const {
    const routing_id rid = vf_rid(vf);
    if (segment != nullptr) {
        *segment = 0;
    }
    if (bus != nullptr) {
        *bus = rid.bus();
    }
    if (function != nullptr) {
        *function = rid.ari_function();
    }
}

} // namespace sriov::sw_stubs

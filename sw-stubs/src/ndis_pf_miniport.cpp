#include "sriov/sw_stubs/ndis_pf_miniport.h"

#include "live_registry.h"

#include <cstdio>
#include <cstring>

namespace sriov::sw_stubs {

struct ndis_pf_miniport::adapter {
    ndis_pf_miniport* owner;
    bool is_pf;
};

namespace {

using registry = detail::live_registry<ndis_pf_miniport::adapter>;

api_argument handle_arg(NDIS_HANDLE h) {
    return {"NdisMiniportHandle", reinterpret_cast<uintptr_t>(h), api_argument::style::pointer};
}

std::vector<api_argument> data_args(NDIS_HANDLE h, NDIS_SRIOV_FUNCTION_ID vf, ULONG offset,
                                    ULONG length) {
    return {handle_arg(h),
            {"VFId", vf},
            {"Offset", offset, api_argument::style::hex},
            {"Length", length}};
}

} // namespace

ndis_pf_miniport::ndis_pf_miniport(const sc_core::sc_module_name& name, routing_id pf_rid,
                                   stub_config cfg)
    : config_initiator(name, pf_rid, api_family::ndis, cfg), pf_adapter_(new adapter{this, true}),
      vf_adapter_(new adapter{this, false}) {
    registry::add(pf_adapter_.get(), pf_adapter_.get());
    registry::add(vf_adapter_.get(), vf_adapter_.get());
}

ndis_pf_miniport::~ndis_pf_miniport() {
    registry::remove(pf_adapter_.get());
    registry::remove(vf_adapter_.get());
}

NDIS_HANDLE ndis_pf_miniport::miniport_handle() const {
    return pf_adapter_.get();
}
NDIS_HANDLE ndis_pf_miniport::vf_miniport_handle() const {
    return vf_adapter_.get();
}

std::pair<ndis_pf_miniport*, bool> ndis_pf_miniport::from_handle(NDIS_HANDLE handle) {
    const adapter* a = registry::find(handle);
    return a == nullptr ? std::pair<ndis_pf_miniport*, bool>{nullptr, false}
                        : std::pair<ndis_pf_miniport*, bool>{a->owner, a->is_pf};
}

void ndis_pf_miniport::register_virtual_bus_driver(const PCI_VIRTUALIZATION_INTERFACE* vbd) {
    vbd_ = vbd;
}

NDIS_STATUS ndis_pf_miniport::allocate_vf(NDIS_SRIOV_FUNCTION_ID vf_id) {
    auto rec = begin_call("OID_NIC_SWITCH_ALLOCATE_VF", {{"VFId", vf_id}});
    NDIS_STATUS status = NDIS_STATUS_SUCCESS;
    if (vbd_ == nullptr && !ndis_enabled_) {
        refuse(rec, "virtualization not enabled");
        status = NDIS_STATUS_NOT_SUPPORTED;
    } else if (vbd_ == nullptr && vf_id >= state_.num_vfs) {
        refuse(rec, "VFId >= NumVFs");
        status = NDIS_STATUS_INVALID_PARAMETER;
    } else if (!allocated_.insert(vf_id).second) {
        refuse(rec, "VF already allocated");
        status = NDIS_STATUS_INVALID_PARAMETER;
    }
    end_call(rec, status, result_kind::ndis_status);
    return status;
}

NDIS_STATUS ndis_pf_miniport::free_vf(NDIS_SRIOV_FUNCTION_ID vf_id) {
    auto rec = begin_call("OID_NIC_SWITCH_FREE_VF", {{"VFId", vf_id}});
    NDIS_STATUS status = NDIS_STATUS_SUCCESS;
    if (allocated_.erase(vf_id) == 0) {
        refuse(rec, "VF not allocated");
        status = NDIS_STATUS_INVALID_PARAMETER;
    }
    end_call(rec, status, result_kind::ndis_status);
    return status;
}

NDIS_STATUS ndis_pf_miniport::enable_virtualization(NDIS_HANDLE handle, USHORT num_vfs, BOOLEAN mig,
                                                    BOOLEAN mig_int, BOOLEAN enable) {
    auto rec = begin_call("NdisMEnableVirtualization", {handle_arg(handle),
                                                        {"NumVFs", num_vfs},
                                                        {"EnableVFMigration", mig},
                                                        {"EnableMigrationInterrupt", mig_int},
                                                        {"EnableVirtualization", enable}});
    NDIS_STATUS status = NDIS_STATUS_SUCCESS;
    const auto [owner, is_pf] = from_handle(handle);
    if (owner != this) {
        refuse(rec, "not this adapter's NdisMiniportHandle");
        status = NDIS_STATUS_FAILURE;
    } else if (!is_pf) {
        refuse(rec, "VF miniport handle: the routine is for the PF miniport only");
        status = NDIS_STATUS_NOT_SUPPORTED;
    } else if (vbd_ != nullptr) {
        refuse(rec, "a virtual bus driver is registered: ask it to call EnableVirtualization");
        status = NDIS_STATUS_FAILURE;
    } else if (mig || mig_int) {
        refuse(rec, "EnableVFMigration / EnableMigrationInterrupt are reserved, must be FALSE");
        status = NDIS_STATUS_INVALID_PARAMETER;
    } else if (!enable && num_vfs != 0) {
        refuse(rec, "NumVFs must be 0 when disabling");
        status = NDIS_STATUS_INVALID_PARAMETER;
    } else if (enable && num_vfs == 0) {
        refuse(rec, "NumVFs 0");
        status = NDIS_STATUS_FAILURE;
    } else if (enable && ndis_enabled_) {
        refuse(rec, "virtualization already enabled");
        status = NDIS_STATUS_FAILURE;
    } else {
        config_access_result out = read_sriov_state(rec);
        if (!out.ok()) {
            status = NDIS_STATUS_FAILURE;
        } else if (!state_.present) {
            refuse(rec, "no SR-IOV capability");
            status = NDIS_STATUS_NOT_SUPPORTED;
        } else if (enable && state_.vf_enable()) {
            refuse(rec, "virtualization already enabled");
            status = NDIS_STATUS_FAILURE;
        } else if (enable && num_vfs > state_.total_vfs) {
            refuse(rec, "NumVFs > TotalVFs (" + std::to_string(state_.total_vfs) + ")");
            status = NDIS_STATUS_FAILURE;
        } else if (!enable && !state_.vf_enable()) {
            ndis_enabled_ = false; // already disabled: nothing to write
            allocated_.clear();
        } else {
            bool took_effect = false;
            out = program_virtualization(rec, num_vfs, enable != 0, false, false, took_effect);
            if (!out.ok()) {
                status = NDIS_STATUS_FAILURE;
            } else if (enable && !took_effect) {
                fail(rec, "VF Enable did not take effect");
                status = NDIS_STATUS_FAILURE;
            } else {
                ndis_enabled_ = enable != 0;
                if (!enable) {
                    allocated_.clear();
                }
            }
        }
    }
    end_call(rec, status, result_kind::ndis_status);
    return status;
}

ULONG ndis_pf_miniport::set_vf_bus_data(NDIS_HANDLE handle, NDIS_SRIOV_FUNCTION_ID vf_id,
                                        const void* buffer, ULONG offset, ULONG length) {
    return bus_data(true, handle, vf_id, const_cast<void*>(buffer), offset, length);
}

ULONG ndis_pf_miniport::get_vf_bus_data(NDIS_HANDLE handle, NDIS_SRIOV_FUNCTION_ID vf_id,
                                        void* buffer, ULONG offset, ULONG length) {
    return bus_data(false, handle, vf_id, buffer, offset, length);
}

ULONG ndis_pf_miniport::bus_data(bool write, NDIS_HANDLE handle, NDIS_SRIOV_FUNCTION_ID vf_id,
                                 void* buffer, ULONG offset, ULONG length) {
    auto rec =
        begin_call(write ? "NdisMSetVirtualFunctionBusData" : "NdisMGetVirtualFunctionBusData",
                   data_args(handle, vf_id, offset, length));
    ULONG result = 0;
    const auto [owner, is_pf] = from_handle(handle);
    if (owner != this) {
        refuse(rec, "not this adapter's NdisMiniportHandle");
    } else if (!is_pf) {
        refuse(rec, "VF miniport handle: the routine is for the PF miniport only");
    } else if (vbd_ != nullptr) {
        refuse(rec, "a virtual bus driver is registered: ask it to call "
                    "Set/GetVirtualFunctionData");
    } else if (const char* err = range_error(buffer, offset, length)) {
        refuse(rec, err);
    } else if (!ndis_enabled_) {
        refuse(rec, "NdisMEnableVirtualization has not enabled virtualization");
    } else {
        result = transfer_vf_bytes(rec, "VFId", write, vf_id, offset, buffer, length);
    }
    end_call(rec, result, result_kind::bytes);
    return result;
}

NDIS_STATUS ndis_pf_miniport::oid_request(NDIS_OID_REQUEST& request) {
    const NDIS_OID oid = request.DATA.SET_INFORMATION.Oid; // Oid is first in every arm
    if (oid == OID_SRIOV_WRITE_VF_CONFIG_SPACE) {
        return oid_vf_config(request, true);
    }
    if (oid == OID_SRIOV_READ_VF_CONFIG_SPACE) {
        return oid_vf_config(request, false);
    }
    auto rec = begin_call("MiniportOidRequest", {{"Oid", oid}});
    refuse(rec, "OID not handled by the stub");
    end_call(rec, NDIS_STATUS_NOT_SUPPORTED, result_kind::ndis_status);
    return NDIS_STATUS_NOT_SUPPORTED;
}

NDIS_STATUS
ndis_pf_miniport::check_oid_parameters(api_call_record& rec,
                                       const NDIS_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS& p,
                                       ULONG header_size, ULONG out_len, UINT* bytes_needed) const {
    const uint64_t data_end = static_cast<uint64_t>(p.BufferOffset) + p.Length;
    if (p.Header.Type != NDIS_OBJECT_TYPE_DEFAULT ||
        p.Header.Revision < NDIS_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS_REVISION_1 ||
        p.Header.Size < header_size) {
        refuse(rec, "bad NDIS_OBJECT_HEADER");
        return NDIS_STATUS_INVALID_PARAMETER;
    }
    if (allocated_.count(p.VFId) == 0) {
        refuse(rec, "VF " + std::to_string(p.VFId) + " not allocated");
        return NDIS_STATUS_INVALID_PARAMETER;
    }
    if (p.Length == 0 || static_cast<uint64_t>(p.Offset) + p.Length > reg::config_space_size ||
        p.BufferOffset < header_size) {
        refuse(rec, "bad Offset/Length/BufferOffset");
        return NDIS_STATUS_INVALID_PARAMETER;
    }
    if (data_end > out_len) {
        refuse(rec, "information buffer too short for BufferOffset + Length");
        *bytes_needed = static_cast<UINT>(data_end);
        return NDIS_STATUS_INVALID_LENGTH;
    }
    return NDIS_STATUS_SUCCESS;
}

ULONG ndis_pf_miniport::oid_transfer(bool write,
                                     const NDIS_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS& p,
                                     unsigned char* data) {
    if (vbd_ != nullptr) {
        return write
                   ? vbd_->SetVirtualFunctionData(vbd_->Context, p.VFId, data, p.Offset, p.Length)
                   : vbd_->GetVirtualFunctionData(vbd_->Context, p.VFId, data, p.Offset, p.Length);
    }
    return write ? set_vf_bus_data(miniport_handle(), p.VFId, data, p.Offset, p.Length)
                 : get_vf_bus_data(miniport_handle(), p.VFId, data, p.Offset, p.Length);
}

NDIS_STATUS ndis_pf_miniport::oid_vf_config(NDIS_OID_REQUEST& request, bool write) {
    // Both parameter structures have the same layout; sizes are equal.
    static_assert(sizeof(NDIS_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS) ==
                  sizeof(NDIS_SRIOV_READ_VF_CONFIG_SPACE_PARAMETERS));
    const ULONG header_size = write ? NDIS_SIZEOF_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS_REVISION_1
                                    : NDIS_SIZEOF_SRIOV_READ_VF_CONFIG_SPACE_PARAMETERS_REVISION_1;
    PVOID info = write ? request.DATA.SET_INFORMATION.InformationBuffer
                       : request.DATA.METHOD_INFORMATION.InformationBuffer;
    // Set: InformationBufferLength; method: the input part holds the parameters
    // and the output part must hold BufferOffset + Length.
    const ULONG in_len = write ? request.DATA.SET_INFORMATION.InformationBufferLength
                               : request.DATA.METHOD_INFORMATION.InputBufferLength;
    const ULONG out_len = write ? request.DATA.SET_INFORMATION.InformationBufferLength
                                : request.DATA.METHOD_INFORMATION.OutputBufferLength;
    UINT* bytes_needed = write ? &request.DATA.SET_INFORMATION.BytesNeeded
                               : &request.DATA.METHOD_INFORMATION.BytesNeeded;

    auto rec = begin_call(
        write ? "OID_SRIOV_WRITE_VF_CONFIG_SPACE" : "OID_SRIOV_READ_VF_CONFIG_SPACE",
        {{"RequestType", static_cast<uint64_t>(static_cast<int64_t>(request.RequestType)),
          api_argument::style::signed_decimal},
         {"InformationBuffer", reinterpret_cast<uintptr_t>(info), api_argument::style::pointer},
         {"InLength", in_len},
         {"OutLength", out_len}});
    NDIS_STATUS status = NDIS_STATUS_SUCCESS;
    const NDIS_REQUEST_TYPE expected = write ? NdisRequestSetInformation : NdisRequestMethod;
    NDIS_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS p{};
    if (request.RequestType != expected) {
        refuse(rec, write ? "must be a set request" : "must be a method request");
        status = NDIS_STATUS_NOT_SUPPORTED;
    } else if (vbd_ == nullptr && !ndis_enabled_) {
        refuse(rec, "SR-IOV not enabled (NdisMEnableVirtualization)");
        status = NDIS_STATUS_NOT_SUPPORTED;
    } else if (info == nullptr || in_len < header_size) {
        refuse(rec, "information buffer shorter than the parameter structure");
        *bytes_needed = header_size;
        status = NDIS_STATUS_INVALID_LENGTH;
    } else {
        std::memcpy(&p, info, sizeof p);
        const uint64_t data_end = static_cast<uint64_t>(p.BufferOffset) + p.Length;
        status = check_oid_parameters(rec, p, header_size, out_len, bytes_needed);
        if (status == NDIS_STATUS_SUCCESS) {
            const ULONG done =
                oid_transfer(write, p, static_cast<unsigned char*>(info) + p.BufferOffset);
            if (done != p.Length) {
                fail(rec, "the bus-data routine returned " + std::to_string(done));
                status = NDIS_STATUS_FAILURE;
            } else if (write) {
                request.DATA.SET_INFORMATION.BytesRead = static_cast<UINT>(data_end);
            } else {
                request.DATA.METHOD_INFORMATION.BytesRead = header_size;
                request.DATA.METHOD_INFORMATION.BytesWritten = static_cast<UINT>(data_end);
            }
        }
    }
    // The inner NdisM call reports its own accesses; the OID record keeps the reason only.
    end_call(rec, status, result_kind::ndis_status);
    return status;
}

} // namespace sriov::sw_stubs

// ---- the C routines of win/ndis_sriov.h ----
namespace {

using sriov::sw_stubs::ndis_pf_miniport;

// Calls `routine` on the adapter behind any handle driver code passes; an
// unknown handle gets `unknown`, with a note in the log.
template <typename Result, typename Routine>
Result on_adapter(NDIS_HANDLE h, const char* name, Result unknown, Routine routine) {
    ndis_pf_miniport* owner = ndis_pf_miniport::from_handle(h).first;
    if (owner == nullptr) {
        SC_REPORT_INFO_VERB("sriov/sw_stubs/ndis", (std::string(name) + ": unknown handle").c_str(),
                            sc_core::SC_HIGH);
        return unknown;
    }
    return routine(*owner);
}

} // namespace

extern "C" NDIS_STATUS NdisMEnableVirtualization(NDIS_HANDLE h, USHORT num_vfs, BOOLEAN mig,
                                                 BOOLEAN mig_int, BOOLEAN enable) {
    return on_adapter(h, "NdisMEnableVirtualization", NDIS_STATUS_FAILURE,
                      [&](ndis_pf_miniport& m) {
                          return m.enable_virtualization(h, num_vfs, mig, mig_int, enable);
                      });
}

extern "C" ULONG NdisMSetVirtualFunctionBusData(NDIS_HANDLE h, NDIS_SRIOV_FUNCTION_ID vf,
                                                PVOID buffer, ULONG offset, ULONG length) {
    return on_adapter(h, "NdisMSetVirtualFunctionBusData", ULONG{0}, [&](ndis_pf_miniport& m) {
        return m.set_vf_bus_data(h, vf, buffer, offset, length);
    });
}

extern "C" ULONG NdisMGetVirtualFunctionBusData(NDIS_HANDLE h, NDIS_SRIOV_FUNCTION_ID vf,
                                                PVOID buffer, ULONG offset, ULONG length) {
    return on_adapter(h, "NdisMGetVirtualFunctionBusData", ULONG{0}, [&](ndis_pf_miniport& m) {
        return m.get_vf_bus_data(h, vf, buffer, offset, length);
    });
}

// NDIS: the NdisM* routines a PF miniport calls, and the OIDs it handles
// (the VF allocation and the two VF config-space OIDs).
#include "api_step.h"
#include "step_arguments.h"

#include <algorithm>
#include <cstring>

namespace sriov::scenario {

namespace {

// Handle=pf|vf|bad: the PF miniport's handle, a VF miniport's, or none of them.
NDIS_HANDLE handle_of(const api_step& call) {
    const std::string& h = call.word("Handle");
    if (h == "vf") {
        return call.bench().ndis().vf_miniport_handle();
    }
    return h == "bad" ? call.foreign_pointer() : call.bench().ndis().miniport_handle();
}

void enable_virtualization(api_step& call) {
    call.returned(static_cast<uint32_t>(NdisMEnableVirtualization(
        handle_of(call), call.u16("NumVFs"), call.flag("EnableVFMigration"),
        call.flag("EnableMigrationInterrupt"), call.flag("EnableVirtualization"))));
}

void set_vf_bus_data(api_step& call) {
    const ULONG n =
        NdisMSetVirtualFunctionBusData(handle_of(call), call.u16("VFId"), call.buffer("Buffer"),
                                       call.ul("Offset"), call.ul("Length"));
    call.returned_bytes(n);
}

void get_vf_bus_data(api_step& call) {
    const ULONG n =
        NdisMGetVirtualFunctionBusData(handle_of(call), call.u16("VFId"), call.buffer("Buffer"),
                                       call.ul("Offset"), call.ul("Length"));
    call.returned_bytes_read(n);
}

void allocate_vf(api_step& call) {
    call.returned(static_cast<uint32_t>(call.bench().ndis().allocate_vf(call.u16("VFId"))));
}

void free_vf(api_step& call) {
    call.returned(static_cast<uint32_t>(call.bench().ndis().free_vf(call.u16("VFId"))));
}

// The read and write OIDs' parameter structures have the same layout.
using oid_parameters = NDIS_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS;

// A VF config-space OID as the PF miniport receives it: the request and its
// information buffer, the parameter structure (BufferOffset = its size)
// followed by Length bytes of data.
struct vf_config_oid {
    explicit vf_config_oid(const api_step& call);
    uint8_t* data() { return info.data() + sizeof(oid_parameters); }

    size_t total; // what the request needs: parameters and data (capped)
    std::vector<uint8_t> info;
    NDIS_OID_REQUEST req{};
};

// RequestType=set|method (anything else: a query).
NDIS_REQUEST_TYPE request_type(const api_step& call) {
    const std::string& type = call.word("RequestType");
    return type == "method" ? NdisRequestMethod
           : type == "set"  ? NdisRequestSetInformation
                            : NdisRequestQueryInformation;
}

vf_config_oid::vf_config_oid(const api_step& call)
    : total(sizeof(oid_parameters) +
            static_cast<size_t>(std::min(call.length(), api_step::max_buffer))),
      info(total + 8, 0) {
    oid_parameters p{};
    p.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    p.Header.Revision = NDIS_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS_REVISION_1;
    p.Header.Size = NDIS_SIZEOF_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS_REVISION_1;
    p.VFId = call.u16("VFId");
    p.Offset = call.ul("Offset");
    p.Length = call.ul("Length");
    p.BufferOffset = sizeof p;
    std::memcpy(info.data(), &p, sizeof p);
    req.Header.Type = NDIS_OBJECT_TYPE_OID_REQUEST;
    req.RequestType = request_type(call);
}

void oid_write_vf_config_space(api_step& call) {
    call.show_arguments_as_written();
    vf_config_oid oid(call);
    const std::vector<uint8_t>& data = call.bytes();
    std::copy_n(data.begin(), std::min(data.size(), oid.total - sizeof(oid_parameters)),
                oid.data());
    auto& set = oid.req.DATA.SET_INFORMATION;
    set.Oid = OID_SRIOV_WRITE_VF_CONFIG_SPACE;
    set.InformationBuffer = oid.info.data();
    const ULONG given = call.ul("InformationBufferLength");
    set.InformationBufferLength = given != 0 ? given : static_cast<UINT>(oid.total);
    call.returned(static_cast<uint32_t>(call.bench().ndis().oid_request(oid.req)));
    call.set_field("bytes", set.BytesRead);
    call.set_field("bytes_needed", set.BytesNeeded);
}

void oid_read_vf_config_space(api_step& call) {
    call.show_arguments_as_written();
    vf_config_oid oid(call);
    auto& method = oid.req.DATA.METHOD_INFORMATION;
    method.Oid = OID_SRIOV_READ_VF_CONFIG_SPACE;
    method.InformationBuffer = oid.info.data();
    method.InputBufferLength = sizeof(oid_parameters);
    const ULONG given = call.ul("OutputBufferLength");
    method.OutputBufferLength = given != 0 ? given : static_cast<ULONG>(oid.total);
    const NDIS_STATUS status = call.bench().ndis().oid_request(oid.req);
    call.returned(static_cast<uint32_t>(status));
    call.set_field("bytes", method.BytesWritten);
    call.set_field("bytes_needed", method.BytesNeeded);
    if (status == NDIS_STATUS_SUCCESS) {
        std::vector<uint8_t>& out = call.bytes(); // never more than it holds
        std::copy_n(oid.data(), std::min(oid.total - sizeof(oid_parameters), out.size()),
                    out.begin());
        call.read_back(true);
    }
}

// An IHV virtual bus driver in the driver package: the PF miniport gets
// pci.sys's interface from it, and NDIS refuses the NdisM routines.
void virtual_bus_driver(const step& st, scenario_bench& bench, step_result& r) {
    const bool on = arg_number(st, "on") != 0;
    bench.ndis().register_virtual_bus_driver(on ? bench.virtual_bus_driver() : nullptr);
    r.note = on ? "virtual bus driver registered (NdisM routines refused, OIDs through it)"
                : "no virtual bus driver";
}

template <api_routine Routine>
constexpr step_handler ndis_step = run_api_step<Routine, sw_stubs::api_family::ndis>;

} // namespace

void add_ndis_handlers(handler_table& table) {
    table.add({{command_id::ndis_enable_virtualization, ndis_step<enable_virtualization>},
               {command_id::ndis_set_vf_bus_data, ndis_step<set_vf_bus_data>},
               {command_id::ndis_get_vf_bus_data, ndis_step<get_vf_bus_data>},
               {command_id::oid_allocate_vf, ndis_step<allocate_vf>},
               {command_id::oid_free_vf, ndis_step<free_vf>},
               {command_id::oid_write_vf_config_space, ndis_step<oid_write_vf_config_space>},
               {command_id::oid_read_vf_config_space, ndis_step<oid_read_vf_config_space>},
               {command_id::virtual_bus_driver, virtual_bus_driver}});
}

} // namespace sriov::scenario

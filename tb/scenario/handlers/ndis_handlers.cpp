// NDIS: the NdisM* routines a PF miniport calls, and the OIDs it handles
// (the VF allocation and the two VF config-space OIDs).
#include "api_step.h"

#include <algorithm>
#include <cstring>

namespace sriov::scenario {

namespace {

// Handle=pf|vf|bad: the PF miniport's handle, a VF miniport's, or none of them.
NDIS_HANDLE handle_of(const api_step& call) {
    const std::string& h = call.word("Handle");
    if (h == "vf") {
        return call.bench().ndis.vf_miniport_handle();
    }
    return h == "bad" ? call.foreign_pointer() : call.bench().ndis.miniport_handle();
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
    call.set_field("bytes", n);
    call.returned(n);
}

void get_vf_bus_data(api_step& call) {
    const ULONG n =
        NdisMGetVirtualFunctionBusData(handle_of(call), call.u16("VFId"), call.buffer("Buffer"),
                                       call.ul("Offset"), call.ul("Length"));
    call.set_field("bytes", n);
    call.returned(n);
    call.read_back(n == call.length() && call.length() != 0);
}

void allocate_vf(api_step& call) {
    call.returned(static_cast<uint32_t>(call.bench().ndis.allocate_vf(call.u16("VFId"))));
}

void free_vf(api_step& call) {
    call.returned(static_cast<uint32_t>(call.bench().ndis.free_vf(call.u16("VFId"))));
}

// The read and write OIDs' parameter structures have the same layout.
using oid_parameters = NDIS_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS;

// The information buffer of a VF config-space OID: the parameter structure
// (BufferOffset = its size) followed by Length bytes of data.
std::vector<uint8_t> oid_information_buffer(const api_step& call, size_t total) {
    oid_parameters p{};
    p.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    p.Header.Revision = NDIS_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS_REVISION_1;
    p.Header.Size = NDIS_SIZEOF_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS_REVISION_1;
    p.VFId = call.u16("VFId");
    p.Offset = call.ul("Offset");
    p.Length = call.ul("Length");
    p.BufferOffset = sizeof p;
    std::vector<uint8_t> info(total + 8, 0);
    std::memcpy(info.data(), &p, sizeof p);
    return info;
}

// Parameter structure plus data (capped like every buffer of a step).
size_t oid_total_length(const api_step& call) {
    return sizeof(oid_parameters) +
           static_cast<size_t>(std::min(call.length(), api_step::max_buffer));
}

// RequestType=set|method (anything else: a query).
NDIS_REQUEST_TYPE request_type(const api_step& call) {
    const std::string& type = call.word("RequestType");
    return type == "method" ? NdisRequestMethod
           : type == "set"  ? NdisRequestSetInformation
                            : NdisRequestQueryInformation;
}

void oid_write_vf_config_space(api_step& call) {
    call.show_arguments_as_written();
    const size_t total = oid_total_length(call);
    std::vector<uint8_t> info = oid_information_buffer(call, total);
    const std::vector<uint8_t>& data = call.bytes();
    std::copy_n(data.begin(), std::min(data.size(), total - sizeof(oid_parameters)),
                info.begin() + sizeof(oid_parameters));
    NDIS_OID_REQUEST req{};
    req.Header.Type = NDIS_OBJECT_TYPE_OID_REQUEST;
    req.RequestType = request_type(call);
    auto& set = req.DATA.SET_INFORMATION;
    set.Oid = OID_SRIOV_WRITE_VF_CONFIG_SPACE;
    set.InformationBuffer = info.data();
    const ULONG given = call.ul("InformationBufferLength");
    set.InformationBufferLength = given != 0 ? given : static_cast<UINT>(total);
    call.returned(static_cast<uint32_t>(call.bench().ndis.oid_request(req)));
    call.set_field("bytes", set.BytesRead);
    call.set_field("bytes_needed", set.BytesNeeded);
}

void oid_read_vf_config_space(api_step& call) {
    call.show_arguments_as_written();
    const size_t total = oid_total_length(call);
    std::vector<uint8_t> info = oid_information_buffer(call, total);
    NDIS_OID_REQUEST req{};
    req.Header.Type = NDIS_OBJECT_TYPE_OID_REQUEST;
    req.RequestType = request_type(call);
    auto& method = req.DATA.METHOD_INFORMATION;
    method.Oid = OID_SRIOV_READ_VF_CONFIG_SPACE;
    method.InformationBuffer = info.data();
    method.InputBufferLength = sizeof(oid_parameters);
    const ULONG given = call.ul("OutputBufferLength");
    method.OutputBufferLength = given != 0 ? given : static_cast<ULONG>(total);
    const NDIS_STATUS status = call.bench().ndis.oid_request(req);
    call.returned(static_cast<uint32_t>(status));
    call.set_field("bytes", method.BytesWritten);
    call.set_field("bytes_needed", method.BytesNeeded);
    if (status == NDIS_STATUS_SUCCESS) {
        std::copy(info.begin() + sizeof(oid_parameters),
                  info.begin() + static_cast<std::ptrdiff_t>(total), call.bytes().begin());
        call.read_back(true);
    }
}

template <api_routine Routine>
constexpr step_handler ndis_step = run_api_step<Routine, sw_stubs::api_family::ndis>;

} // namespace

void add_ndis_handlers(handler_table& table) {
    table.add(command_id::ndis_enable_virtualization, ndis_step<enable_virtualization>);
    table.add(command_id::ndis_set_vf_bus_data, ndis_step<set_vf_bus_data>);
    table.add(command_id::ndis_get_vf_bus_data, ndis_step<get_vf_bus_data>);
    table.add(command_id::oid_allocate_vf, ndis_step<allocate_vf>);
    table.add(command_id::oid_free_vf, ndis_step<free_vf>);
    table.add(command_id::oid_write_vf_config_space, ndis_step<oid_write_vf_config_space>);
    table.add(command_id::oid_read_vf_config_space, ndis_step<oid_read_vf_config_space>);
}

} // namespace sriov::scenario
